/**
 * `parity diff` against moto_server seeded with two environments it has never seen: dotenv
 * files in the repository plus SSM parameters under /<app>/<env>/. Each test uses its own
 * random app name, so test files can share one moto server.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';
import { awsTestEnv, describeWithMoto, seedSsm } from '../support/moto.js';

const repo = (files: Record<string, string>): string => tempRepo(files, 'parity-moto-');

const CANARIES = {
  dbStaging: 'postgres://app:canary-pw-7Hq2Lx9@db-staging.internal:5432/app',
  dbProduction: 'postgres://app:canary-pw-Zr81Vb4@db-production.internal:5432/app',
  shared: 'canary-shared-django-key-5d1f0b8c2e7a9f3e6b4d',
  stripeStaging: 'sk_test_canary51HgStaging0000000000000001',
  stripeProduction: 'sk_test_canary51HgProduction00000000002',
  token: 'canary-token-Qm7Ys3Kp0Lw2Xn5Rt8Vz',
};

describeWithMoto('parity diff against moto_server (dotenv + SSM)', (endpoint) => {
  const config = (app: string, extra = ''): string => `version: 1
project: ${app}
environments:
  staging:
    aliases: [staging, stg]
    hosts: { app: staging.${app}.io, api: api-staging.${app}.io }
  production:
    aliases: [production, prod]
    hosts: { app: ${app}.io, api: api.${app}.io }
sources:
  web: { type: dotenv, file: "web/.env.\${env}" }
  params: { type: ssm, path: "/${app}/\${env}/" }
compare:
  differ: ["params:DATABASE_URL"]
  staleAfterDays: 0
${extra}`;

  it('finds every injected drift and nothing on normalizable differences', async () => {
    const app = `acme${randomUUID().slice(0, 8)}`;
    await seedSsm(endpoint, [
      // staging first: its values are the older ones
      { name: `/${app}/staging/DATABASE_URL`, value: CANARIES.dbStaging, type: 'SecureString' },
      { name: `/${app}/staging/SECRET_KEY`, value: CANARIES.shared, type: 'SecureString' },
      {
        name: `/${app}/staging/STRIPE_SECRET_KEY`,
        value: CANARIES.stripeStaging,
        type: 'SecureString',
      },
      { name: `/${app}/staging/FRONTEND_URL`, value: `https://staging.${app}.io/` },
      {
        name: `/${app}/staging/API_BASE`,
        value: `HTTPS://API-STAGING.${app.toUpperCase()}.IO:443/v1/`,
      },
      { name: `/${app}/staging/CHECKOUT_RETURN`, value: 'http://localhost:3000/checkout/success' },
      { name: `/${app}/staging/REPORTS_BUCKET`, value: `${app}-prod-reports` },
      { name: `/${app}/staging/DEBUG`, value: 'False' },
      { name: `/${app}/staging/PLAN_PRICES`, value: '49,199,499' },
      { name: `/${app}/staging/nested/QUEUE`, value: `${app}-staging-jobs` },
      {
        name: `/${app}/production/DATABASE_URL`,
        value: CANARIES.dbProduction,
        type: 'SecureString',
      },
      { name: `/${app}/production/SECRET_KEY`, value: CANARIES.shared, type: 'SecureString' },
      {
        name: `/${app}/production/STRIPE_SECRET_KEY`,
        value: CANARIES.stripeProduction,
        type: 'SecureString',
      },
      { name: `/${app}/production/FRONTEND_URL`, value: `https://${app}.io` },
      { name: `/${app}/production/API_BASE`, value: `https://api.${app}.io/v1` },
      { name: `/${app}/production/CHECKOUT_RETURN`, value: `https://${app}.io/checkout/success` },
      { name: `/${app}/production/REPORTS_BUCKET`, value: `${app}-production-reports` },
      { name: `/${app}/production/DEBUG`, value: 'false' },
      { name: `/${app}/production/PLAN_PRICES`, value: '49,299,999' },
      { name: `/${app}/production/nested/QUEUE`, value: `${app}-production-jobs` },
      { name: `/${app}/production/WEBHOOK_TOKEN`, value: CANARIES.token, type: 'SecureString' },
      {
        name: `/${app}/production/PAYMENTS_API`,
        value: 'https://ui2.sandbox.tipalti.com/payeedashboard',
      },
    ]);
    const dir = repo({
      'parity.yaml': config(app),
      'web/.env.staging': `VITE_APP_URL=https://staging.${app}.io\nVITE_ENV=staging\nVITE_FLAG=yes\n`,
      'web/.env.production': `VITE_APP_URL=https://${app}.io\nVITE_ENV=production\nVITE_FLAG=1\nVITE_NEW_FEATURE=on\n`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: awsTestEnv(endpoint),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = jsonReport(result);
    const found = report.findings
      .map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`)
      .sort();
    expect(found).toEqual(
      [
        'cross-env-reference params:REPORTS_BUCKET staging',
        'localhost-url params:CHECKOUT_RETURN staging',
        'missing-key params:PAYMENTS_API staging,production',
        'missing-key params:WEBHOOK_TOKEN staging,production',
        'missing-key web:VITE_NEW_FEATURE staging,production',
        'shared-secret params:SECRET_KEY staging,production',
        'stale-value params:CHECKOUT_RETURN staging,production',
        'stale-value params:PLAN_PRICES staging,production',
        'stale-value params:REPORTS_BUCKET staging,production',
        'test-credential-in-production params:PAYMENTS_API production',
        'test-credential-in-production params:STRIPE_SECRET_KEY production',
      ].sort(),
    );
    expect(report.sources.map((s) => `${s.environment}/${s.name}:${s.status}`).sort()).toEqual([
      'production/params:ok',
      'production/web:ok',
      'staging/params:ok',
      'staging/web:ok',
    ]);
    const output = result.stdout + result.stderr;
    for (const canary of Object.values(CANARIES)) expect(output).not.toContain(canary);
    expect(output).not.toContain('canary-pw');
  });

  it('a wrong SSM path is a source-error: exit 2 even with --fail-on never, the rest still reported', async () => {
    const app = `acme${randomUUID().slice(0, 8)}`;
    await seedSsm(endpoint, [{ name: `/${app}/staging/A`, value: '1' }]);
    const dir = repo({
      'parity.yaml': config(app),
      'web/.env.staging': 'A=1\nONLY_STAGING=1\n',
      'web/.env.production': 'A=1\n',
    });
    const result = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '--fail-on', 'never'],
      { cwd: dir, env: awsTestEnv(endpoint) },
    );
    expect(result.code).toBe(2);
    const report = jsonReport(result);
    expect(report.findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`)).toEqual(
      expect.arrayContaining([
        'source-error params production',
        'missing-key web:ONLY_STAGING staging,production',
      ]),
    );
    const failed = report.sources.find((s) => s.status === 'error');
    expect(failed?.error).toMatch(new RegExp(`/${app}/production/`));
    // The error keeps its catalogue code and its hint to the report, in JSON and in text.
    expect(failed).toMatchObject({
      code: 'SOURCE_FAILED',
      hint: 'set allowEmpty: true if the path is empty on purpose',
    });
    const text = await runCli(['diff', 'staging', 'production', '--fail-on', 'never'], {
      cwd: dir,
      env: { ...awsTestEnv(endpoint), NO_COLOR: '1' },
    });
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(
      /source-error\s+params\s+production\s+.*could not be read: .* — set allowEmpty: true if the path is empty on purpose/,
    );
  });

  it('an unreachable endpoint is a source-error with a one-line message and no stack', async () => {
    const app = `acme${randomUUID().slice(0, 8)}`;
    const dir = repo({
      'parity.yaml': config(app),
      'web/.env.staging': 'A=1\n',
      'web/.env.production': 'A=1\n',
    });
    const env = {
      ...awsTestEnv(endpoint),
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      PARITY_AWS_MAX_ATTEMPTS: '1',
    };
    const result = await runCli(['diff', 'staging', 'production'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/source-error/);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toMatch(/no drift/i);
  });

  it('check production finds single-environment problems only', async () => {
    const app = `acme${randomUUID().slice(0, 8)}`;
    await seedSsm(endpoint, [
      { name: `/${app}/production/DEBUG`, value: 'True' },
      {
        name: `/${app}/production/STRIPE_PUBLISHABLE_KEY`,
        value: 'pk_test_canaryPublishable000000000',
      },
      { name: `/${app}/production/ALLOWED_HOSTS`, value: '*', type: 'StringList' },
      { name: `/${app}/production/CALLBACK`, value: `http://api.${app}.io/callback` },
      { name: `/${app}/production/OLD_STAGING_HOST`, value: `https://staging.${app}.io` },
    ]);
    const dir = repo({ 'parity.yaml': config(app), 'web/.env.production': 'A=1\n' });
    const result = await runCli(['check', 'production', '-f', 'json'], {
      cwd: dir,
      env: awsTestEnv(endpoint),
    });
    expect(result.code).toBe(1);
    const found = jsonReport(result)
      .findings.map((f) => `${f.rule} ${f.key}`)
      .sort();
    expect(found).toEqual(
      [
        'cross-env-reference params:OLD_STAGING_HOST',
        'debug-enabled params:DEBUG',
        'insecure-url params:CALLBACK',
        'test-credential-in-production params:STRIPE_PUBLISHABLE_KEY',
        'wildcard-host params:ALLOWED_HOSTS',
      ].sort(),
    );
  });

  it('no secret appears in any file parity writes', async () => {
    const app = `acme${randomUUID().slice(0, 8)}`;
    await seedSsm(endpoint, [
      { name: `/${app}/staging/SECRET_KEY`, value: CANARIES.shared, type: 'SecureString' },
      { name: `/${app}/production/SECRET_KEY`, value: CANARIES.shared, type: 'SecureString' },
    ]);
    const dir = repo({
      'parity.yaml': config(app),
      'web/.env.staging': 'A=1\n',
      'web/.env.production': 'A=1\n',
    });
    for (const format of ['json', 'text']) {
      await runCli(
        ['diff', 'staging', 'production', '-f', format, '-o', `report.${format}`, '-v'],
        { cwd: dir, env: awsTestEnv(endpoint) },
      );
    }
    for (const file of readdirSync(dir).filter((f) => f.startsWith('report.'))) {
      expect(readFileSync(path.join(dir, file), 'utf8')).not.toContain(CANARIES.shared);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('report.'))).toHaveLength(2);
  });
});
