import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/report/render.js';
import rule from '../../../src/rules/stale-data.js';
import { pairContext, PRODUCTION, settings, snapshot, STAGING } from '../../support/world.js';

const plans = (rows: Record<string, { price_cents: number; stripe_price_id: string }>) =>
  Object.fromEntries(
    Object.entries(rows).flatMap(([name, r]) => [
      [`rows.${name}.price_cents`, r.price_cents],
      [`rows.${name}.stripe_price_id`, r.stripe_price_id],
    ]),
  );
const types = { types: { plans: 'sql' } };

describe('stale-data', () => {
  const staging = snapshot(
    STAGING,
    {
      plans: {
        ...plans({
          Starter: { price_cents: 4900, stripe_price_id: 'price_s1' },
          Growth: { price_cents: 19900, stripe_price_id: 'price_s2' },
        }),
        rowCount: 2,
      },
    },
    types,
  );
  const production = snapshot(
    PRODUCTION,
    {
      plans: {
        ...plans({
          Starter: { price_cents: 4900, stripe_price_id: 'price_p1' },
          Growth: { price_cents: 29900, stripe_price_id: 'price_p2' },
          Enterprise: { price_cents: 99900, stripe_price_id: 'price_p3' },
        }),
        rowCount: 3,
      },
    },
    types,
  );
  const differ = settings({ differ: ['plans:rows.*.stripe_price_id'] });

  it('fires once per differing row, readable at a glance', () => {
    const found = rule.check(pairContext(staging, production, differ));
    expect(
      found.map((f) => `${f.key} ${renderMessage({ ...f, rule: rule.id, severity: 'warning' })}`),
    ).toEqual([
      'plans:rows.Enterprise Enterprise: only in production',
      'plans:rows.Growth Growth: price_cents 19900 → 29900',
    ]);
  });

  it('reports per-environment columns when they are not declared', () => {
    const found = rule.check(pairContext(staging, production));
    expect(found.find((f) => f.key === 'plans:rows.Starter')?.data.changes).toEqual([
      { name: 'stripe_price_id', from: 'price_s1', to: 'price_p1' },
    ]);
  });

  it.each([
    ['identical rows', staging, staging],
    [
      'rows of a source that is not a probe',
      snapshot(STAGING, { plans: { 'rows.A.x': 1 } }),
      snapshot(PRODUCTION, { plans: { 'rows.A.x': 2 } }),
    ],
  ])('stays quiet on %s', (_name, a, b) => {
    expect(rule.check(pairContext(a, { ...b, identity: PRODUCTION }, differ))).toEqual([]);
  });
});
