/**
 * `parity baseline` end to end on a dotenv + rows-file world (no AWS): what it writes, pasted
 * into parity.yaml, silences today's findings and lets new drift gate at once.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

const SECRET_CANARY = 'canary-secret-7d41c0e9b8a25f36';
const PLAIN_CANARY = 'canary-plain-5be2a9c03f7d';

const CONFIG = `version: 1
environments:
  staging: { hosts: { app: staging.example.com } }
  production: { hosts: { app: example.com } }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
  plans: { type: sql, file: "plans.\${env}.json", key: name }
`;

// Row names become keys: every one needs quoting or escaping in YAML.
const AWKWARD_NAMES = [
  'Pro: "annual" #1',
  '- dash & *star',
  "[x] {y} 'q'",
  'line\nbreak',
  '\u202eevil',
];

function world(): string {
  const rows = (price: number) =>
    JSON.stringify(AWKWARD_NAMES.map((name, i) => ({ name, price: price + i })));
  return tempRepo({
    'parity.yaml': CONFIG,
    '.env.staging': `API_URL=http://localhost:3000\nONLY_STAGING=1\nSECRET_KEY=${SECRET_CANARY}\nNOTE=${PLAIN_CANARY}\n`,
    '.env.production': `API_URL=https://api.example.com\nSECRET_KEY=${SECRET_CANARY}\nNOTE=other\n`,
    'plans.staging.json': rows(10),
    'plans.production.json': rows(20),
  });
}

const BASELINE = ['baseline', 'staging', 'production'];
const today = (): string => new Date().toISOString().slice(0, 10);

async function diffJson(cwd: string) {
  const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd });
  return { code: result.code, report: jsonReport(result) };
}

describe('parity baseline', () => {
  it('prints ignore entries that, added to parity.yaml, ignore every finding; new drift gates', async () => {
    const cwd = world();
    const before = await diffJson(cwd);
    expect(before.code).toBe(1);

    const result = await runCli(BASELINE, { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^parity: \d+ ignore entries \(expiring \d{4}-\d{2}-\d{2}\)/);
    const { ignore } = parse(result.stdout) as { ignore: Record<string, string>[] };
    expect(ignore.length).toBe(before.report.findings.length);
    expect(ignore[0]).toMatchObject({ reason: `baseline ${today()}: review` });
    const keys = new Set(ignore.map((e) => e.key));
    for (const name of AWKWARD_NAMES) expect(keys).toContain(`plans:rows.${name}`);

    appendFileSync(path.join(cwd, 'parity.yaml'), result.stdout);
    const after = await diffJson(cwd);
    expect(after.code).toBe(0);
    expect(after.report.findings).toEqual([]);
    expect(after.report.summary.ignored).toBe(before.report.findings.length);

    appendFileSync(path.join(cwd, '.env.staging'), 'NEW_FLAG=1\n');
    const drifted = await diffJson(cwd);
    expect(drifted.code).toBe(1);
    expect(drifted.report.findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'missing-key web:NEW_FLAG',
    ]);
  });

  it('writes -o FILE byte-identical to stdout, run after run, and never a value', async () => {
    const cwd = world();
    const printed = await runCli(BASELINE, { cwd });
    const written = await runCli([...BASELINE, '-o', 'parity.baseline.yaml'], { cwd });
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.stderr).toContain('written to parity.baseline.yaml');
    expect(readFileSync(path.join(cwd, 'parity.baseline.yaml'), 'utf8')).toBe(printed.stdout);
    expect((await runCli(BASELINE, { cwd })).stdout).toBe(printed.stdout);
    for (const text of [printed.stdout, printed.stderr, written.stderr]) {
      expect(text).not.toContain(SECRET_CANARY);
      expect(text).not.toContain(PLAIN_CANARY);
    }
  });

  it('refuses to overwrite a file unless --force, and parity.yaml even with it', async () => {
    const cwd = world();
    writeFileSync(path.join(cwd, 'old.yaml'), 'keep me\n');
    const refused = await runCli([...BASELINE, '-o', 'old.yaml'], { cwd });
    expect(refused).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'parity: old.yaml already exists — use --force to overwrite it\n',
    });
    expect(readFileSync(path.join(cwd, 'old.yaml'), 'utf8')).toBe('keep me\n');
    expect((await runCli([...BASELINE, '-o', 'old.yaml', '--force'], { cwd })).code).toBe(0);
    expect(readFileSync(path.join(cwd, 'old.yaml'), 'utf8')).toMatch(/^ignore:$/m);

    const config = await runCli([...BASELINE, '-o', 'parity.yaml', '--force'], { cwd });
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^parity: baseline does not write the config itself .*\n$/);
    expect(readFileSync(path.join(cwd, 'parity.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('writes nothing when a source failed: exit 2, one line saying why', async () => {
    const cwd = tempRepo({ 'parity.yaml': CONFIG, '.env.staging': 'A=1\n' });
    const result = await runCli([...BASELINE, '-o', 'parity.baseline.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('a baseline of an incomplete audit would hide drift');
    expect(existsSync(path.join(cwd, 'parity.baseline.yaml'))).toBe(false);
  });

  it('takes --expires, refusing a date that is not a real one after today', async () => {
    const cwd = world();
    const result = await runCli([...BASELINE, '--expires', '2999-12-31', '--only', 'web'], { cwd });
    expect(result.code).toBe(0);
    const { ignore } = parse(result.stdout) as { ignore: Record<string, string>[] };
    expect(new Set(ignore.map((e) => e.expires))).toEqual(new Set(['2999-12-31']));
    expect(ignore.every((e) => e.key?.startsWith('web:'))).toBe(true);
    for (const bad of ['2000-01-01', '2999-02-30', 'soon']) {
      const refused = await runCli([...BASELINE, '--expires', bad], { cwd });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^parity: --expires .*\n$/);
    }
  });

  it('is listed in parity --help with an example', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/^ {2}baseline .*ignore: entries/m);
    expect(result.stdout).toContain('parity baseline staging production -o parity.baseline.yaml');
  });
});
