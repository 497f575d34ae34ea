/**
 * World 2 — StartUpWebApp (seeds 002, 003): ECS Fargate task definitions + a Secrets Manager
 * secret + a CloudFront function + S3 content types. The staging secret was overwritten by a
 * script and lost half its keys; the staging task definition lacks DATABASE_NAME and refers to
 * a secret key that no longer exists; the directory-index function is on production only; the
 * extensionless `about` page was uploaded to staging as binary/octet-stream.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import {
  awsTestEnv,
  describeWithMoto,
  seedBucket,
  seedEcs,
  seedSecret,
} from '../../support/moto.js';
import { diffWorld, findingLines, repo } from './helpers.js';

const PASSWORDS = [
  'stg-app-canary-Q1w2E3r4',
  'prd-app-canary-Z9x8C7v6',
  'prd-master-canary-M5n6B7v8',
  'django-canary-secret-0p9o8i7u6y5t4r3e',
  'sk_live_51CanarySwa00000000000000000',
];

function distributionConfig(app: string, env: string, functions: string[]): string {
  return JSON.stringify({
    ETag: 'E2QWRUHEXAMPLE',
    DistributionConfig: {
      CallerReference: `${app}-${env}`,
      Aliases: {
        Quantity: 1,
        Items: [env === 'production' ? `${app}.example.com` : `${app}-staging.example.com`],
      },
      DefaultRootObject: 'index.html',
      Origins: {
        Quantity: 1,
        Items: [{ Id: `S3-${app}-${env}`, DomainName: `${app}-frontend-${env}.s3.amazonaws.com` }],
      },
      DefaultCacheBehavior: {
        TargetOriginId: `S3-${app}-${env}`,
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        FunctionAssociations: {
          Quantity: functions.length,
          Items: functions.map((f) => ({
            FunctionARN: `arn:aws:cloudfront::123456789012:function/${f}`,
            EventType: 'viewer-request',
          })),
        },
        LambdaFunctionAssociations: { Quantity: 0 },
      },
      CustomErrorResponses: {
        Quantity: 1,
        Items: [{ ErrorCode: 404, ResponseCode: '404', ResponsePagePath: '/404.html' }],
      },
      PriceClass: 'PriceClass_100',
      HttpVersion: 'http2',
      Enabled: true,
      ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021' },
    },
  });
}

describeWithMoto(
  'world: StartUpWebApp (ECS + Secrets Manager + CloudFront function + S3)',
  (endpoint) => {
    it('finds the lost secret keys, the missing DATABASE_NAME, the one-sided function and the wrong Content-Type', async () => {
      const app = `swa${randomUUID().slice(0, 6)}`;
      const full = {
        username: 'django_app',
        password: PASSWORDS[1],
        host: `${app}-db.abc.us-east-1.rds.amazonaws.com`,
        port: 5432,
        master_username: 'postgres',
        master_password: PASSWORDS[2],
        django_secret_key: PASSWORDS[3],
        stripe_secret_key: PASSWORDS[4],
      };
      const stagingArn = await seedSecret(
        endpoint,
        `${app}/staging/multi-tenant`,
        JSON.stringify({
          username: 'django_app',
          password: PASSWORDS[0],
          host: full.host,
          port: 5432,
        }),
      );
      const productionArn = await seedSecret(
        endpoint,
        `${app}/production/multi-tenant`,
        JSON.stringify(full),
      );
      const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}-backend:sha-4f2a`;
      await seedEcs(
        endpoint,
        `${app}-cluster-staging`,
        `${app}-service-staging`,
        `${app}-task-staging`,
        [
          {
            name: 'web-staging',
            image,
            environment: {
              DJANGO_SETTINGS_MODULE: 'StartupWebApp.settings_production',
              ALLOWED_HOSTS: `${app}-api-staging.example.com`,
            },
            secrets: {
              DB_PASSWORD: `${stagingArn}:password::`,
              DJANGO_SECRET_KEY: `${stagingArn}:django_secret_key::`,
            },
          },
        ],
      );
      await seedEcs(
        endpoint,
        `${app}-cluster-production`,
        `${app}-service-production`,
        `${app}-task-production`,
        [
          {
            name: 'web-production',
            image,
            environment: {
              DJANGO_SETTINGS_MODULE: 'StartupWebApp.settings_production',
              ALLOWED_HOSTS: `${app}-api.example.com`,
              DATABASE_NAME: 'startupwebapp_prod',
            },
            secrets: {
              DB_PASSWORD: `${productionArn}:password::`,
              DJANGO_SECRET_KEY: `${productionArn}:django_secret_key::`,
            },
          },
        ],
      );
      const html = '<!doctype html><title>About</title><a href="/">home</a>';
      await seedBucket(endpoint, `${app}-frontend-staging`, [
        { key: 'index.html', body: html, contentType: 'text/html' },
        { key: 'about', body: html, contentType: 'binary/octet-stream' },
      ]);
      await seedBucket(endpoint, `${app}-frontend-production`, [
        { key: 'index.html', body: html, contentType: 'text/html' },
        { key: 'about', body: html, contentType: 'text/html' },
      ]);
      const dir = repo({
        'parity.yaml': `version: 1
project: ${app}
environments:
  staging:
    aliases: [staging]
    hosts: { app: ${app}-staging.example.com, api: ${app}-api-staging.example.com }
  production:
    aliases: [production, prod]
    hosts: { app: ${app}.example.com, api: ${app}-api.example.com }
sources:
  secret: { type: secrets-manager, secret: "${app}/\${env}/multi-tenant" }
  task: { type: ecs, cluster: "${app}-cluster-\${env}", service: "${app}-service-\${env}" }
  web: { type: cloudfront, distribution: "E${app.toUpperCase()}", export: "exports/cloudfront-\${env}.json" }
  bundle: { type: s3-bundle, bucket: "${app}-frontend-\${env}" }
compare:
  differ: ["secret:host"]
`,
        'exports/cloudfront-staging.json': distributionConfig(app, 'staging', []),
        'exports/cloudfront-production.json': distributionConfig(app, 'production', [
          'directory-index',
        ]),
      });
      const { result, report } = await diffWorld(dir, awsTestEnv(endpoint));
      expect(findingLines(report.findings)).toEqual(
        [
          // A module path both environments hold verbatim: info only (SPEC §11).
          'cross-env-reference task:container.web-{env}.env.DJANGO_SETTINGS_MODULE staging',
          'dangling-reference task:container.web-{env}.secret.DJANGO_SECRET_KEY staging',
          'missing-key secret:django_secret_key staging,production',
          'missing-key secret:master_password staging,production',
          'missing-key secret:master_username staging,production',
          'missing-key secret:stripe_secret_key staging,production',
          'missing-key task:container.web-{env}.env.DATABASE_NAME staging,production',
          'must-differ secret:host staging,production',
          'value-drift bundle:object.about.contentType staging,production',
          'value-drift web:behavior.default.functions staging,production',
        ].sort(),
      );
      expect(report.findings.find((f) => f.key.endsWith('DJANGO_SETTINGS_MODULE'))?.severity).toBe(
        'info',
      );
      const contentType = report.findings.find((f) => f.key === 'bundle:object.about.contentType');
      expect(contentType?.values).toEqual({
        staging: 'binary/octet-stream',
        production: 'text/html',
      });
      const fn = report.findings.find((f) => f.key === 'web:behavior.default.functions');
      expect(fn?.values).toEqual({ staging: '', production: 'viewer-request:directory-index' });
      expect(result.code).toBe(1);
      for (const secret of PASSWORDS) expect(result.stdout + result.stderr).not.toContain(secret);
    });
  },
);
