/** The `apprunner` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRunnerSource, imageTag } from '../../../src/sources/apprunner.js';
import { tempRepo } from '../../support/repo.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('apprunner export', () => {
  it('reads a code-repository service with the SPEC §3 keys', async () => {
    const { facts, references } = await appRunnerSource.load(
      {
        type: 'apprunner',
        allowSkipped: false,
        service: 'shop-staging-backend',
        export: 'exports/apprunner-describe-service.json',
        resolveSecrets: false,
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      image: 'https://github.com/acme/shop',
      imageTag: 'main',
      port: '8000',
      startCommand: 'gunicorn app.wsgi',
      'env.DEBUG': 'False',
      'secret.DATABASE_URL':
        'arn:aws:ssm:us-east-1:111122223333:parameter/shop/staging/DATABASE_URL',
      'instance.cpu': '256',
      'instance.memory': '512',
      'healthCheck.path': '/health/',
      'healthCheck.protocol': 'HTTP',
      autoDeploy: false,
      'autoscaling.name': 'DefaultConfiguration',
      url: 'https://x1.us-east-1.awsapprunner.com',
    });
    expect(facts[0]?.lastModified).toEqual(new Date('2026-10-01T12:00:00Z'));
    expect(references).toEqual([]);
  });

  it('reads image tags and digests', () => {
    expect(imageTag('1.dkr.ecr.us-east-1.amazonaws.com/app:staging')).toBe('staging');
    expect(imageTag('1.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc')).toBe('sha256:abc');
    expect(imageTag('localhost:5000/app')).toBe('latest');
  });
});

const realWorld = exportContext(path.join(FIXTURES, 'real-world'));
const load = (file: string, ctx = realWorld) =>
  appRunnerSource.load(appRunnerSource.options.parse({ type: 'apprunner', export: file }), ctx);

describe('apprunner export: every real shape (SPEC §11), no service: needed', () => {
  it('reads describe-service output {Service} of an image service', async () => {
    const { facts } = await load('apprunner/describe-service.staging.json');
    expect(values(facts)).toMatchObject({
      image: '222222222222.dkr.ecr.us-east-1.amazonaws.com/acme/api:1.42.0',
      imageTag: '1.42.0',
      port: '8080',
      'env.APP_URL': 'https://staging.acme.com',
      'secret.DATABASE_URL':
        'arn:aws:secretsmanager:us-east-1:222222222222:secret:acme/staging/api-Vb4NqS:DATABASE_URL::',
      'instance.cpu': '1 vCPU',
      'instance.memory': '2 GB',
      'healthCheck.path': '/health',
      'healthCheck.protocol': 'HTTP',
      autoDeploy: false,
      url: 'https://q7mz2xk4pa.us-east-1.awsapprunner.com',
    });
    expect(Object.keys(values(facts))).toEqual(
      expect.arrayContaining(['secret.STRIPE_SECRET_KEY', 'autoscaling.name', 'env.LOG_FORMAT']),
    );
  });

  it('reads the bare Service of `--query Service` (a source-code service)', async () => {
    const { facts } = await load('apprunner/service-bare.production.json');
    expect(values(facts)).toEqual({
      image: 'https://github.com/acme/billing',
      imageTag: 'release',
      port: '8000',
      startCommand: 'gunicorn acme_billing.wsgi --bind 0.0.0.0:8000',
      'env.DJANGO_SETTINGS_MODULE': 'acme_billing.settings_production',
      'env.ALLOWED_HOSTS': 'billing.acme.com',
      'env.DEBUG': 'False',
      'secret.DATABASE_URL':
        'arn:aws:ssm:us-east-1:111111111111:parameter/acme/production/billing/DATABASE_URL',
      'secret.SECRET_KEY':
        'arn:aws:secretsmanager:us-east-1:111111111111:secret:acme/production/billing-Tg5HyU:SECRET_KEY::',
      'instance.cpu': '1024',
      'instance.memory': '2048',
      'healthCheck.path': '/',
      'healthCheck.protocol': 'TCP',
      autoDeploy: true,
      'autoscaling.name': 'DefaultConfiguration',
      url: 'https://m2tq9vb5hc.us-east-1.awsapprunner.com',
    });
    expect(facts[0]?.location?.uri).toBe(
      'arn:aws:apprunner:us-east-1:111111111111:service/acme-billing-production/e5f6a7b8c9d04e1f2a3b4c5d6e7f8091',
    );
  });

  it('reads null as absent, and refuses another shape in one line', async () => {
    const dir = tempRepo({
      'nulls.json': JSON.stringify({
        Service: {
          ServiceName: 'acme-api-staging',
          ServiceUrl: null,
          SourceConfiguration: {
            ImageRepository: {
              ImageIdentifier: 'public.ecr.aws/acme/api:1',
              ImageConfiguration: { Port: null, RuntimeEnvironmentVariables: null },
            },
            AutoDeploymentsEnabled: null,
          },
          HealthCheckConfiguration: null,
        },
      }),
      'list.json': JSON.stringify({ ServiceSummaryList: [{ ServiceName: 'acme-api-staging' }] }),
    });
    const { facts } = await load('nulls.json', exportContext(dir));
    expect(values(facts)).toEqual({ image: 'public.ecr.aws/acme/api:1', imageTag: '1' });
    await expect(load('list.json', exportContext(dir))).rejects.toThrow(
      /list\.json: not an `aws apprunner describe-service` export \(at ServiceName: [^\n]+\)$/,
    );
  });

  it('a live read needs its service', () => {
    const check = (o: Record<string, string>) =>
      appRunnerSource.check?.(appRunnerSource.options.parse({ type: 'apprunner', ...o }));
    expect(check({ export: 'service.json' })).toBeUndefined();
    expect(check({ service: 'acme-api-staging' })).toBeUndefined();
    expect(check({})).toBe('give service or export');
  });
});

describe('apprunner declared: apprunner.yaml', () => {
  it('reads the run section of the App Runner configuration file into the live paths, each at its line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-apprunner-yaml-'));
    writeFileSync(
      path.join(dir, 'apprunner.yaml'),
      [
        'version: 1.0',
        'runtime: python3',
        'run:',
        '  command: gunicorn app.wsgi',
        '  network:',
        '    port: 8000',
        '  env:',
        '    - name: DJANGO_SETTINGS_MODULE',
        '      value: app.settings.production',
        '  secrets:',
        '    - name: DATABASE_URL',
        '      value-from: arn:aws:ssm:us-east-1:123456789012:parameter/app/production/DATABASE_URL',
        '',
      ].join('\n'),
    );
    const opts = appRunnerSource.options.parse({
      type: 'apprunner',
      service: 'app',
      declared: 'apprunner.yaml',
    });
    const facts = (await appRunnerSource.declaration?.read?.(opts, exportContext(dir))) ?? [];
    expect(facts.map((f) => [f.path, f.value, f.location?.line])).toEqual([
      ['startCommand', 'gunicorn app.wsgi', 4],
      ['port', '8000', 6],
      ['env.DJANGO_SETTINGS_MODULE', 'app.settings.production', 8],
      [
        'secret.DATABASE_URL',
        'arn:aws:ssm:us-east-1:123456789012:parameter/app/production/DATABASE_URL',
        11,
      ],
    ]);
    const covers = appRunnerSource.declaration?.covers;
    expect(typeof covers === 'function' ? covers(opts) : covers).toEqual([
      'port',
      'startCommand',
      'env.*',
      'secret.*',
    ]);
  });
});
