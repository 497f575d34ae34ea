import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/shared-secret.js';
import {
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

const secret = 'django-insecure-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c';

describe('shared-secret', () => {
  it.each([
    ['a SecureString under a secret-looking key', 'SECRET_KEY', { value: secret, sensitive: true }],
    ['a plain value shaped like a Stripe key', 'PAYMENTS', 'sk_live_51HqLyjWDarjtT1zdp7dc'],
    ['a high-entropy token under an innocent key', 'HOOK', 'Zx81QmVb7Lp2Ws9Kd4Rt6Yn3'],
  ])('fires on %s identical in both environments', (_name, key, value) => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { p: { [key]: value } }),
        snapshot(PRODUCTION, { p: { [key]: value } }),
      ),
    );
    expect(summarize(found)).toEqual([`p:${key} staging,production`]);
    expect(found[0]?.values).toEqual({ staging: '<redacted>', production: '<redacted>' });
    expect(JSON.stringify(found)).not.toContain(typeof value === 'string' ? value : value.value);
  });

  it.each([
    [
      'two different secrets',
      { SECRET_KEY: { value: 'a-secret-value-1', sensitive: true } },
      { SECRET_KEY: { value: 'a-secret-value-2', sensitive: true } },
    ],
    [
      'an identical non-credential sensitive value',
      { CONNECTION_TIMEOUT: '30' },
      { CONNECTION_TIMEOUT: '30' },
    ],
    [
      'an identical secret that is allowed',
      { PGCRYPTO_KEY: { value: secret, sensitive: true } },
      { PGCRYPTO_KEY: { value: secret, sensitive: true } },
    ],
  ])('stays quiet on %s', (_name, a, b) => {
    expect(
      rule.check(
        pairContext(
          snapshot(STAGING, { p: a }),
          snapshot(PRODUCTION, { p: b }),
          settings({ sharedSecretsAllowed: ['p:PGCRYPTO_KEY'] }),
        ),
      ),
    ).toEqual([]);
  });

  it('leaves compare.differ keys to must-differ', () => {
    const value = { value: secret, sensitive: true };
    expect(
      rule.check(
        pairContext(
          snapshot(STAGING, { p: { DATABASE_URL: value } }),
          snapshot(PRODUCTION, { p: { DATABASE_URL: value } }),
          settings({ differ: ['p:DATABASE_URL'] }),
        ),
      ),
    ).toEqual([]);
  });
});
