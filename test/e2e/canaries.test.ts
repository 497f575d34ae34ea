/**
 * Secret canaries across everything: every command, every format, --verbose, snapshot files,
 * and an error path where a source fails after a secret was read (the failing path is built
 * from a secret). None of the planted values may appear anywhere.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repo } from './worlds/helpers.js';

const CANARY = {
  secretKey: 'canary-secret-key-7Hq2Lx9Wm4',
  password: 'canary-db-password-Zr81Vb4K',
  token: 'ghp_canaryToken000000000000000000000000',
  stripe: 'sk_live_canary51HgStripeLiveKey000000',
};

const ssmExport = (env: string) =>
  JSON.stringify({
    Parameters: [
      { Name: `/app/${env}/SECRET_KEY`, Type: 'SecureString', Value: CANARY.secretKey },
      {
        Name: `/app/${env}/DATABASE_URL`,
        Type: 'SecureString',
        Value: `postgres://app:${CANARY.password}@db-${env}.internal/app`,
      },
      { Name: `/app/${env}/GITHUB_TOKEN`, Type: 'SecureString', Value: CANARY.token },
      { Name: `/app/${env}/PAYMENTS`, Type: 'String', Value: CANARY.stripe },
      {
        Name: `/app/${env}/EXTRA_FILE`,
        Type: 'SecureString',
        Value: `files/${CANARY.secretKey}.env`,
      },
    ],
  });

describe('secret canaries', () => {
  it('no planted secret appears in any command, format, file or error', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments:
  staging: {}
  production: {}
sources:
  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  web: { type: dotenv, file: ".env.\${env}" }
  extra: { type: dotenv, file: "\${params:EXTRA_FILE}" }
`,
      'ssm-staging.json': ssmExport('staging'),
      'ssm-production.json': ssmExport('production'),
      '.env.staging': `API_KEY=${CANARY.token}\nDB=${CANARY.password}\n`,
      '.env.production': `API_KEY=${CANARY.token}x\nDB=${CANARY.password}y\n`,
    });
    const out = mkdtempSync(path.join(tmpdir(), 'parity-canary-out-'));
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown', 'sarif']) {
      for (const verbose of [[], ['-v']]) {
        const r = await runCli(['diff', 'staging', 'production', '-f', format, ...verbose], {
          cwd: dir,
        });
        expect(r.code).toBe(2); // `extra` fails: its path would be built from a secret
        outputs.push(r.stdout, r.stderr);
        const file = path.join(out, `report-${format}${verbose.length ? '-v' : ''}`);
        const w = await runCli(
          ['diff', 'staging', 'production', '-f', format, ...verbose, '-o', file],
          { cwd: dir },
        );
        outputs.push(w.stdout, w.stderr);
      }
    }
    for (const args of [
      ['check', 'staging'],
      ['check', 'production', '-f', 'json', '-v'],
      ['snapshot', 'staging'],
      ['snapshot', 'production', '-o', path.join(out, 'snap.json')],
    ]) {
      const r = await runCli(args, {
        cwd: dir,
        env: { PARITY_FINGERPRINT_KEY: 'canary-test-key' },
      });
      outputs.push(r.stdout, r.stderr);
    }
    // The error path: the source whose file path would be built from a secret fails, naming the
    // reference, never the value (SPEC §7a: a secret is never part of a path).
    const json = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(json.stdout).toContain(
      '"error": "${params:EXTRA_FILE} is a secret: it may only be the whole value of a database connection (sql, schema) or an http header"',
    );
    for (const f of readdirSync(out)) outputs.push(readFileSync(path.join(out, f), 'utf8'));
    expect(readdirSync(out).length).toBe(9);
    const all = outputs.join('\n');
    let searched = 0;
    for (const canary of Object.values(CANARY)) {
      searched++;
      expect(all).not.toContain(canary);
    }
    console.log(
      `[canaries] ${searched} canaries searched in ${outputs.length} outputs (${all.length} characters): 0 found`,
    );
  });
});
