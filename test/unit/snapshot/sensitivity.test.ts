import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/snapshot/sensitivity.js';
import { scrubSecrets, displayValue } from '../../../src/snapshot/redact.js';
import { toFact } from '../../../src/snapshot/facts.js';

describe('classify (SPEC §3 sensitivity)', () => {
  it.each([
    ['SECRET_KEY', 'django-insecure-abc123def456', true, true],
    ['DB_PASSWORD', 'hunter2hunter2', true, true],
    ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', true, true],
    ['STRIPE_PUBLISHABLE_KEY', 'pk_test_51Hq000000000000', true, true],
    ['PGCRYPTO_KEY', 'a-long-encryption-key-value', true, true],
    ['DATABASE_URL', 'postgres://db.internal:5432/app', true, true],
    ['SENTRY_DSN', 'https://abc@o1.ingest.sentry.io/1', true, true],
    ['CONNECTION_TIMEOUT', '30', true, false],
    ['PAYMENT', 'sk_live_51HqLyjWDarjtT1zdp7dc', true, true],
    ['WEBHOOK', 'whsec_abcdef0123456789', true, true],
    ['AWS_ID', 'AKIAIOSFODNN7EXAMPLE', true, true],
    [
      'SESSION',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      true,
      true,
    ],
    ['UPSTREAM', 'https://user:pa55word@api.example.com', true, true],
    ['RANDOM_BLOB', 'Zx81QmVb7Lp2Ws9Kd4Rt6Yn3', true, true],
    ['REDIS', 'redis://cache.internal:6379', true, false],
    ['FRONTEND_URL', 'https://tableicty.com/checkout/success', false, false],
    ['STRIPE_PRICE_GROWTH', 'price_1NqXyZ2eZvKYlo2CaBcDeFgH', false, false],
    ['BUILD_COMMIT', '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f', false, false],
    ['DEBUG', 'False', false, false],
  ])('%s=%s → sensitive %s, credential %s', (key, value, sensitive, credential) => {
    expect(classify(key, value, false)).toEqual({ sensitive, credential });
  });

  it('a source-sensitive value without a secret shape is sensitive but not a credential', () => {
    expect(classify('host', 'db.internal', true)).toEqual({ sensitive: true, credential: false });
    expect(classify('username', 'admin', true)).toEqual({ sensitive: true, credential: false });
  });
});

describe('redaction', () => {
  it('never displays a sensitive value, and fingerprints it', () => {
    const fact = toFact({
      path: 'SECRET_KEY',
      value: 'django-insecure-abc123def456',
      sensitive: true,
    });
    expect(displayValue(fact)).toBe('<redacted>');
    expect(fact.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fact.fingerprint).not.toContain('django');
  });

  it('fingerprints are keyed: not a bare SHA-256 of the value', async () => {
    const { createHash } = await import('node:crypto');
    const fact = toFact({ path: 'PIN', value: '1234', sensitive: true });
    expect(fact.fingerprint).not.toBe(createHash('sha256').update('1234').digest('hex'));
  });

  it('scrubs known secrets from text, longest first, leaving short common values alone', () => {
    expect(
      scrubSecrets('a hunter2hunter2 b hunter2hunter2xx true', [
        'hunter2hunter2',
        'hunter2hunter2xx',
        'true',
      ]),
    ).toBe('a <redacted> b <redacted> true');
  });
});
