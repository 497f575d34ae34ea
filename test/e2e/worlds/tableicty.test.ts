/**
 * World 1 — Tableicty (seeds 000, 001): App Runner + SSM /tableicty/<env>/ + CloudFront/S3 +
 * RDS. Staging's frontend bundle sends Stripe checkout to localhost:3000, staging's FRONTEND_URL
 * names production's domain, staging's service references a webhook secret nobody created;
 * instance sizes differ on purpose.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, inject, it } from 'vitest';
import { createDatabase } from '../../support/postgres.js';
import { startAppRunnerFake } from '../../support/apprunner-fake.js';
import type { AppRunnerFake } from '../../support/apprunner-fake.js';
import {
  awsTestEnv,
  describeWithMoto,
  seedBucket,
  seedCloudFront,
  seedRds,
  seedSsm,
} from '../../support/moto.js';
import { diffWorld, findingLines, repo } from './helpers.js';

const CANARY = {
  dbStaging:
    'postgresql://tableicty_admin:stg-canary-Pw7q@tableicty-staging-db.abc.us-east-1.rds.amazonaws.com:5432/tableicty',
  dbProduction:
    'postgresql://tableicty_admin:prd-canary-Kx3v@tableicty-production-db.abc.us-east-1.rds.amazonaws.com:5432/tableicty',
  stripeStaging: 'sk_test_51CanaryStagingSecret000000000000',
  stripeProduction: 'sk_live_51CanaryProductionSecret000000000',
  webhook: 'whsec_CanaryProductionWebhook000000000',
};

const plansTable = (rows: [string, number, string][]) =>
  `CREATE TABLE core_subscriptionplan (name text PRIMARY KEY, price_cents integer, stripe_price_id text);
   INSERT INTO core_subscriptionplan VALUES ${rows.map(([n, p, id]) => `('${n}', ${p}, '${id}')`).join(', ')};`;

describeWithMoto(
  'world: Tableicty (App Runner + SSM + CloudFront/S3 + RDS + the plans table)',
  (endpoint) => {
    let fake: AppRunnerFake | undefined;
    afterAll(async () => fake?.close());

    it('finds the localhost checkout, the cross-environment URL and the dangling secret; quiet on sizes', async () => {
      const app = `tbl${randomUUID().slice(0, 6)}`;
      const acct = '123456789012';
      // The subscription plans live in each environment's own PostgreSQL database, reached through
      // the DATABASE_URL parameter — staging's restored months ago and never updated.
      const pg = inject('postgres');
      if (!pg && process.env.PARITY_REQUIRE_REAL === '1') throw new Error('PostgreSQL is required');
      if (pg) {
        CANARY.dbStaging = await createDatabase(
          pg,
          plansTable([
            ['Growth', 19900, 'price_s2'],
            ['Starter', 4900, 'price_s1'],
          ]),
          'stg-canary-Pw7q',
        );
        CANARY.dbProduction = await createDatabase(
          pg,
          plansTable([
            ['Growth', 29900, 'price_p2'],
            ['Pro', 49900, 'price_p3'],
            ['Starter', 4900, 'price_p1'],
          ]),
          'prd-canary-Kx3v',
        );
      }
      const param = (env: string, name: string) =>
        `arn:aws:ssm:us-east-1:${acct}:parameter/${app}/${env}/${name}`;
      await seedSsm(endpoint, [
        { name: `/${app}/staging/DATABASE_URL`, value: CANARY.dbStaging, type: 'SecureString' },
        {
          name: `/${app}/staging/STRIPE_SECRET_KEY`,
          value: CANARY.stripeStaging,
          type: 'SecureString',
        },
        { name: `/${app}/staging/FRONTEND_URL`, value: `https://${app}.com` },
        {
          name: `/${app}/production/DATABASE_URL`,
          value: CANARY.dbProduction,
          type: 'SecureString',
        },
        {
          name: `/${app}/production/STRIPE_SECRET_KEY`,
          value: CANARY.stripeProduction,
          type: 'SecureString',
        },
        {
          name: `/${app}/production/STRIPE_WEBHOOK_SECRET`,
          value: CANARY.webhook,
          type: 'SecureString',
        },
        { name: `/${app}/production/FRONTEND_URL`, value: `https://${app}.com` },
      ]);
      const page = (checkout: string, pk: string) =>
        `<!doctype html><script src="/assets/index.js"></script><script>window.cfg={checkout:"${checkout}",pk:"${pk}"}</script>`;
      const js = (api: string) =>
        `fetch("${api}/api/plans");const svg="http://www.w3.org/2000/svg";`;
      await seedBucket(endpoint, `${app}-staging`, [
        {
          key: 'index.html',
          body: page('http://localhost:3000/checkout/success', 'pk_test_51CanaryStagingPk00'),
          contentType: 'text/html',
          cacheControl: 'no-cache',
        },
        {
          key: 'assets/index-B1c2D3e4.js',
          body: js(`https://api-staging.${app}.com`),
          contentType: 'application/javascript',
        },
        {
          key: 'assets/logo.png',
          body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
          contentType: 'image/png',
        },
      ]);
      await seedBucket(endpoint, `${app}-frontend`, [
        {
          key: 'index.html',
          body: page(`https://${app}.com/checkout/success`, 'pk_live_51CanaryProductionPk0'),
          contentType: 'text/html',
          cacheControl: 'no-cache',
        },
        {
          key: 'assets/index-Zz9Yy8Xx.js',
          body: js(`https://api.${app}.com`),
          contentType: 'application/javascript',
        },
        {
          key: 'assets/logo.png',
          body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]),
          contentType: 'image/png',
        },
      ]);
      const stagingDist = await seedCloudFront(endpoint, {
        aliases: [`staging.${app}.com`],
        originId: `S3-${app}-staging`,
        originDomain: `${app}-staging.s3.amazonaws.com`,
      });
      const productionDist = await seedCloudFront(endpoint, {
        aliases: [`${app}.com`],
        originId: `S3-${app}-production`,
        originDomain: `${app}-frontend.s3.amazonaws.com`,
      });
      await seedRds(endpoint, {
        id: `${app}-staging-db`,
        engine: 'postgres',
        version: '15.4',
        instanceClass: 'db.t3.micro',
      });
      await seedRds(endpoint, {
        id: `${app}-production-db`,
        engine: 'postgres',
        version: '15.4',
        instanceClass: 'db.t3.medium',
      });
      const service = (
        env: string,
        name: string,
        cpu: string,
        memory: string,
        secrets: string[],
      ) => ({
        ServiceName: name,
        ServiceUrl: `${env}-x1.us-east-1.awsapprunner.com`,
        SourceConfiguration: {
          AutoDeploymentsEnabled: false,
          ImageRepository: {
            ImageIdentifier: `${acct}.dkr.ecr.us-east-1.amazonaws.com/${app}-backend:v42`,
            ImageRepositoryType: 'ECR',
            ImageConfiguration: {
              Port: '8000',
              RuntimeEnvironmentVariables: {
                DJANGO_SETTINGS_MODULE: 'config.settings',
                ALLOWED_HOSTS: env === 'staging' ? `api-staging.${app}.com` : `api.${app}.com`,
              },
              RuntimeEnvironmentSecrets: Object.fromEntries(secrets.map((s) => [s, param(env, s)])),
            },
          },
        },
        InstanceConfiguration: { Cpu: cpu, Memory: memory },
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health/' },
      });
      fake = await startAppRunnerFake([
        service('staging', `${app}-staging-backend`, '256', '512', [
          'DATABASE_URL',
          'STRIPE_SECRET_KEY',
          'STRIPE_WEBHOOK_SECRET',
        ]),
        service('production', `${app}-backend`, '1024', '2048', [
          'DATABASE_URL',
          'STRIPE_SECRET_KEY',
          'STRIPE_WEBHOOK_SECRET',
        ]),
      ]);
      const dir = repo({
        'parity.yaml': `version: 1
project: ${app}
environments:
  staging:
    aliases: [staging, stg]
    hosts: { app: staging.${app}.com, api: api-staging.${app}.com, runner: staging-x1.us-east-1.awsapprunner.com }
    allowHosts: [127.0.0.1] # the test databases
    vars: { service: ${app}-staging-backend, distribution: ${stagingDist} }
  production:
    aliases: [production, prod]
    hosts: { app: ${app}.com, api: api.${app}.com, runner: production-x1.us-east-1.awsapprunner.com }
    allowHosts: [127.0.0.1]
    vars: { service: ${app}-backend, distribution: ${productionDist} }
    sources:
      bundle: { bucket: ${app}-frontend }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  api: { type: apprunner, service: "\${vars.service}" }
  web: { type: cloudfront, distribution: "\${vars.distribution}" }
  bundle:
    type: s3-bundle
    bucket: "${app}-\${env}"
    scan: { checkout: "https?://[^\\"'\\\\s]+/checkout[^\\"'\\\\s]*" }
  db: { type: rds, instance: "${app}-\${env}-db" }
${
  pg
    ? `  plans:
    type: sql
    connection: "\${params:DATABASE_URL}"
    query: SELECT name, price_cents, stripe_price_id FROM core_subscriptionplan ORDER BY name
    key: name
`
    : ''
}compare:
  differ: ["params:DATABASE_URL", "params:STRIPE_*", "api:instance.*", "db:instanceClass", "bundle:stripe.*", "web:origins.*", "plans:rows.*.stripe_price_id"]
ignore:
  - key: "params:DATABASE_URL"
    rule: localhost-url
    reason: the test databases run on this machine's loopback
`,
      });
      const env = { ...awsTestEnv(endpoint), AWS_ENDPOINT_URL_APPRUNNER: fake.endpoint };
      const { result, report } = await diffWorld(dir, env);
      expect(findingLines(report.findings)).toEqual(
        [
          'cross-env-reference params:FRONTEND_URL staging',
          'dangling-reference api:secret.STRIPE_WEBHOOK_SECRET staging',
          'localhost-url bundle:urls staging',
          'missing-key params:STRIPE_WEBHOOK_SECRET staging,production',
          ...(pg
            ? [
                'stale-data plans:rows.Growth staging,production',
                'stale-data plans:rows.Pro staging,production',
              ]
            : []),
        ].sort(),
      );
      const local = report.findings.find(
        (f) => f.rule === 'localhost-url' && f.key === 'bundle:urls',
      );
      expect(local?.message).toBe(
        'staging links to http://localhost:3000 (index.html) (also bundle:scan.checkout)',
      );
      expect(local?.location?.uri).toBe(`s3://${app}-staging/index.html`);
      // Same raw value in both: not drift, but staging naming production's domain is.
      expect(report.findings.find((f) => f.rule === 'cross-env-reference')?.message).toBe(
        `staging value names production: host "${app}.com"`,
      );
      expect(result.code).toBe(1);
      const output = result.stdout + result.stderr;
      for (const canary of Object.values(CANARY)) expect(output).not.toContain(canary);
      // parity only read: the App Runner fake saw List/Describe calls and nothing else.
      expect(new Set(fake.operations)).toEqual(new Set(['ListServices', 'DescribeService']));
    });
  },
);
