import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/missing-key.js';
import {
  identity,
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

describe('missing-key', () => {
  it('fires on a key present in one environment only, naming who has it', () => {
    const ctx = pairContext(
      snapshot(STAGING, { params: { A: '1' } }),
      snapshot(PRODUCTION, {
        params: { A: '1', STRIPE_WEBHOOK_SECRET: { value: 'whsec_x', sensitive: true } },
      }),
    );
    const found = rule.check(ctx);
    expect(summarize(found)).toEqual(['params:STRIPE_WEBHOOK_SECRET staging,production']);
    expect(found[0]?.data).toMatchObject({ present: 'production', absent: 'staging' });
    expect(found[0]?.values).toEqual({ production: '<redacted>' });
  });

  it('fires even when the key is in compare.differ', () => {
    const ctx = pairContext(
      snapshot(STAGING, { params: { DATABASE_URL: 'x' } }),
      snapshot(PRODUCTION, { params: {} }),
      settings({ differ: ['params:DATABASE_URL'] }),
    );
    expect(summarize(rule.check(ctx))).toEqual(['params:DATABASE_URL staging,production']);
  });

  it.each([
    ['both sides have the key with different values', { A: '1' }, { A: '2' }],
    ['both sides are empty', {}, {}],
  ])('stays quiet when %s', (_name, a, b) => {
    expect(
      rule.check(
        pairContext(snapshot(STAGING, { params: a }), snapshot(PRODUCTION, { params: b })),
      ),
    ).toEqual([]);
  });

  it('stays quiet on the keys of a source that failed in one environment', () => {
    const ctx = pairContext(
      snapshot(STAGING, { web: { A: '1' } }, { failed: { params: 'denied' } }),
      snapshot(PRODUCTION, { web: { A: '1' }, params: { B: '2' } }),
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('leaves the rows of sql/http probes to stale-data', () => {
    const ctx = pairContext(
      snapshot(STAGING, { plans: { 'rows.Growth.price': 199 } }, { types: { plans: 'sql' } }),
      snapshot(
        PRODUCTION,
        { plans: { 'rows.Enterprise.price': 999 } },
        { types: { plans: 'sql' } },
      ),
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('a key only a local-tier environment has is info; one only production has stays an error', () => {
    const dev = identity('development');
    const found = rule.check(
      pairContext(
        snapshot(dev, { web: { DEBUG_TOOLBAR: 'true' } }),
        snapshot(PRODUCTION, { web: { SENTRY_DSN_PUBLIC: 'x' } }),
      ),
    );
    expect(found.map((f) => `${f.key} ${f.severity ?? rule.defaultSeverity}`)).toEqual([
      'web:DEBUG_TOOLBAR info',
      'web:SENTRY_DSN_PUBLIC error',
    ]);
  });
});
