/**
 * The built-in demo, run as the README's first command runs it: the Tableicty story with no
 * cloud. Every story drift is found; the legitimate differences stay quiet.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// An ANSI escape sequence (colour).
const ANSI = new RegExp(String.fromCharCode(27) + '\\[');
import { jsonReport, REPO_ROOT, runCli } from '../support/cli.js';

const DEMO = ['-c', 'fixtures/demo/parity.yaml'];

// Every secret value planted in the demo exports: none may appear in any output.
const demoSecrets = (): string[] => {
  const values: string[] = [];
  for (const env of ['staging', 'production']) {
    const data: unknown = JSON.parse(
      readFileSync(`${REPO_ROOT}/fixtures/demo/aws/ssm-${env}.json`, 'utf8'),
    );
    if (
      typeof data === 'object' &&
      data !== null &&
      'Parameters' in data &&
      Array.isArray(data.Parameters)
    ) {
      for (const p of data.Parameters as unknown[]) {
        if (
          typeof p === 'object' &&
          p !== null &&
          'Type' in p &&
          'Value' in p &&
          p.Type === 'SecureString'
        ) {
          values.push(String(p.Value));
        }
      }
    }
  }
  return values;
};

describe('parity diff on the built-in demo', () => {
  it('finds every story drift and stays quiet on the legitimate differences', async () => {
    const result = await runCli(['diff', 'staging', 'production', ...DEMO, '-f', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = jsonReport(result);
    // Each problem once (SPEC §11): a drift another rule explains is folded into it (related).
    const found = report.findings.map(
      (f) =>
        `${f.rule} ${f.key} ${f.environments.join(',')}${(f.related ?? []).map((r) => ` +${r.rule} ${r.key}`).join('')}`,
    );
    expect(found.sort()).toEqual(
      [
        'localhost-url frontend-env:VITE_STRIPE_CANCEL_URL staging +localhost-url frontend-env:VITE_STRIPE_SUCCESS_URL +value-drift frontend-env:VITE_STRIPE_CANCEL_URL +value-drift frontend-env:VITE_STRIPE_SUCCESS_URL',
        'missing-key params:STRIPE_WEBHOOK_SECRET staging,production',
        'shared-secret params:SECRET_KEY staging,production',
        'cross-env-reference params:DATABASE_URL staging',
        'stale-value params:SUBSCRIPTION_PLANS staging,production +value-drift params:SUBSCRIPTION_PLANS',
        'localhost-url bundle:urls staging +localhost-url bundle:scan.checkout +value-drift bundle:scan.checkout +value-drift bundle:urls',
        'version-skew db:engineVersion staging,production',
        'stale-data plans:rows.Enterprise staging,production +value-drift plans:rowCount',
        'stale-data plans:rows.Growth staging,production',
        'stale-data plans:rows.Pro staging,production',
        'stale-data shareholders:rows.1 staging,production +value-drift shareholders:empty +value-drift shareholders:rowCount',
        'stale-data shareholders:rows.2 staging,production',
        // Staging was restored before the multi-tenancy migration: one table, one migration.
        'schema-drift schema:table.core_tenant staging,production',
        'migration-drift schema:migrations.django.core.0042_add_tenant staging,production',
        // A module path both environments hold verbatim: info, not a gate.
        'cross-env-reference api:env.DJANGO_SETTINGS_MODULE staging',
      ].sort(),
    );
    expect(report.findings.find((f) => f.key === 'plans:rows.Growth')?.message).toBe(
      'Growth: price_cents 19900 → 29900',
    );
    // Quiet: own hosts, trailing slashes, True/true, env names, the declared and secret differences.
    const quietKeys = [
      'frontend-env:VITE_API_URL',
      'frontend-env:VITE_APP_URL',
      'frontend-env:VITE_ENABLE_ANALYTICS',
      'frontend-env:VITE_ENVIRONMENT',
      'frontend-env:VITE_SUPPORT_EMAIL',
      'frontend-env:VITE_STRIPE_PUBLISHABLE_KEY',
      'params:FRONTEND_URL',
      'params:ALLOWED_HOSTS',
      'params:DEBUG',
      'params:PGCRYPTO_KEY',
      'params:STRIPE_SECRET_KEY',
      'params:STRIPE_PUBLISHABLE_KEY',
      'params:LEGACY_PLAN_MIGRATION',
      'api:instance.cpu',
      'api:instance.memory',
      'api:url',
      'api:env.ALLOWED_HOSTS',
      'api:secret.DATABASE_URL',
      'bundle:assets',
      'bundle:stripe.mode',
      'db:instanceClass',
      'db:engineMajor',
      // The table count and the latest migration are the two findings' own.
      'schema:tables',
      'schema:migrations.django.latest',
    ];
    for (const key of quietKeys) {
      expect(
        report.findings.filter((f) => f.key === key),
        key,
      ).toEqual([]);
    }
    expect(report.summary.ignored).toBe(1);
    // Own Stripe keys, instance sizes, secret references; DATABASE_URL differs as declared but
    // has a finding of its own.
    expect(report.summary.expectedDifferences).toBe(14);
    expect(report.sources.every((s) => s.status === 'ok')).toBe(true);
  });

  it('prints a readable text report and exits 0 with --fail-on never (the README demo)', async () => {
    const result = await runCli(['diff', 'staging', 'production', ...DEMO, '--fail-on', 'never']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('localhost-url');
    expect(result.stdout).toContain('http://localhost:3000');
    expect(result.stdout).toMatch(/exit 0/);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('never prints a secret value, in any format or with --verbose', async () => {
    const secrets = demoSecrets();
    expect(secrets.length).toBeGreaterThan(5);
    for (const args of [['-f', 'json'], ['-f', 'text'], ['-f', 'json', '-v'], ['-v']]) {
      const result = await runCli(['diff', 'staging', 'production', ...DEMO, ...args]);
      const output = result.stdout + result.stderr;
      for (const secret of secrets) expect(output).not.toContain(secret);
      // Nor any recognisable part of a connection string's password.
      expect(output).not.toContain('Stg-Demo-Pw');
      expect(output).not.toContain('Prod-Demo-Pw');
    }
  });

  it('check production runs single-environment rules only', async () => {
    const result = await runCli(['check', 'production', ...DEMO, '-f', 'json']);
    const report = jsonReport(result);
    expect(report.command).toBe('check');
    expect(report.findings.map((f) => f.rule)).not.toContain('missing-key');
    expect(result.code).toBe(report.summary.errors > 0 ? 1 : 0);
  });

  it('check staging finds the localhost checkout URL', async () => {
    const result = await runCli(['check', 'staging', ...DEMO, '-f', 'json']);
    expect(result.code).toBe(1);
    const rules = jsonReport(result).findings.map((f) => `${f.rule} ${f.key}`);
    expect(rules).toContain('localhost-url frontend-env:VITE_STRIPE_CANCEL_URL');
    expect(result.stdout).toContain('VITE_STRIPE_SUCCESS_URL');
  });
});
