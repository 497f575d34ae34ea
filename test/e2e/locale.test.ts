/**
 * The same inputs give byte-identical reports on any machine and locale: nothing parity prints
 * is ordered by the locale's collation (under lt_LT `y` sorts with `i`, under cs_CZ `ch` after
 * `h`, and case folds differently). Run-time figures (`generatedAt`, durations) aside.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIFF, REPO_ROOT, runCli, withoutRunTimes } from '../support/cli.js';
import { repo } from './worlds/helpers.js';

const LOCALES = ['C', 'en_US.UTF-8', 'sv_SE.UTF-8', 'lt_LT.UTF-8', 'cs_CZ.UTF-8'];
const KEYS = ['CHANNEL', 'HOST', 'YEAR', 'IA', 'JA', 'aa', 'Zz', 'VIN', 'WIN', 'ch', 'h_x', '_x'];

async function outputs(args: readonly string[], cwd: string): Promise<string[]> {
  return Promise.all(
    LOCALES.map(async (locale) => {
      const r = await runCli(args, { cwd, env: { LC_ALL: locale, LANG: locale } });
      return withoutRunTimes(r.stdout);
    }),
  );
}

describe('locale independence', () => {
  it('the demo reports the same bytes in every locale (json, text, markdown)', async () => {
    for (const format of ['json', 'text', 'markdown']) {
      const all = await outputs([...DEMO_DIFF, '-f', format, '-v'], REPO_ROOT);
      for (const out of all) expect(out).toBe(all[0]);
    }
  });

  it('the matrix of three environments is the same bytes in every locale (text, markdown, json)', async () => {
    const env = (n: number) => KEYS.map((k, i) => `${k}=v${i % 3 === 0 ? n : 0}`).join('\n');
    const dir = repo({
      'parity.yaml':
        'version: 1\nenvironments: { dev: {}, staging: {}, production: {} }\nsources:\n  web: { type: dotenv, file: ".env.${env}" }\n',
      '.env.dev': env(1),
      '.env.staging': env(2),
      '.env.production': env(3),
    });
    for (const format of ['text', 'markdown', 'json']) {
      const all = await outputs(['matrix', 'dev', 'staging', 'production', '-f', format], dir);
      for (const out of all) expect(out).toBe(all[0]);
    }
  });

  it('keys that collations order differently come out in code-unit order everywhere', async () => {
    const env = (n: number) => KEYS.map((k) => `${k}=v${n}`).join('\n');
    const dir = repo({
      'parity.yaml':
        'version: 1\nenvironments: { staging: {}, production: {} }\nsources:\n  web: { type: dotenv, file: ".env.${env}" }\n',
      '.env.staging': env(1),
      '.env.production': env(2),
    });
    const all = await outputs(['diff', 'staging', 'production', '-f', 'json'], dir);
    for (const out of all) expect(out).toBe(all[0]);
    const keys = (JSON.parse(all[0] ?? '{}') as { findings: { key: string }[] }).findings.map(
      (f) => f.key,
    );
    expect(keys).toEqual([...keys].sort());
    expect(keys).toHaveLength(KEYS.length);
  });
});
