/**
 * Three environments in one diff against moto (SPEC §13): dev, staging and production, each
 * with SSM parameters, a Secrets Manager secret, an ECS service, a CloudFront distribution and
 * an S3 bundle. Each drift is one environment's: staging lacks a parameter, dev runs an older
 * image, staging's uploads bucket is production's. Each is named as the odd one out; each
 * environment's own hosts, sizes and secrets stay quiet; `matrix` lists every key of all three.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import {
  awsTestEnv,
  describeWithMoto,
  seedBucket,
  seedCloudFront,
  seedEcs,
  seedSecret,
  seedSsm,
} from '../support/moto.js';
import { findingLines, repo } from './worlds/helpers.js';

const ENVS = ['dev', 'staging', 'production'] as const;
type Env = (typeof ENVS)[number];

describeWithMoto('three environments: diff against a reference, and matrix', (endpoint) => {
  const app = `tri${randomUUID().slice(0, 6)}`;
  const host = (env: Env): string =>
    env === 'production' ? `${app}.example.com` : `${env}.${app}.example.com`;

  /** Seeds moto and returns the repository with its parity.yaml. */
  async function world(): Promise<string> {
    const distributions: Partial<Record<Env, string>> = {};
    for (const env of ENVS) {
      await seedSsm(endpoint, [
        { name: `/${app}/${env}/FRONTEND_URL`, value: `https://${host(env)}/` },
        { name: `/${app}/${env}/DEBUG`, value: env === 'dev' ? 'False' : 'false' },
        // The drift: staging lacks the parameter the others have.
        ...(env === 'staging' ? [] : [{ name: `/${app}/${env}/PAYMENTS_ENABLED`, value: 'on' }]),
        // The drift: staging's uploads go to production's bucket.
        {
          name: `/${app}/${env}/UPLOADS_BUCKET`,
          value: `${app}-${env === 'staging' ? 'production' : env}-uploads`,
        },
      ]);
      const secretArn = await seedSecret(
        endpoint,
        `${app}/${env}/config`,
        JSON.stringify({ api_key: `key-${randomUUID()}`, db_host: `db.${host(env)}` }),
      );
      await seedEcs(
        endpoint,
        `${app}-${env}`,
        `${app}-api-${env}`,
        `${app}-api-${env}`,
        [
          {
            name: 'api',
            // The drift: dev still runs the previous release.
            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}-api:${env === 'dev' ? '1.3.0' : '1.4.2'}`,
            environment: { PUBLIC_URL: `https://${host(env)}` },
            secrets: { API_KEY: `${secretArn}:api_key::` },
          },
        ],
        // Sizes differ on purpose.
        env === 'production' ? { cpu: '1024', memory: '2048' } : { cpu: '256', memory: '512' },
      );
      distributions[env] = await seedCloudFront(endpoint, {
        aliases: [host(env)],
        originId: `${app}-${env}-web`,
        originDomain: `${app}-${env}-web.s3.amazonaws.com`,
      });
      await seedBucket(endpoint, `${app}-${env}-web`, [
        {
          key: 'index.html',
          body: `<!doctype html><script src="/assets/main.${randomUUID().slice(0, 8)}.js"></script><a href="https://${host(env)}/pricing">pricing</a>`,
          contentType: 'text/html',
        },
      ]);
    }
    return repo({
      'parity.yaml': `version: 1
environments:
${ENVS.map(
  (env) => `  ${env}:
    ${env === 'production' ? 'aliases: [production, prod]' : `aliases: [${env}]`}
    hosts: { app: ${host(env)}, db: db.${host(env)} }
    sources: { web: { distribution: "${distributions[env] ?? ''}" } }`,
).join('\n')}
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  config: { type: secrets-manager, secret: "${app}/\${env}/config" }
  api: { type: ecs, cluster: "${app}-\${env}", service: "${app}-api-\${env}" }
  web: { type: cloudfront }
  bundle: { type: s3-bundle, bucket: "${app}-\${env}-web" }
`,
    });
  }

  it('names the odd one out of each drift, and nothing else', async () => {
    const dir = await world();
    const env = awsTestEnv(endpoint);
    const result = await runCli(['diff', 'dev', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env,
    });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(findingLines(report.findings)).toEqual([
      'cross-env-reference params:UPLOADS_BUCKET staging',
      'image-drift api:image dev,production',
      'missing-key params:PAYMENTS_ENABLED staging,production',
    ]);
    expect(report.reference).toBe('production');
    const odd = Object.fromEntries(report.findings.map((f) => [f.key, f.oddOneOut]));
    expect(odd).toEqual({
      'params:UPLOADS_BUCKET': { environment: 'staging', agreeing: ['dev', 'production'] },
      'api:image': { environment: 'dev', agreeing: ['staging', 'production'] },
      'params:PAYMENTS_ENABLED': { environment: 'staging', agreeing: ['dev', 'production'] },
    });
    expect(report.findings.map((f) => f.message).sort()).toEqual([
      'dev differs from staging and production: dev and production run different images (also api:container.api.image)',
      'staging differs from dev and production: only in production, missing in staging',
      expect.stringMatching(
        /^staging differs from dev and production: staging value names production/,
      ),
    ]);
    expect(result.code).toBe(1);

    // The reference named: the same drifts, measured against dev.
    const fromDev = await runCli(
      ['diff', 'dev', 'staging', 'production', '--reference', 'dev', '-f', 'json'],
      { cwd: dir, env },
    );
    expect(findingLines(jsonReport(fromDev).findings)).toEqual([
      'cross-env-reference params:UPLOADS_BUCKET staging',
      'image-drift api:image dev,staging,production',
      'missing-key params:PAYMENTS_ENABLED dev,staging',
    ]);
    expect(jsonReport(fromDev).findings.find((f) => f.key === 'api:image')?.message).toBe(
      'dev differs from staging and production: dev and staging, production run different images (also api:container.api.image)',
    );

    // matrix: every key of all three, with its status; the same exit code.
    const matrix = await runCli(['matrix', 'dev', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env,
    });
    expect([matrix.code, matrix.stderr]).toEqual([1, '']);
    const rows = (
      JSON.parse(matrix.stdout) as {
        matrix: {
          key: string;
          status: string;
          values: Record<string, string>;
          differing: string[];
        }[];
      }
    ).matrix;
    const verbose = await runCli(['diff', 'dev', 'staging', 'production', '-f', 'json', '-v'], {
      cwd: dir,
      env,
    });
    const everyKey = (JSON.parse(verbose.stdout) as { entries: { key: string }[] }).entries.map(
      (e) => e.key,
    );
    expect(rows.map((r) => r.key)).toEqual(everyKey);
    expect(everyKey.length).toBeGreaterThan(20);
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(row('params:PAYMENTS_ENABLED')).toMatchObject({
      status: 'missing',
      values: { dev: 'on', production: 'on' },
      differing: ['staging'],
    });
    expect(row('api:image')).toMatchObject({ status: 'finding', differing: ['dev'] });
    expect(row('params:FRONTEND_URL')).toMatchObject({ status: 'match', differing: [] });
    expect(row('api:cpu')).toMatchObject({ status: 'expected' });
    expect(row('config:api_key')).toMatchObject({
      status: 'expected',
      values: { dev: '<redacted>', staging: '<redacted>', production: '<redacted>' },
    });
  });
});
