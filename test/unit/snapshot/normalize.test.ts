import { describe, expect, it } from 'vitest';
import {
  canonicalizeUrls,
  findEnvReferences,
  normalizeValue,
  stripContentHashes,
} from '../../../src/snapshot/normalize.js';
import { identity, PRODUCTION, STAGING } from '../../support/world.js';

describe('normalizeValue (SPEC §4)', () => {
  it.each([
    [
      'own host in a URL',
      STAGING,
      'https://staging.tableicty.com/checkout/success',
      'https://{host.app}/checkout/success',
    ],
    [
      'production apex host',
      PRODUCTION,
      'https://tableicty.com/checkout/success',
      'https://{host.app}/checkout/success',
    ],
    ['a bare host token', STAGING, 'api-staging.tableicty.com', '{host.api}'],
    [
      'aliases as whole tokens, case-insensitive',
      STAGING,
      'tableicty-STAGING-db',
      'tableicty-{env}-db',
    ],
    ['a second alias', STAGING, 'queue-stg-1', 'queue-{env}-1'],
    ['booleans', STAGING, 'True', 'true'],
    ['yes/1 are true', STAGING, 'yes', 'true'],
    ['no/0 are false', STAGING, '0', 'false'],
    ['whitespace', STAGING, '  value  ', 'value'],
    [
      'localhost stays as it is',
      STAGING,
      'http://localhost:3000/checkout/success',
      'http://localhost:3000/checkout/success',
    ],
    ['an e-mail domain is not a host', PRODUCTION, 'help@tableicty.com', 'help@tableicty.com'],
  ])('%s', (_name, id, input, expected) => {
    expect(normalizeValue(input, id)).toBe(expected);
  });

  it('makes own-host URLs of the two environments equal and localhost not', () => {
    const s = normalizeValue('https://staging.tableicty.com/checkout/success/', STAGING);
    expect(normalizeValue('https://tableicty.com/checkout/success', PRODUCTION)).toBe(s);
    expect(normalizeValue('http://localhost:3000/checkout/success', STAGING)).not.toBe(s);
  });

  it('does not read production’s apex inside staging’s host', () => {
    expect(
      normalizeValue(
        'staging.tableicty.com',
        identity('staging', { aliases: ['stg'], hosts: { other: 'tableicty.com' } }),
      ),
    ).toBe('staging.tableicty.com');
  });

  it('does not match prod inside products', () => {
    expect(normalizeValue('products-prod', identity('production', { aliases: ['prod'] }))).toBe(
      'products-{env}',
    );
  });

  it('replaces the account id', () => {
    expect(
      normalizeValue(
        'arn:aws:ssm:us-east-1:783790254091:parameter/x',
        identity('staging', { accountId: '783790254091' }),
      ),
    ).toBe('arn:aws:ssm:us-east-1:{account}:parameter/x');
  });

  it('sorts and normalizes lists', () => {
    expect(normalizeValue(['b.staging', 'a.staging'], STAGING)).toBe('a.{env}, b.{env}');
  });

  it('is idempotent', () => {
    for (const v of [
      'https://Staging.Tableicty.com:443/x/',
      'True',
      'main.3f2a9c.js',
      'tableicty-stg-db',
    ]) {
      const once = normalizeValue(v, STAGING);
      expect(normalizeValue(once, STAGING)).toBe(once);
    }
  });
});

describe('canonicalizeUrls', () => {
  it.each([
    ['HTTPS://API.Example.COM:443/v1/', 'https://api.example.com/v1'],
    ['http://example.com:80', 'http://example.com'],
    ['http://example.com:8080/', 'http://example.com:8080'],
    ['https://example.com/a/?q=1', 'https://example.com/a?q=1'],
    ['see https://example.com/ and http://x.io/', 'see https://example.com and http://x.io'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrls(input)).toBe(expected);
  });
});

describe('stripContentHashes', () => {
  it.each([
    ['main.3f2a9c.js', 'main.[hash].js'],
    ['assets/index-DiwrgTda.js', 'assets/index-[hash].js'],
    ['static/css/main.5b1e2d7c.chunk.css', 'static/css/main.[hash].chunk.css'],
    ['polyfills.js', 'polyfills.js'],
    ['app-shell.js', 'app-shell.js'],
    ['vendor-abcdef.js', 'vendor-abcdef.js'],
  ])('%s → %s', (input, expected) => {
    expect(stripContentHashes(input)).toBe(expected);
  });
});

describe('findEnvReferences', () => {
  it('finds hosts, aliases and accounts of other environments only', () => {
    const refs = findEnvReferences('https://api.tableicty.com and tableicty-prod-db', STAGING, [
      PRODUCTION,
    ]);
    expect(refs.map((r) => `${r.kind}:${r.match}`).sort()).toEqual([
      'alias:prod',
      'host:api.tableicty.com',
    ]);
    expect(
      findEnvReferences('https://staging.tableicty.com help@tableicty.com', STAGING, [PRODUCTION]),
    ).toEqual([]);
  });
});
