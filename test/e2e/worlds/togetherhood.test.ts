/**
 * World 3 — Togetherhood (seed 004): App Runner from ECR tags `staging`/`prod` + a Secrets
 * Manager JSON config + RDS MySQL. Sandbox endpoints and test keys belong to staging; here
 * production kept Tipalti's sandbox URL and staging got a live Stripe key. Image tags named
 * after the environment and the instance classes differ on purpose.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { startAppRunnerFake } from '../../support/apprunner-fake.js';
import type { AppRunnerFake } from '../../support/apprunner-fake.js';
import { awsTestEnv, describeWithMoto, seedRds, seedSecret } from '../../support/moto.js';
import { diffWorld, findingLines, repo } from './helpers.js';

const SECRETS = [
  'Server=stg;Password=canary-stg-Pw1',
  'Server=prd;Password=canary-prd-Pw2',
  'jwt-canary-6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c',
  'sk_live_51CanaryTogetherhood0000000000',
  'SG.canary-sendgrid-key.abcdefghijklmnop',
];

describeWithMoto(
  'world: Togetherhood (App Runner + ECR tags + Secrets Manager + RDS MySQL)',
  (endpoint) => {
    let fake: AppRunnerFake | undefined;
    afterAll(async () => fake?.close());

    it('finds the sandbox URL in production, the live key in staging and the MySQL skew; quiet on tags', async () => {
      const app = `thd${randomUUID().slice(0, 6)}`;
      const config = (env: 'staging' | 'production') => ({
        ConnectionStrings__DefaultConnection: env === 'staging' ? SECRETS[0] : SECRETS[1],
        JwtSettings__Secret: env === 'staging' ? `${SECRETS[2]}-stg` : SECRETS[2],
        Stripe__SecretKey: SECRETS[3],
        SendGrid__ApiKey: SECRETS[4] + env,
        SendGrid__FromEmail: `${env}@${app}.com`,
        AWS__S3BucketName: `${app}-${env}-uploads`,
        Tipalti__ApiUrl: 'https://ui2.sandbox.tipalti.com/',
      });
      const stagingArn = await seedSecret(
        endpoint,
        `${app}-app/staging/config`,
        JSON.stringify(config('staging')),
      );
      const productionArn = await seedSecret(
        endpoint,
        `${app}-app/production/config`,
        JSON.stringify(config('production')),
      );
      await seedRds(endpoint, {
        id: `${app}-staging-db`,
        engine: 'mysql',
        version: '8.0.35',
        instanceClass: 'db.t3.micro',
      });
      await seedRds(endpoint, {
        id: `${app}-production-db`,
        engine: 'mysql',
        version: '8.0.39',
        instanceClass: 'db.t3.large',
        multiAZ: false,
      });
      const service = (env: string, tag: string, arn: string) => ({
        ServiceName: `${app}-app-${env}`,
        ServiceUrl: `${app}-${env}.us-east-1.awsapprunner.com`,
        SourceConfiguration: {
          AutoDeploymentsEnabled: true,
          ImageRepository: {
            ImageIdentifier: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}-app:${tag}`,
            ImageRepositoryType: 'ECR',
            ImageConfiguration: {
              Port: '8080',
              RuntimeEnvironmentVariables: {
                ASPNETCORE_ENVIRONMENT: env === 'staging' ? 'Staging' : 'Production',
              },
              RuntimeEnvironmentSecrets: {
                ConnectionStrings__DefaultConnection: `${arn}:ConnectionStrings__DefaultConnection::`,
              },
            },
          },
        },
        InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
      });
      fake = await startAppRunnerFake([
        service('staging', 'staging', stagingArn),
        service('production', 'prod', productionArn),
      ]);
      const dir = repo({
        'parity.yaml': `version: 1
project: ${app}
environments:
  staging:
    aliases: [staging]
    hosts: { app: staging.${app}.com, runner: ${app}-staging.us-east-1.awsapprunner.com }
  production:
    aliases: [production, prod]
    hosts: { app: app.${app}.com, runner: ${app}-production.us-east-1.awsapprunner.com }
sources:
  config: { type: secrets-manager, secret: "${app}-app/\${env}/config" }
  app: { type: apprunner, service: "${app}-app-\${env}" }
  db: { type: rds, instance: "${app}-\${env}-db" }
compare:
  differ: ["db:instanceClass"]
`,
      });
      const env = { ...awsTestEnv(endpoint), AWS_ENDPOINT_URL_APPRUNNER: fake.endpoint };
      const { result, report } = await diffWorld(dir, env);
      expect(findingLines(report.findings)).toEqual(
        [
          'live-credential-outside-production config:Stripe__SecretKey staging',
          'shared-secret config:Stripe__SecretKey staging,production',
          'test-credential-in-production config:Tipalti__ApiUrl production',
          'version-skew db:engineVersion staging,production',
        ].sort(),
      );
      const skew = report.findings.find((f) => f.rule === 'version-skew');
      expect(skew).toMatchObject({
        severity: 'warning',
        message: 'staging runs 8.0.35, production runs 8.0.39: a different minor version',
      });
      const sandbox = report.findings.find((f) => f.rule === 'test-credential-in-production');
      expect(sandbox?.message).toBe(
        'production holds a sandbox endpoint (ui2.sandbox.tipalti.com)',
      );
      expect(result.code).toBe(1);
      for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
    });
  },
);
