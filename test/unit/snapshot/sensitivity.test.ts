import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/snapshot/sensitivity.js';
import { scrubSecrets, displayValue } from '../../../src/snapshot/redact.js';
import { toFact } from '../../../src/snapshot/facts.js';

describe('classify (SPEC §3 sensitivity)', () => {
  it.each([
    ['SECRET_KEY', 'django-insecure-abc123def456', true, true],
    ['DB_PASSWORD', 'hunter2hunter2', true, true],
    ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', true, true],
    // Kept from display by the key rule, but public by design: no credential, so no shared-secret.
    ['STRIPE_PUBLISHABLE_KEY', 'pk_test_51Hq000000000000', true, false],
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

  it.each([
    // SPEC §3's pattern, anywhere in the fact path, also through camelCase and kebab-case
    ['stripe/SECRET_KEY', 'x-secret-value-1'],
    ['rows.admin.password', 'hunter2hunter2'],
    ['payments/liveKey', 'not-a-shape-abcdef'],
    ['stripe-key', 'not-a-shape-abcdef'],
    // SPEC §7a's further names
    ['DB_PASS', 'correct-horse'],
    ['SMTPPass', 'correct-horse'],
    ['ROOTPASS', 'correct-horse'],
    ['SMTP_PWD', 'Summer2026!'],
    ['PROXY_AUTH', 'ops:letmein1'],
    ['basicAuth', 'ops:letmein1'],
    ['AUTHORIZATION', 'Digest username=ops'],
    ['MAPS_APIKEY', 'maps-abcdefgh'],
    ['mapsApiKey', 'maps-abcdefgh'],
    ['env.SLACK_WEBHOOK', 'https://hooks.example.com/abc'],
    ['container.web.env.APP_KEYS', 'k1-abcdef,k2-abcdef'],
    ['HASH_SALT', 'pepper-abcdef'],
    ['WALLET_SEED', 'abandon ability able about'],
    ['JWT_SIGNING', 'my-signing-abcdef'],
  ])('key %s makes %s a sensitive credential', (key, value) => {
    expect(classify(key, value, false)).toEqual({ sensitive: true, credential: true });
  });

  it.each([
    // Whole words only: these contain PASS, AUTH, KEYS or SEED without being about secrets.
    ['PASSENGER_COUNT', 'forty-two passengers'],
    ['BYPASS_CACHE', 'sometimes-on-fridays'],
    ['AUTHOR', 'Jane Doe (docs team)'],
    ['AUTHORS', 'Jane Doe, John Roe'],
    ['OIDC_AUTHORITY', 'https://login.example.com/tenant'],
    ['KEYSPACE', 'orders_by_customer'],
    ['CASSANDRA_SEEDS', 'cassandra-1.internal,cassandra-2.internal'],
    ['DESIGNING', 'in-progress-mockups'],
    // Public by design, whatever the word after it
    ['stripe.publishableKeys', 'pk_live_51CanaryProductionPk0'],
    ['JWKS_PUBLIC_KEYS', 'https://auth.example.com/.well-known/jwks.json'],
  ])('key %s leaves %s displayable', (key, value) => {
    expect(classify(key, value, false)).toEqual({ sensitive: false, credential: false });
  });

  it.each([
    ['OAUTH_CALLBACK_URL', 'https://app.example.com/oauth/callback'],
    ['AUTH_DOMAIN', 'acme.auth0.com'],
    ['AUTH_ENABLED', 'true'],
    ['DB_SEED', 'true'],
    ['SALT_ROUNDS', '12'],
  ])('%s=%s is kept from display but is no credential (a place, a flag, a number)', (k, v) => {
    expect(classify(k, v, false)).toEqual({ sensitive: true, credential: false });
  });

  it.each([
    // A UUID alone is an id (tenant, client, request); keys that hold UUID-shaped secrets
    // (HEROKU_API_KEY) are found by their name.
    ['TENANT_ID', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', false],
    ['HEROKU_API_KEY', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', true],
    // 40 or 64 hex under a key naming a commit or digest is one; elsewhere it may be a token.
    ['GIT_SHA', '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f', false],
    ['build.commit', '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f', false],
    ['NOTES', '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f', true],
    ['IMAGE', 'web@sha256:3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f3f2a9c1d8e7b6a5f4e3d2c1b', false],
    // Twilio: the account SID names the account; an API key SID is a credential.
    ['TWILIO', 'AC3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d', false],
    ['TWILIO', 'SK3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d', true],
    // `Basic` is also a word: only base64 of user:password counts.
    ['PLAN', 'Basic authentication is disabled', false],
    ['HEADER', `Basic ${Buffer.from('ops:letmein1').toString('base64')}`, true],
    // Inner assignments: the name must end at `=`/`:`.
    ['APP_SETTINGS', '{"max_tokens":512,"tokenizer":"cl100k_base","secretName":"prod/db"}', false],
    ['APP_SETTINGS', '{"db":{"password":"hunter2hunter2"}}', true],
    ['APP_SETTINGS', '{"password":null,"token":""}', false],
    ['ADO', 'Server=db;Database=app;User Id=app;Pwd=hunter2;', true],
    // URL query parameters
    ['SEARCH', 'https://example.com/search?q=shoes&page=2', false],
    ['TILES', 'https://tiles.example.com/style.json?key=abc123def456', true],
    ['DOWNLOAD', 'https://b.s3.amazonaws.com/f?X-Amz-Signature=abc123', true],
    // Identifiers, not keys
    ['EXPERIMENT', 'featureFlagCheckoutV2Enabled', false],
    ['ROLE', 'arn:aws:iam::123456789012:role/service-role/AppRunnerECRAccessRole2024', false],
  ])('%s=%s → credential %s', (key, value, credential) => {
    const c = classify(key, value, false);
    expect(c.credential).toBe(credential);
    if (credential) expect(c.sensitive).toBe(true);
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
