/**
 * Reads that are not whole fail closed (SPEC §7a): exit 2, a one-line error naming the source
 * and environment, the rest of the report still printed — unless the source says
 * `allowSkipped: true`. And what is read is read whole: a binary secret is compared by its
 * fingerprint, a bundle with one Latin-1 byte is still scanned.
 */
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { repo } from './worlds/helpers.js';

const secret = (name: string, binary: string) =>
  JSON.stringify({
    ARN: `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}-AbC`,
    Name: name,
    SecretBinary: binary,
  });

const config = (sources: string) => `version: 1
environments: { staging: {}, production: {} }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
${sources}`;

const DOTENV = { '.env.staging': 'A=1\nONLY_STAGING=x\n', '.env.production': 'A=1\n' };

describe('partial reads fail closed', () => {
  it('binary secrets: compared by fingerprint, never as null', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const differ = repo({
      ...DOTENV,
      'parity.yaml': config(
        '  cert: { type: secrets-manager, secret: app/cert, export: "cert-${env}.json" }\n',
      ),
      'cert-staging.json': secret('app/cert', b64('\u0000\u0001staging-binary-canary')),
      'cert-production.json': secret('app/cert', b64('\u0000\u0001production-binary-canary')),
    });
    const apart = await runCli(['diff', 'staging', 'production', '-f', 'json', '-v'], {
      cwd: differ,
    });
    const report = jsonReport(apart);
    expect(report.findings.filter((f) => f.key.startsWith('cert:'))).toEqual([]);
    expect(apart.stdout).not.toContain('binary-canary');
    expect(apart.stdout).not.toContain(b64('\u0000\u0001staging-binary-canary'));

    const same = repo({
      ...DOTENV,
      'parity.yaml': config(
        '  cert: { type: secrets-manager, secret: app/cert, export: "cert-${env}.json" }\n',
      ),
      'cert-staging.json': secret('app/cert', b64('\u0000\u0001shared-binary-canary')),
      'cert-production.json': secret('app/cert', b64('\u0000\u0001shared-binary-canary')),
    });
    const shared = jsonReport(
      await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: same }),
    );
    expect(shared.findings.filter((f) => f.key === 'cert:value').map((f) => f.rule)).toEqual([
      'shared-secret',
    ]);
    expect(shared.findings.find((f) => f.key === 'cert:value')?.values).toEqual({
      staging: '<redacted>',
      production: '<redacted>',
    });
  });

  it('a batch-get-secret-value export listing errors: exit 2, the rest still reported', async () => {
    const dir = repo({
      ...DOTENV,
      'parity.yaml': config(
        '  keys: { type: secrets-manager, prefix: app/, export: "batch-${env}.json" }\n',
      ),
      'batch-staging.json': JSON.stringify({
        SecretValues: [{ Name: 'app/a', SecretString: '{"k":"staging-value-1"}' }],
        Errors: [{ SecretId: 'app/b', ErrorCode: 'AccessDeniedException', Message: 'denied' }],
      }),
      'batch-production.json': JSON.stringify({
        SecretValues: [{ Name: 'app/a', SecretString: '{"k":"production-value-1"}' }],
        Errors: [],
      }),
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    const report = jsonReport(result);
    expect(
      report.sources.find((s) => s.environment === 'staging' && s.name === 'keys')?.error,
    ).toBe(
      'the batch-get-secret-value export lists 1 secret it could not read (app/b: AccessDeniedException); set allowSkipped: true to accept',
    );
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toContain(
      'missing-key web:ONLY_STAGING',
    );
  });

  const bundle = (extra = '') =>
    config(`  bundle: { type: s3-bundle, dir: "dist-\${env}"${extra} }\n`);
  const localhost = 'fetch("http://localhost:3000/checkout");';

  it('a localhost URL inside a 6 MB .js (over maxObjectBytes) is not "no drift": exit 2', async () => {
    const big = `${'x'.repeat(6 * 1024 * 1024)}\n${localhost}\n`;
    const files = {
      ...DOTENV,
      'dist-staging/assets/app.js': big,
      'dist-staging/index.html': '<html></html>',
      'dist-production/assets/app.js': 'var a=1;',
      'dist-production/index.html': '<html></html>',
    };
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: repo({ ...files, 'parity.yaml': bundle() }),
    });
    expect(result.code).toBe(2);
    expect(
      jsonReport(result).sources.find((s) => s.name === 'bundle' && s.environment === 'staging')
        ?.error,
    ).toBe(
      '1 text object not scanned: assets/app.js (over maxObjectBytes) (raise maxObjectBytes, or set allowSkipped: true)',
    );
    const skipped = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: repo({ ...files, 'parity.yaml': bundle(', allowSkipped: true') }),
    });
    expect(skipped.code).not.toBe(2);
    const raised = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: repo({ ...files, 'parity.yaml': bundle(', maxObjectBytes: 8000000') }),
    });
    expect(jsonReport(raised).findings.map((f) => `${f.rule} ${f.key}`)).toContain(
      'localhost-url bundle:urls',
    );
  });

  it('a .js with one Latin-1 byte is decoded leniently and scanned', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('var s="caf'),
      Buffer.from([0xe9]),
      Buffer.from(`";${localhost}`),
    ]);
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: repo({
        ...DOTENV,
        'parity.yaml': bundle(),
        'dist-staging/assets/app.js': latin1,
        'dist-production/assets/app.js': 'var a=1;',
      }),
    });
    expect(result.code).toBe(1);
    expect(
      jsonReport(result).findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`),
    ).toContain('localhost-url bundle:urls staging');
  });
});
