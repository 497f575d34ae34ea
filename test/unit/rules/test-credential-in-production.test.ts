import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/test-credential-in-production.js';
import { PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

describe('test-credential-in-production', () => {
  it.each([
    [
      'a Stripe test secret key',
      'STRIPE_SECRET_KEY',
      { value: 'sk_test_51Hq000secretvalue', sensitive: true },
      /Stripe test secret key/,
    ],
    ['a Stripe test publishable key', 'VITE_PK', 'pk_test_51Hq000', /publishable/],
    [
      'a sandbox endpoint',
      'TIPALTI_URL',
      'https://ui2.sandbox.tipalti.com/payeedashboard',
      /sandbox endpoint \(ui2\.sandbox\.tipalti\.com\)/,
    ],
  ])('fires on %s in production', (_name, key, value, what) => {
    const found = rule.check(singleContext(snapshot(PRODUCTION, { p: { [key]: value } })));
    expect(found.map((f) => f.key)).toEqual([`p:${key}`]);
    expect(String(found[0]?.data.what)).toMatch(what);
    expect(JSON.stringify(found)).not.toContain('secretvalue');
  });

  it.each([
    ['test keys in staging', STAGING, 'sk_test_51Hq000'],
    ['live keys in production', PRODUCTION, 'sk_live_51Hq000'],
    ['sandbox as part of a longer label', PRODUCTION, 'https://mysandbox.example.com'],
    ['a word ending in sk_test_', PRODUCTION, 'task_test_runner'],
  ])('stays quiet on %s', (_name, id, value) => {
    expect(rule.check(singleContext(snapshot(id, { p: { X: value } })))).toEqual([]);
  });
});
