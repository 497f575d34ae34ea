import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/stale-value.js';
import {
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

const fact = (value: string, lastModified: string) => ({ value, lastModified });

describe('stale-value', () => {
  it('fires when values differ and one side is older by more than staleAfterDays', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { params: { PLANS: fact('49,199,499', '2025-12-25T10:00:00Z') } }),
        snapshot(PRODUCTION, { params: { PLANS: fact('49,299,999', '2026-09-30T10:00:00Z') } }),
      ),
    );
    expect(summarize(found)).toEqual(['params:PLANS staging,production']);
    expect(found[0]?.data).toMatchObject({
      older: 'staging',
      newer: 'production',
      days: 279,
      olderDate: '2025-12-25',
    });
  });

  it('honours a custom threshold, fractional days included', () => {
    const ctx = pairContext(
      snapshot(STAGING, { params: { A: fact('1', '2026-11-20T10:00:00Z') } }),
      snapshot(PRODUCTION, { params: { A: fact('2', '2026-11-21T10:00:00Z') } }),
      settings({ staleAfterDays: 0.5 }),
    );
    expect(rule.check(ctx)[0]?.data).toMatchObject({ days: 1 });
  });

  it.each([
    [
      'equal values, however old',
      fact('https://staging.tableicty.com', '2020-01-01T00:00:00Z'),
      fact('https://tableicty.com', '2026-01-01T00:00:00Z'),
    ],
    [
      'a difference within the threshold',
      fact('1', '2026-11-01T00:00:00Z'),
      fact('2', '2026-11-20T00:00:00Z'),
    ],
    ['values without dates', { value: '1' }, { value: '2' }],
    [
      'two different secrets',
      { value: 'secret-a-123456', sensitive: true, lastModified: '2020-01-01T00:00:00Z' },
      { value: 'secret-b-654321', sensitive: true, lastModified: '2026-01-01T00:00:00Z' },
    ],
  ])('stays quiet on %s', (_name, a, b) => {
    expect(
      rule.check(
        pairContext(
          snapshot(STAGING, { params: { A: a } }),
          snapshot(PRODUCTION, { params: { A: b } }),
        ),
      ),
    ).toEqual([]);
  });
});
