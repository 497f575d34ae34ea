/**
 * The real-world corpus (test/fixtures/real-world: our own files in the shapes found in public
 * repositories and the AWS CLI's published examples), run as a user runs parity: one config per
 * pair, `parity diff` on the exports. Every input must be read, every injected drift found
 * with its rule, nothing said on the legitimate differences, and the precision of the
 * warning/error findings is measured (SPEC §11: ≥ 90 % overall, ≥ 95 % staging ↔ production).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import type { JsonReport } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

const CORPUS = fileURLToPath(new URL('../fixtures/real-world/', import.meta.url));

interface Expectation {
  readonly rule: string;
  readonly key: string;
  readonly env?: string;
  readonly liveOnly?: string;
}
interface Pair {
  readonly name: string;
  readonly environments: readonly [string, string];
  readonly source: {
    readonly type: string;
    readonly files: Readonly<Record<string, string>>;
    readonly options?: Readonly<Record<string, unknown>>;
    readonly layout?: string;
    readonly mode?: Readonly<Record<string, string>>;
  };
  readonly mustFind: readonly Expectation[];
  readonly mustBeQuiet: readonly string[];
  readonly neverRules?: readonly { rule: string; key: string; env?: string }[];
}
interface Corpus {
  readonly environments: Readonly<
    Record<string, { tier: string; aliases: string[]; accountId?: string; hosts: object }>
  >;
  readonly pairs: readonly Pair[];
  readonly singles: readonly Single[];
}

interface Single {
  readonly file: string;
  readonly type: string;
  readonly env: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly keys?: readonly string[];
  readonly absentKeys?: readonly string[];
  readonly expectError?: string;
  readonly withAllowSkipped?: { readonly keys: readonly string[] };
  readonly mustFind?: readonly (Expectation & { severity?: string })[];
  readonly mustBeQuiet?: readonly string[];
}

const corpus = JSON.parse(readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as Corpus;

/** A repository holding the corpus and a parity.yaml that reads one pair's files. */
function world(pair: Pair): string {
  const dir = tempRepo({}, 'parity-real-');
  cpSync(CORPUS, dir, { recursive: true });
  const { type, files, options = {}, layout, mode } = pair.source;
  const environments = Object.fromEntries(
    Object.entries(corpus.environments).map(([name, e]) => {
      const own = layout
        ? { mode: mode?.[name] ?? name }
        : files[name]
          ? { [type === 'dotenv' ? 'file' : 'export']: files[name] }
          : {};
      return [
        name,
        {
          tier: e.tier,
          aliases: e.aliases,
          hosts: e.hosts,
          ...(e.accountId ? { aws: { accountId: e.accountId } } : {}),
          ...(Object.keys(own).length > 0 ? { sources: { src: own } } : {}),
        },
      ];
    }),
  );
  const dirOf = layout ? { layout, dir: files[pair.environments[0]] } : {};
  writeFileSync(
    path.join(dir, 'parity.yaml'),
    stringify({ version: 1, environments, sources: { src: { type, ...options, ...dirOf } } }),
  );
  return dir;
}

const gating = (r: JsonReport) => r.findings.filter((f) => f.severity !== 'info');
const matches = (f: JsonReport['findings'][number], e: Expectation): boolean =>
  f.rule === e.rule && f.key === `src:${e.key}` && (!e.env || f.environments.includes(e.env));

const tally = { all: { tp: 0, n: 0 }, stagingProduction: { tp: 0, n: 0 } };
/** The warnings and errors that are no injected drift, for the summary. */
const unexpected: string[] = [];

/** A repository with the corpus and a config reading one file for one environment. */
function single(s: Single, extra: Readonly<Record<string, unknown>> = {}): string {
  const dir = tempRepo({}, 'parity-real-');
  cpSync(CORPUS, dir, { recursive: true });
  const e = corpus.environments[s.env];
  const at = s.type === 'dotenv' ? { file: s.file } : { export: s.file };
  writeFileSync(
    path.join(dir, 'parity.yaml'),
    stringify({
      version: 1,
      environments: { [s.env]: { tier: e?.tier, aliases: e?.aliases, hosts: e?.hosts } },
      sources: { src: { type: s.type, ...s.options, ...at, ...extra } },
    }),
  );
  return dir;
}

/** The keys a verbose report lists (JSON `entries`, which the report schema leaves out). */
const entriesOf = (result: { stdout: string }): string[] =>
  (JSON.parse(result.stdout) as { entries: { key: string }[] }).entries.map((x) => x.key);

const keyMatches = (key: string, want: string): boolean =>
  want.endsWith('*') ? key.startsWith(`src:${want.slice(0, -1)}`) : key === `src:${want}`;

