import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/stale-build.js';
import { singleContext, snapshot, STAGING } from '../../support/world.js';

const BUNDLE = { types: { bundle: 's3-bundle' } };
const at = { file: 'frontend/.env.staging', line: 3 };

describe('stale-build', () => {
  it('names each public build variable the bundle does not hold, and what it holds instead', () => {
    const env = snapshot(
      STAGING,
      {
        bundle: {
          'built.VITE_API_URL': { value: true, location: at },
          'built.VITE_CHECKOUT_URL': {
            value: ['http://localhost:3000/checkout'],
            location: at,
          },
          'built.VITE_SENTRY_RELEASE': { value: [], location: { ...at, line: 4 } },
        },
      },
      BUNDLE,
    );
    const found = rule.check(singleContext(env));
    expect(found.map((f) => [f.key, f.messageId, f.data.variable, f.location?.line])).toEqual([
      ['bundle:built.VITE_CHECKOUT_URL', 'instead', 'VITE_CHECKOUT_URL', 3],
      ['bundle:built.VITE_SENTRY_RELEASE', 'missing', 'VITE_SENTRY_RELEASE', 4],
    ]);
  });

  it('stays quiet when every variable is in the bundle, and on bundles without builtFrom', () => {
    const built = snapshot(STAGING, { bundle: { 'built.VITE_API_URL': true } }, BUNDLE);
    const plain = snapshot(STAGING, { bundle: { urls: ['http://localhost:3000'] } }, BUNDLE);
    expect([...rule.check(singleContext(built)), ...rule.check(singleContext(plain))]).toEqual([]);
  });
});
