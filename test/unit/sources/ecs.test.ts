/** The `ecs` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envFileAssignments, ecsSource } from '../../../src/sources/ecs.js';
import { parseTarget } from '../../../src/sources/_references.js';
import type { SourceContext } from '../../../src/sources/types.js';
import { tempRepo } from '../../support/repo.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('ecs export', () => {
  it('reads containers with aliases replaced in their names', async () => {
    const { facts } = await ecsSource.load(
      {
        type: 'ecs',
        allowSkipped: false,
        export: 'exports/ecs-describe-task-definition.json',
        resolveSecrets: false,
      },
      ctx,
    );
    expect(values(facts)).toMatchObject({
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop:sha-1',
      cpu: '512',
      memory: '1024',
      'container.web-{env}.env.DEBUG': 'True',
      'container.web-{env}.env.DATABASE_NAME': 'shop_staging',
      'container.web-{env}.secret.DB_PASSWORD':
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/staging-AbCdEf:password::',
      'container.web-{env}.healthCheck': 'CMD-SHELL curl -f http://localhost:8000/health || exit 1',
      'container.log-router.image': 'amazon/aws-for-fluent-bit:stable',
    });
  });

  it('parses secret reference targets', () => {
    expect(
      parseTarget('arn:aws:secretsmanager:us-east-1:1:secret:shop/db-AbCdEf:password::'),
    ).toEqual({
      service: 'secretsmanager',
      id: 'arn:aws:secretsmanager:us-east-1:1:secret:shop/db-AbCdEf',
      jsonKey: 'password',
    });
    expect(parseTarget('arn:aws:ssm:us-east-1:1:parameter/shop/staging/X')).toEqual({
      service: 'ssm',
      id: '/shop/staging/X',
    });
    expect(parseTarget('shop/staging/X')).toEqual({ service: 'ssm', id: '/shop/staging/X' });
  });
});

const REAL_WORLD = path.join(FIXTURES, 'real-world');

/** The real-world corpus's environments (its README): container names carry their aliases. */
function envContext(env: 'staging' | 'production', dir = REAL_WORLD): SourceContext {
  const production = env === 'production';
  return {
    ...exportContext(dir),
    environment: {
      name: env,
      tier: production ? 'production' : 'nonproduction',
      aliases: production ? ['production', 'prod'] : ['staging', 'stg'],
      hosts: {},
    },
  };
}

const readExport = async (file: string, env: 'staging' | 'production' = 'staging') =>
  ecsSource.load(ecsSource.options.parse({ type: 'ecs', export: file }), envContext(env));

