/**
 * SPEC §7a "Credentials are recognised in their real formats", end to end: every credential of
 * the corpus, under an ordinary key name, in a dotenv file and as a plain `String` SSM parameter
 * (so neither source says it is secret), different in staging and production so that value
 * drift would print it. No command, format, file or GitHub step summary may show any of them.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import type { CliResult } from '../support/cli.js';
import { credentialCorpus } from '../fixtures/credentials/corpus.js';
import type { CorpusEntry } from '../fixtures/credentials/corpus.js';
import { repo } from './worlds/helpers.js';

const corpora: Record<string, CorpusEntry[]> = {
  staging: credentialCorpus(101),
  production: credentialCorpus(202),
};

// dotenv names may not hold `/` (the corpus's SSM-style `payments/liveKey`).
const dotenvKey = (key: string) => key.replace(/\//g, '_');

function dotenvFile(entries: readonly CorpusEntry[]): string {
  return entries
    .map(({ key, value }) => {
      // Multi-line values (PEM blocks) in double quotes; everything else single-quoted, which
      // dotenv takes literally (the JSON's `\n` escapes stay as written).
      const quoted = value.includes('\n') ? `"${value}"` : `'${value}'`;
      return `${dotenvKey(key)}=${quoted}`;
    })
    .join('\n');
}

function ssmExport(env: string, entries: readonly CorpusEntry[]): string {
  return JSON.stringify(
    {
      Parameters: entries.map(({ key, value }) => ({
        Name: `/app/${env}/${key}`,
        Type: 'String',
        Value: value,
        Version: 1,
        LastModifiedDate: '2026-11-01T10:00:00.000000+00:00',
        ARN: `arn:aws:ssm:us-east-1:111122223333:parameter/app/${env}/${key}`,
        DataType: 'text',
      })),
    },
    null,
    2,
  );
}

/**
 * What must never appear: each whole value, each line of a multi-line value (but PEM armour
 * lines, which are no secret), and each long random run inside a value (a URL's password, a
 * token's body without its prefix).
 */
function needles(value: string): string[] {
  const found = new Set<string>([value]);
  for (const line of value.split('\n')) {
    if (line.length >= 20 && !line.startsWith('-----')) found.add(line);
  }
  for (const run of value.match(/[A-Za-z0-9+/_]{16,}/g) ?? []) {
    if (/[0-9]/.test(run)) found.add(run);
  }
  return [...found];
}

describe('credential corpus end to end (SPEC §7a)', () => {
  it('no corpus credential appears in any command, format, file or step summary', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments:
  staging: {}
  production: {}
sources:
  web: { type: dotenv, file: ".env.\${env}", expand: false }
  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
`,
      '.env.staging': `${dotenvFile(corpora.staging ?? [])}\n`,
      '.env.production': `${dotenvFile(corpora.production ?? [])}\n`,
      'ssm-staging.json': ssmExport('staging', corpora.staging ?? []),
      'ssm-production.json': ssmExport('production', corpora.production ?? []),
    });
    // The planting itself is right: dotenv reads back every value exactly.
    for (const env of ['staging', 'production']) {
      const parsed = parse(readFileSync(path.join(dir, `.env.${env}`), 'utf8'));
      for (const { key, value } of corpora[env] ?? []) expect(parsed[dotenvKey(key)]).toBe(value);
    }

    const out = mkdtempSync(path.join(tmpdir(), 'parity-corpus-out-'));
    const outputs: string[] = [];
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
      const r = await runCli(args, { cwd: dir, env });
      // 0 or 1 (findings): never 2, every source read.
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).not.toBe(2);
      outputs.push(r.stdout, r.stderr);
      return r;
    };

    for (const format of ['text', 'json', 'markdown', 'sarif', 'html']) {
      for (const verbose of [[], ['-v']]) {
        const args = ['diff', 'staging', 'production', '-f', format, ...verbose];
        await run(args);
        await run([...args, '-o', path.join(out, `diff-${format}${verbose.length ? '-v' : ''}`)]);
      }
    }
    const json = await run(['diff', 'staging', 'production', '-f', 'json']);
    const report = jsonReport(json);
    const count = corpora.staging?.length ?? 0;
    expect(report.sources.map((s) => [s.name, s.status, s.facts])).toEqual(
      expect.arrayContaining([
        ['web', 'ok', count],
        ['params', 'ok', count],
      ]),
    );
    // Every key was compared and differs; each finding (Stripe live/test keys) is redacted.
    expect(report.summary.keysCompared).toBe(2 * count);
    expect(report.summary.matching).toBe(0);
    expect(report.findings.every((f) => f.sensitive)).toBe(true);

    await run(['diff', 'staging', 'production', '--sarif', path.join(out, 'gate.sarif')]);
    await run(['check', 'staging']);
    await run(['check', 'production', '-f', 'json', '-v']);
    await run(['check', 'production', '-f', 'html', '-o', path.join(out, 'check.html')]);
    await run(['snapshot', 'staging']);
    await run(['snapshot', 'production', '-o', path.join(out, 'snap-production.json')]);
    const keyed = { PARITY_FINGERPRINT_KEY: 'corpus-test-key' };
    await run(['snapshot', 'staging'], keyed);
    await run(['snapshot', 'staging', '-o', path.join(out, 'snap-staging-keyed.json')], keyed);
    await run(
      ['snapshot', 'production', '-o', path.join(out, 'snap-production-keyed.json')],
      keyed,
    );
    await run(
      [
        'diff',
        path.join(out, 'snap-staging-keyed.json'),
        path.join(out, 'snap-production-keyed.json'),
        '-v',
      ],
      keyed,
    );

    // GitHub Actions: annotations on stderr, the Markdown report appended to the step summary.
    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'parity-corpus-gh-')), 'summary.md');
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    await run(['diff', 'staging', 'production'], actions);
    await run(['diff', 'staging', 'production', '-v', '-f', 'markdown'], actions);
    await run(['check', 'production'], actions);
    const summaryText = readFileSync(summary, 'utf8');
    expect(summaryText.length).toBeGreaterThan(0);
    outputs.push(summaryText);

    const files = readdirSync(out);
    expect(files.length).toBe(15);
    for (const f of files) outputs.push(readFileSync(path.join(out, f), 'utf8'));

    const all = outputs.join('\n');
    const leaked: string[] = [];
    let searched = 0;
    for (const entries of Object.values(corpora)) {
      for (const entry of entries) {
        for (const needle of needles(entry.value)) {
          searched++;
          if (all.includes(needle)) leaked.push(`${entry.format} (${entry.key})`);
        }
      }
    }
    expect([...new Set(leaked)]).toEqual([]);
    console.log(
      `[credential corpus] ${count} formats × 2 environments, ${searched} needles searched in ${outputs.length} outputs (${all.length} characters): 0 found`,
    );
  }, 240_000);
});
