/**
 * Every AWS source in export mode: the JSON the matching AWS CLI command prints, read with no
 * AWS at all (live mode is exercised against moto_server by the world tests in test/e2e/worlds).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/aws/clients.js';
import { appRunnerSource, imageTag } from '../../../src/sources/apprunner.js';
import { nameFromArn } from '../../../src/sources/cloudfront.js';
import { ecsSource } from '../../../src/sources/ecs.js';
import { rdsSource } from '../../../src/sources/rds.js';
import { engineMajor } from '../../../src/snapshot/versions.js';
import { parseTarget } from '../../../src/sources/_references.js';
import { s3BundleSource } from '../../../src/sources/s3-bundle.js';
import { secretsManagerSource, splitSecret } from '../../../src/sources/secrets-manager.js';
import type { SourceContext } from '../../../src/sources/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const ctx: SourceContext = {
  environment: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
  sourceName: 'src',
  baseDir: FIXTURES,
  rootDir: FIXTURES,
  aws: createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }),
  signal: new AbortController().signal,
  allowHosts: [],
  probeHosts: () => Promise.resolve(new Set<string>()),
};

const values = (facts: readonly { path: string; value: unknown }[]) =>
  Object.fromEntries(facts.map((f) => [f.path, f.value]));

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

describe('secrets-manager export', () => {
  it('splits one JSON secret by key, every value sensitive', async () => {
    const { facts } = await secretsManagerSource.load(
      {
        type: 'secrets-manager',
        allowSkipped: false,
        secret: 'shop/staging/config',
        export: 'exports/secretsmanager-get-secret-value.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      username: 'app',
      password: 'export-canary-pw-123456',
      'nested.level': 2,
    });
    expect(facts.every((f) => f.sensitive)).toBe(true);
    expect(facts[0]?.lastModified).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it('reads every secret under a prefix as <relative name>/<key>, non-JSON as value', async () => {
    const { facts } = await secretsManagerSource.load(
      {
        type: 'secrets-manager',
        allowSkipped: false,
        prefix: 'shop/staging/',
        export: 'exports/secretsmanager-prefix.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      'api/value': 'plain-text-canary-value',
      'db/host': 'db.internal',
      'db/port': 5432,
    });
  });

  it('splits secrets', () => {
    expect(splitSecret('not json')).toEqual([['value', 'not json']]);
    expect(splitSecret('[1,2]')).toEqual([['value', '[1,2]']]);
    expect(splitSecret('{"a":{"b":true},"c":[1]}')).toEqual([
      ['a.b', true],
      ['c', '[1]'],
    ]);
  });

  it('a secret missing from the export is a clear error', async () => {
    await expect(
      secretsManagerSource.load(
        {
          type: 'secrets-manager',
          allowSkipped: false,
          secret: 'nope',
          export: 'exports/secretsmanager-get-secret-value.json',
        },
        ctx,
      ),
    ).rejects.toThrow('secret nope not found');
  });
});

describe('rds export', () => {
  it('reads the SPEC §3 fields and the engine major', async () => {
    const { facts } = await rdsSource.load(
      {
        type: 'rds',
        allowSkipped: false,
        instance: 'shop-staging-db',
        parameters: false,
        export: 'exports/rds-describe-db-instances.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      engine: 'postgres',
      engineVersion: '15.4',
      engineMajor: '15',
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      multiAZ: false,
      backupRetentionPeriod: 1,
      storageEncrypted: true,
      deletionProtection: false,
      publiclyAccessible: false,
      parameterGroup: 'shop-staging-pg15',
    });
    expect([
      engineMajor('mysql', '8.0.35'),
      engineMajor('postgres', '9.6.22'),
      engineMajor('postgres', '16.1'),
    ]).toEqual(['8.0', '9.6', '16']);
  });

  it('an instance missing from the export is a clear error', async () => {
    await expect(
      rdsSource.load(
        {
          type: 'rds',
          allowSkipped: false,
          instance: 'other',
          parameters: false,
          export: 'exports/rds-describe-db-instances.json',
        },
        ctx,
      ),
    ).rejects.toThrow('RDS instance other not found');
  });
});

describe('cloudfront', () => {
  it('names functions from their ARNs', () => {
    expect(nameFromArn('arn:aws:cloudfront::1:function/directory-index')).toBe('directory-index');
    expect(nameFromArn('arn:aws:lambda:us-east-1:1:function:edge-auth:3')).toBe('edge-auth');
  });
});

describe('s3-bundle dir mode', () => {
  it('lists assets without hashes, scans text assets, skips binaries, reads the manifest', async () => {
    const { facts } = await s3BundleSource.load(
      {
        type: 's3-bundle',
        allowSkipped: false,
        dir: 'bundle-staging',
        prefix: '',
        scan: { checkout: 'https?://[^"\'\\s]+/checkout[^"\'\\s]*' },
        manifest: 'build.json',
        maxObjectBytes: 1024 * 1024,
      },
      ctx,
    );
    const v = values(facts);
    expect(v.assets).toEqual([
      'assets/index-[hash].js',
      'assets/logo-[hash].png',
      'build.json',
      'index.html',
    ]);
    expect(v.urls).toEqual([
      'http://localhost:3000',
      'http://www.w3.org',
      'https://api-staging.shop.io',
    ]);
    expect(v['scan.checkout']).toEqual(['http://localhost:3000/checkout/success']);
    expect(v['build.commit']).toBe('3f2a9c1');
    expect(v['stripe.mode']).toBe('test');
    const urls = facts.find((f) => f.path === 'urls');
    expect(urls?.elementLocations?.['http://localhost:3000']).toMatch(
      /assets\/index-B1c2D3e4\.js$/,
    );
  });

  const capped = (allowSkipped: boolean) =>
    s3BundleSource.load(
      {
        type: 's3-bundle',
        dir: 'bundle-staging',
        prefix: '',
        scan: {},
        maxObjectBytes: 10,
        allowSkipped,
      },
      ctx,
    );

  it('fails closed on text objects over the size cap: they were not scanned', async () => {
    await expect(capped(false)).rejects.toThrow(
      /^3 text objects not scanned: assets\/index-B1c2D3e4\.js \(over maxObjectBytes\), build\.json \(over maxObjectBytes\), index\.html \(over maxObjectBytes\) \(raise maxObjectBytes, or set allowSkipped: true\)$/,
    );
  });

  it('skips them when the source says allowSkipped', async () => {
    expect(values((await capped(true)).facts).urls).toEqual([]);
  });

  it('a missing directory is a clear error', async () => {
    await expect(
      s3BundleSource.load(
        {
          type: 's3-bundle',
          dir: 'nope',
          prefix: '',
          scan: {},
          maxObjectBytes: 10,
          allowSkipped: false,
        },
        ctx,
      ),
    ).rejects.toThrow(/nope: bundle directory not found/);
  });
});
