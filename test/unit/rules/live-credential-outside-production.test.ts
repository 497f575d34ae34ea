import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/live-credential-outside-production.js';
import { identity, PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

describe('live-credential-outside-production', () => {
  it.each([
    ['staging', STAGING, 'sk_live_51HqSecret000'],
    ['a local environment', identity('dev'), 'pk_live_51Hq000'],
    ['a restricted key', STAGING, 'rk_live_51Hq000'],
  ])('fires in %s', (_name, id, value) => {
    const found = rule.check(
      singleContext(snapshot(id, { p: { STRIPE: { value, sensitive: true } } })),
    );
    expect(found.map((f) => f.key)).toEqual(['p:STRIPE']);
    expect(JSON.stringify(found)).not.toContain(value);
  });

  it.each([
    ['live keys in production', PRODUCTION, 'sk_live_51Hq000'],
    ['test keys in staging', STAGING, 'sk_test_51Hq000'],
  ])('stays quiet on %s', (_name, id, value) => {
    expect(rule.check(singleContext(snapshot(id, { p: { STRIPE: value } })))).toEqual([]);
  });
});