describe('real-world single files', () => {
  it.each(corpus.singles.map((s) => [s.file, s] as const))('%s', async (_file, s) => {
    const run = (dir: string) =>
      runCli(['check', s.env, '-f', 'json', '-v', '--fail-on', 'never'], { cwd: dir });
    const result = await run(single(s));
    const report = jsonReport(result);
    if (s.expectError) {
      expect(result.code).toBe(2);
      expect(report.sources[0]).toMatchObject({ status: 'error', code: s.expectError });
      if (s.withAllowSkipped) {
        const skippedResult = await run(single(s, { allowSkipped: true }));
        const keys = entriesOf(skippedResult);
        for (const k of s.withAllowSkipped.keys) expect(keys).toContain(`src:${k}`);
      }
      return;
    }
    expect(report.sources.filter((x) => x.status !== 'ok')).toEqual([]);
    const keys = entriesOf(result);
    for (const k of s.keys ?? [])
      expect(
        keys.some((key) => keyMatches(key, k)),
        k,
      ).toBe(true);
    for (const k of s.absentKeys ?? [])
      expect(
        keys.some((key) => keyMatches(key, k)),
        k,
      ).toBe(false);
    for (const e of s.mustFind ?? []) {
      const hit = report.findings.find((f) => matches(f, e));
      expect(hit, `${e.rule} ${e.key}`).toBeDefined();
      if (e.severity) expect(hit?.severity).toBe(e.severity);
    }
    const noisy = gating(report).filter((f) =>
      (s.mustBeQuiet ?? []).some((k) => keyMatches(f.key, k)),
    );
    expect(noisy.map((f) => `${f.rule} ${f.key}`)).toEqual([]);
  });
});

describe('real-world corpus', () => {
  it.each(corpus.pairs.map((p) => [p.name, p] as const))('%s', async (_name, pair) => {
    const [a, b] = pair.environments;
    const result = await runCli(['diff', a, b, '-f', 'json', '--fail-on', 'never'], {
      cwd: world(pair),
    });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    // Every input read.
    expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
    // Every injected drift found, with its rule.
    for (const e of pair.mustFind.filter((m) => !m.liveOnly)) {
      expect(
        report.findings.some((f) => matches(f, e)),
        `${e.rule} ${e.key}`,
      ).toBe(true);
    }
    // Nothing at warning or error on a legitimate difference.
    const noisy = gating(report).filter((f) => pair.mustBeQuiet.some((k) => f.key === `src:${k}`));
    expect(noisy.map((f) => `${f.rule} ${f.key}`)).toEqual([]);
    for (const never of pair.neverRules ?? []) {
      const hit = report.findings.filter(
        (f) =>
          f.rule === never.rule &&
          (never.key === '*' ||
            f.key === `src:${never.key}` ||
            f.key.startsWith(`src:${never.key.replace(/\*$/, '')}`)) &&
          (!never.env || f.environments.includes(never.env)),
      );
      expect(hit.map((f) => `${f.rule} ${f.key}`)).toEqual([]);
    }
    // Precision: gating findings that are injected drifts, over all gating findings.
    const found = gating(report);
    const tp = found.filter((f) => pair.mustFind.some((e) => matches(f, e))).length;
    for (const f of found.filter((x) => !pair.mustFind.some((e) => matches(x, e)))) {
      unexpected.push(`${pair.name}: ${f.rule} ${f.key} ${f.environments.join(',')}`);
    }
    tally.all.tp += tp;
    tally.all.n += found.length;
    if (a === 'staging' && b === 'production') {
      tally.stagingProduction.tp += tp;
      tally.stagingProduction.n += found.length;
    }
  });

  it('is precise: ≥ 90 % of warnings and errors are real drift, ≥ 95 % on staging ↔ production', () => {
    const pct = (t: { tp: number; n: number }) => (t.n === 0 ? 1 : t.tp / t.n);
    console.log(
      `[real-world corpus] ${corpus.pairs.length} pairs: precision ${(100 * pct(tally.all)).toFixed(1)} % ` +
        `(${tally.all.tp}/${tally.all.n}), staging ↔ production ${(100 * pct(tally.stagingProduction)).toFixed(1)} % ` +
        `(${tally.stagingProduction.tp}/${tally.stagingProduction.n})` +
        unexpected.map((u) => `\n  not an injected drift: ${u}`).join(''),
    );
    expect(tally.all.n).toBeGreaterThan(0);
    expect(pct(tally.all)).toBeGreaterThanOrEqual(0.9);
    expect(pct(tally.stagingProduction)).toBeGreaterThanOrEqual(0.95);
  });
});
