/** `parity snapshot` files: redacted, fingerprinted only with a key, and diffable like live environments. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, REPO_ROOT, runCli } from '../support/cli.js';

const DEMO = ['-c', path.join(REPO_ROOT, 'fixtures/demo/parity.yaml')];
const KEY = { PARITY_FINGERPRINT_KEY: 'team-shared-fingerprint-key-0001' };

function demoSecrets(): string[] {
  const out: string[] = [];
  for (const env of ['staging', 'production']) {
    const text = readFileSync(path.join(REPO_ROOT, `fixtures/demo/aws/ssm-${env}.json`), 'utf8');
    for (const m of text.matchAll(/"Type": "SecureString",\s*"Value": "([^"]+)"/g))
      if (m[1]) out.push(m[1]);
  }
  return out;
}

describe('parity snapshot', () => {
  it('writes a redacted snapshot: no secret, no fingerprint without a key', async () => {
    const result = await runCli(['snapshot', 'staging', ...DEMO]);
    expect(result.code).toBe(0);
    const file = JSON.parse(result.stdout) as {
      kind: string;
      environment: string;
      fingerprints: string;
      sources: { facts: { path: string; redacted?: boolean; fingerprint?: string }[] }[];
    };
    expect(file).toMatchObject({
      kind: 'parity-snapshot',
      environment: 'staging',
      fingerprints: 'none',
    });
    const facts = file.sources.flatMap((s) => s.facts);
    expect(facts.find((f) => f.path === 'SECRET_KEY')).toMatchObject({ redacted: true });
    expect(facts.some((f) => f.fingerprint)).toBe(false);
    const secrets = demoSecrets();
    expect(secrets.length).toBeGreaterThan(5);
    for (const s of secrets) expect(result.stdout).not.toContain(s);
  });

  it('a diff of two snapshot files gives the same findings as the live diff (with a shared key)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-snap-'));
    for (const env of ['staging', 'production']) {
      const r = await runCli(['snapshot', env, ...DEMO, '-o', path.join(dir, `${env}.json`)], {
        env: KEY,
      });
      expect(r.code).toBe(0);
      const text = readFileSync(path.join(dir, `${env}.json`), 'utf8');
      expect(text).toContain('"fingerprints": "keyed"');
      for (const s of demoSecrets()) expect(text).not.toContain(s);
    }
    const live = jsonReport(
      await runCli(['diff', 'staging', 'production', ...DEMO, '-f', 'json'], { env: KEY }),
    );
    const fromFiles = await runCli(
      [
        'diff',
        path.join(dir, 'staging.json'),
        path.join(dir, 'production.json'),
        ...DEMO,
        '-f',
        'json',
      ],
      { env: KEY },
    );
    expect(fromFiles.code).toBe(1);
    const lines = (r: typeof live) =>
      r.findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`);
    expect(lines(jsonReport(fromFiles))).toEqual(lines(live));
    // Mixed: one live, one from a file.
    const mixed = jsonReport(
      await runCli(['diff', 'staging', path.join(dir, 'production.json'), ...DEMO, '-f', 'json'], {
        env: KEY,
      }),
    );
    expect(lines(mixed)).toEqual(lines(live));
  });

  it('two snapshot files diff with no config at all, and the text report says how old they are', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-snap-'));
    for (const env of ['staging', 'production']) {
      await runCli(['snapshot', env, ...DEMO, '-o', path.join(dir, `${env}.json`)]);
    }
    const old = JSON.parse(readFileSync(path.join(dir, 'staging.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    writeFileSync(
      path.join(dir, 'staging.json'),
      JSON.stringify({ ...old, capturedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const result = await runCli(['diff', 'staging.json', 'production.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /staging \(snapshot staging\.json, taken \d+ days ago — old: the environment may have changed since\)/,
    );
    expect(result.stdout).toContain('localhost-url');
  });

  it('a file that is not a snapshot is a clear error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-snap-'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'x.json'), '{"hello": 1}');
    writeFileSync(path.join(dir, 'y.json'), '{"hello": 1}');
    const result = await runCli(['diff', 'x.json', 'y.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^parity: x\.json: not a parity snapshot file .* — write one with `parity snapshot <env> -o FILE`\n$/,
    );
  });
});
