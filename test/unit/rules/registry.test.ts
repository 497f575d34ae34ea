/** The catalogue is complete: every rule file registered, documented and tested (STYLE §4). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getRule, rules } from '../../../src/rules/index.js';

const root = new URL('../../../', import.meta.url);
const ruleFiles = readdirSync(new URL('src/rules/', root))
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rule registry', () => {
  it('registers every rule file exactly once, with id = file name', () => {
    expect(rules.map((r) => r.id).sort()).toEqual(ruleFiles);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('has every SPEC §5 rule id', () => {
    for (const id of [
      'missing-key',
      'value-drift',
      'must-differ',
      'shared-secret',
      'cross-env-reference',
      'localhost-url',
      'test-credential-in-production',
      'live-credential-outside-production',
      'insecure-url',
      'debug-enabled',
      'wildcard-host',
      'dangling-reference',
      'stale-value',
      'image-drift',
      'version-skew',
      'source-error',
      'expired-ignore',
    ]) {
      expect(getRule(id), id).toBeDefined();
    }
  });

  it.each(rules.map((r) => [r.id, r] as const))(
    '%s has docs naming its default severity, a test, and filled templates',
    (id, rule) => {
      const doc = new URL(`docs/rules/${id}.md`, root);
      expect(existsSync(doc), `docs/rules/${id}.md`).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text).toMatch(new RegExp(`^# ${id}$`, 'm'));
      expect(text).toContain(`**Default severity:** ${rule.defaultSeverity}`);
      expect(
        existsSync(new URL(`test/unit/rules/${id}.test.ts`, root)),
        `test/unit/rules/${id}.test.ts`,
      ).toBe(true);
      expect(rule.description.length).toBeGreaterThan(10);
      for (const template of Object.values<string>(rule.messages))
        expect(template).toMatch(/\{\w+\}/);
    },
  );
});