describe('ecs export: every real shape (SPEC §11), no live identifier', () => {
  it('reads the whole describe-task-definition output (--include TAGS)', async () => {
    const { facts, references } = await readExport('ecs/describe-task-definition.staging.json');
    expect(values(facts)).toMatchObject({
      image: '222222222222.dkr.ecr.us-east-1.amazonaws.com/acme/web:1.42.0',
      cpu: '512',
      memory: '1024',
      'container.web.env.NODE_ENV': 'production',
      'container.web.env.APP_URL': 'https://staging.acme.com',
      'container.web.env.FEATURE_NEW_CHECKOUT': 'true',
      'container.web.secret.DATABASE_URL':
        'arn:aws:ssm:us-east-1:222222222222:parameter/acme/staging/DATABASE_URL',
      'container.web.secret.STRIPE_SECRET_KEY':
        'arn:aws:secretsmanager:us-east-1:222222222222:secret:acme/staging/stripe-Hq7TzP:secret_key::',
      'container.web.healthCheck': 'CMD-SHELL curl -f http://localhost:8080/health || exit 1',
      'container.log-router.image': 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
    });
    // An export is never resolved against AWS: its references are data from the pull request.
    expect(references).toEqual([]);
  });

  it('reads the bare task definition of `--query taskDefinition`', async () => {
    const { facts } = await readExport('ecs/task-definition-bare.production.json', 'production');
    expect(values(facts)).toMatchObject({
      image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/worker:1.41.3',
      cpu: '1024',
      memory: '2048',
      'container.worker.image': '111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/worker:1.41.3',
      'container.worker.secret.REDIS_URL':
        'arn:aws:ssm:us-east-1:111111111111:parameter/acme/production/REDIS_URL',
      'container.worker.healthCheck': 'CMD node dist/healthcheck.js',
    });
    expect(Object.keys(values(facts))).toEqual(
      expect.arrayContaining([
        'container.worker.env.NODE_ENV',
        'container.worker.env.QUEUE_URL',
        'container.worker.env.CONCURRENCY',
        'container.worker.env.APP_URL',
      ]),
    );
    expect(facts[0]?.location).toEqual({
      uri: 'arn:aws:ecs:us-east-1:111111111111:task-definition/acme-worker-production:88',
      file: expect.stringContaining('task-definition-bare.production.json') as unknown,
    });
    // Who registered the revision is who last changed its facts (parity log's "by").
    expect(new Set(facts.map((f) => f.modifiedBy))).toEqual(
      new Set(['arn:aws:sts::111111111111:assumed-role/acme-production-deployer/github-actions']),
    );
  });

  it('reads the register-task-definition --cli-input-json file (no ARN, no revision)', async () => {
    const { facts } = await readExport('ecs/register-task-definition.staging.json');
    expect(values(facts)).toMatchObject({
      image: '222222222222.dkr.ecr.us-east-1.amazonaws.com/acme/api:1.42.0',
      cpu: '512',
      memory: '1024',
      'container.api.env.SENTRY_ENVIRONMENT': 'staging',
      'container.api.env.REPORTS_BUCKET': 'acme-production-reports',
      'container.api.env.UPLOADS_BUCKET': 'acme-staging-uploads',
      'container.api.secret.DATABASE_URL': '/acme/staging/DATABASE_URL',
      'container.api.secret.SENTRY_DSN':
        'arn:aws:ssm:us-east-1:222222222222:parameter/acme/staging/SENTRY_DSN',
      'container.api.healthCheck':
        'CMD-SHELL wget --no-verbose --tries=1 --spider http://localhost:3000/healthz || exit 1',
    });
    expect(facts[0]?.location?.uri).toBe('ecs:acme-api-staging');
  });

  it('reads the console JSON, where null means absent', async () => {
    const { facts } = await readExport('ecs/console-export-nulls.json', 'production');
    expect(values(facts)).toEqual({
      image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/legacy-admin:2019.11.4',
      memory: '1024',
      'container.admin.image':
        '111111111111.dkr.ecr.us-east-1.amazonaws.com/acme/legacy-admin:2019.11.4',
      'container.admin.env.RAILS_ENV': 'production',
      'container.admin.env.RAILS_LOG_TO_STDOUT': 'true',
      'container.admin.env.ADMIN_HOST': 'admin.acme.com',
    });
  });

  it('names environment files as a reference in export mode, never reading S3', async () => {
    const { facts } = await readExport('ecs/environment-files.production.json', 'production');
    const read = values(facts);
    expect(read).toMatchObject({
      'container.api-{env}.env.SPRING_PROFILES_ACTIVE': 'production',
      'container.api-{env}.env.SERVER_PORT': '8080',
      'container.api-{env}.environmentFiles': ['s3://acme-production-config/api/app.env'],
      'container.api-{env}.secret.DB_PASSWORD':
        'arn:aws:secretsmanager:us-east-1:111111111111:secret:acme/production/search-db-Yh6JkL:password::',
      'container.api-{env}.healthCheck': 'CMD-SHELL curl -f http://localhost:8080/health || exit 1',
    });
    // The file's variables come from S3 only in a live read (SPEC §7a: an export is PR data).
    expect(read).not.toHaveProperty('container.api-{env}.env.SEARCH_URL');
    expect(ecsSource.kinds?.['container.*.environmentFiles']).toBe('reference');
  });

  it('reads identical shared-account references (the noise pair)', async () => {
    const { facts } = await readExport('noise/ecs-identical-valuefrom.staging.json');
    expect(values(facts)).toMatchObject({
      cpu: '256',
      memory: '512',
      'container.cron.env.DD_ENV': 'staging',
      'container.cron.secret.DD_API_KEY':
        'arn:aws:secretsmanager:us-east-1:333333333333:secret:shared/datadog/api-key-Zx81Qp',
      'container.cron.healthCheck': 'CMD-SHELL curl -fsS http://127.0.0.1:9090/healthz || exit 1',
    });
  });

  it('still refuses a file of another shape, in one line naming the field', async () => {
    const dir = tempRepo({
      'no-containers.json': JSON.stringify({ family: 'acme-web', cpu: '256' }),
      'list.json': JSON.stringify({
        taskDefinitionArns: ['arn:aws:ecs:us-east-1:1:task-definition/a:1'],
      }),
      'wrapped-bad.json': JSON.stringify({
        taskDefinition: { family: 'a', containerDefinitions: [{ image: 'x' }] },
      }),
    });
    const load = (file: string) =>
      ecsSource.load(
        ecsSource.options.parse({ type: 'ecs', export: file }),
        envContext('staging', dir),
      );
    await expect(load('no-containers.json')).rejects.toThrow(
      /no-containers\.json: not an `aws ecs describe-task-definition` export \(at containerDefinitions: [^\n]+\)$/,
    );
    await expect(load('list.json')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(load('wrapped-bad.json')).rejects.toThrow(/\(at containerDefinitions\.0\.name: /);
    await expect(load('list.json')).rejects.toMatchObject({
      hint: expect.stringContaining('register-task-definition') as unknown,
    });
  });

  it('needs no identifier with export:, and its identifier without', () => {
    const check = (o: Record<string, string>) =>
      ecsSource.check?.(ecsSource.options.parse({ type: 'ecs', ...o }));
    expect(check({ export: 'task.json' })).toBeUndefined();
    expect(check({ taskDefinition: 'acme-web:3' })).toBeUndefined();
    expect(check({ service: 'web' })).toBeUndefined(); // the default cluster
    expect(check({ cluster: 'main', service: 'web' })).toBeUndefined();
    expect(check({})).toMatch(/give service/);
    expect(check({ cluster: 'main' })).toBe('cluster: needs service:');
  });
});

describe('ecs environment files (a Docker env-file, as ECS reads it)', () => {
  it('keeps quotes, spaces and $ as written; skips comments and blank lines', () => {
    const text = '# header\n\nA=1\r\n  B="quoted" # not a comment\nC=${A}\nD=\nE=a=b\n';
    expect(envFileAssignments(text, 's3://b/app.env')).toEqual([
      { name: 'A', value: '1', line: 3 },
      { name: 'B', value: '"quoted" # not a comment', line: 4 },
      { name: 'C', value: '${A}', line: 5 },
      { name: 'D', value: '', line: 6 },
      { name: 'E', value: 'a=b', line: 7 },
    ]);
  });

  it('refuses a line that is not VAR=value, naming the line and not its content', () => {
    for (const bad of ['JUST_A_NAME', '=value', 'MY VAR=x']) {
      expect(() => envFileAssignments(`OK=1\n${bad}\n`, 's3://b/app.env')).toThrow(
        /^s3:\/\/b\/app\.env:2: not a VAR=value line$/,
      );
    }
  });
});
