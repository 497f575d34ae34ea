/**
 * A hostile pull request writes the patterns too (SPEC §7a): `scan:` regexes of a bundle and the
 * key globs of `compare` and `ignore`. None may hold the job: a pattern that backtracks
 * exponentially on a backtracking engine completes, one whose matches add up to quadratic time
 * is stopped at the scan's time limit, and what RE2 cannot run is refused up front. Each run is
 * the built CLI; the test's own time limit is the hang guard.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import { repo } from '../worlds/helpers.js';

const bundleConfig = (scan: string): string => `version: 1
environments: { staging: {} }
sources:
  bundle: { type: s3-bundle, dir: dist, scan: { ${scan} } }
`;

interface SnapshotFile {
  sources: {
    name: string;
    status: string;
    error?: string;
    facts: { path: string; value: unknown }[];
  }[];
}

async function scanFacts(
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; facts: Map<string, unknown> }> {
  const out = path.join(dir, 'snapshot.json');
  const r = await runCli(['snapshot', 'staging', '-o', out], { cwd: dir, env, timeoutMs: 25_000 });
  const file = JSON.parse(readFileSync(out, 'utf8')) as SnapshotFile;
  const source = file.sources.find((s) => s.name === 'bundle');
  expect(source?.status).toBe('ok');
  return { code: r.code, facts: new Map(source?.facts.map((f) => [f.path, f.value])) };
}

describe('hostile pull request: scan patterns', () => {
  const redos = {
    'parity.yaml': bundleConfig('bad: "(a+)+$", tail: "a+$"'),
    // 50,000 a's and a '!': a backtracking engine tries 2^50,000 ways before it gives up.
    'dist/a.txt': `${'a'.repeat(50_000)}!`,
    'dist/b.txt': 'xaaa',
  };

  it('(a+)+$ on 50,000 a\u2019s completes, with the matches a RegExp would find', async () => {
    const { code, facts } = await scanFacts(repo(redos), { PARITY_SCAN_WORKERS: '0' });
    expect(code).toBe(0);
    expect(facts.get('scan.bad')).toEqual(['aaa']);
    expect(facts.get('scan.tail')).toEqual(['aaa']);
  });

  it('the same in a scan worker', async () => {
    const { code, facts } = await scanFacts(repo(redos), { PARITY_SCAN_WORKERS: '2' });
    expect(code).toBe(0);
    expect(facts.get('scan.bad')).toEqual(['aaa']);
  });

  // `a*b|a` matches each 'a' alone, but every search first follows `a*b` to the end of the text:
  // 200,000 searches of up to 200,000 characters. Stopped at the time limit, a source error.
  it.each([
    ['on the main thread', '0'],
    ['in a scan worker', '1'],
  ])('a pattern whose matches add up to quadratic time is stopped %s', async (_where, workers) => {
    const dir = repo({
      'parity.yaml': bundleConfig('slow: "a*b|a"'),
      'dist/a.txt': 'a'.repeat(200_000),
    });
    const r = await runCli(['check', 'staging', '-f', 'json'], {
      cwd: dir,
      env: { PARITY_SCAN_WORKERS: workers },
      timeoutMs: 25_000,
    });
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toBe(
      "scan.slow: the pattern ran past the scan's time limit and was stopped; simplify it",
    );
  });

  it('ordinary patterns find what String.prototype.match found', async () => {
    const patterns: Record<string, string> = {
      release: 'v\\d+\\.\\d+\\.\\d+',
      hosts: 'https?://[a-z0-9.-]+',
      word: '\\bapi\\b',
      lineStart: '^\\w+',
      lineEnd: '\\w+$',
      quoted: '"[^"]*"',
      alternation: '(?:cat|dog)s?_[a-z0-9]{2,}',
      named: '(?<env>staging|production)-db',
      unicode: '\\u00e9t\\u00e9',
      optional: 'colou?r',
      empty: 'x*',
      lazy: '<.+?>',
    };
    const text = [
      'fetch("https://api.example.com/v1");var r="v1.2.10";',
      'api apis _api api.x <b>été</b> <i>colour color</i>',
      'cats_ab dog_12 cat_x staging-db production-db xx end',
    ].join('\n');
    const scan = Object.entries(patterns)
      .map(([name, p]) => `${name}: ${JSON.stringify(p)}`)
      .join(', ');
    const dir = repo({ 'parity.yaml': bundleConfig(scan), 'dist/a.txt': text });
    const { facts } = await scanFacts(dir);
    for (const [name, p] of Object.entries(patterns)) {
      const expected = [...new Set(text.match(new RegExp(p, 'g')) ?? [])].sort();
      expect([name, facts.get(`scan.${name}`)]).toEqual([name, expected]);
    }
  });

  it.each([
    ['lookahead', '"x(?=y)"', /^scan\.p: lookaround and backreferences are not supported .*\(\?=/],
    ['lookbehind', '"(?<=x)y"', /^scan\.p: lookaround and backreferences are not supported/],
    ['a backreference', '"(a)\\\\1"', /^scan\.p: .* not supported .*: \\1 is a backreference$/],
    [
      'a named backreference',
      '"(?<n>a)\\\\k<n>"',
      /^scan\.p: .* not supported .*: \\k is a backreference$/,
    ],
    ['invalid syntax', '"(a"', /^scan\.p: invalid regular expression/],
  ])('%s is a one-line config error naming the pattern', async (_what, pattern, message) => {
    const dir = repo({ 'parity.yaml': bundleConfig(`p: ${pattern}`), 'dist/a.txt': 'xy' });
    const r = await runCli(['check', 'staging', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toMatch(message);
  });
});

describe('hostile pull request: key globs', () => {
  it('compare and ignore globs with 30 stars against 5,000-character keys complete', async () => {
    const key = 'A'.repeat(5_000);
    // Never matches (no '!'): as `^web:.*A.*A…!$` this backtracks on the order of 5,000^30 steps.
    const missing = `web:${'*A'.repeat(29)}*!`;
    // Matches both keys: the drift they would report is ignored.
    const matching = `web:${'*A'.repeat(29)}*`;
    const dir = repo({
      'parity.yaml': `version: 1
environments: { staging: {}, production: {} }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
compare:
  differ: ["${missing}"]
  equal: ["${missing}"]
ignore:
  - key: "${missing}"
    reason: hostile
  - key: "${matching}"
    reason: hostile
`,
      '.env.staging': `${key}=1\n${key}B=1\n`,
      '.env.production': `${key}=2\n${key}B=2\n`,
    });
    const r = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      timeoutMs: 25_000,
    });
    const report = jsonReport(r);
    expect(report.summary.ignored).toBe(2);
    expect(report.findings.filter((f) => f.rule === 'value-drift')).toEqual([]);
    expect(r.code).toBe(0);
  });
});
