import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/value-drift.js';
import {
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

describe('value-drift', () => {
  it.each([
    [
      'a localhost checkout URL',
      'http://localhost:3000/checkout/success',
      'https://tableicty.com/checkout/success',
    ],
    ['different plan prices', 'starter:49,growth:199', 'starter:49,growth:299'],
    ['a path that differs', 'https://staging.tableicty.com/a', 'https://tableicty.com/b'],
  ])('fires on %s', (_name, a, b) => {
    const found = rule.check(
      pairContext(snapshot(STAGING, { web: { X: a } }), snapshot(PRODUCTION, { web: { X: b } })),
    );
    expect(summarize(found)).toEqual(['web:X staging,production']);
    expect(found[0]?.values).toEqual({ staging: a, production: b });
    expect(found[0]?.severity).toBeUndefined();
  });

  it('raises keys in compare.equal to error', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { web: { P: 'a' } }),
        snapshot(PRODUCTION, { web: { P: 'b' } }),
        settings({ equal: ['web:P'] }),
      ),
    );
    expect(found[0]?.severity).toBe('error');
    expect(found[0]?.messageId).toBe('mustBeEqual');
  });

  it.each([
    ['own hosts and a trailing slash', 'https://staging.tableicty.com/', 'https://tableicty.com'],
    ['own aliases', 'tableicty-staging-jobs', 'tableicty-production-jobs'],
    ['boolean spellings', 'True', 'true'],
    ['yes and 1', 'yes', '1'],
    [
      'case of scheme and host, default port',
      'HTTPS://API-STAGING.TABLEICTY.COM:443/v1/',
      'https://api.tableicty.com/v1',
    ],
    ['content hashes', '/assets/main.3f2a9c.js', '/assets/main.9bc1d0.js'],
    ['surrounding whitespace', ' value ', 'value'],
    ['identical raw values naming an alias', 'app.settings_production', 'app.settings_production'],
  ])('stays quiet on %s', (_name, a, b) => {
    expect(
      rule.check(
        pairContext(snapshot(STAGING, { web: { X: a } }), snapshot(PRODUCTION, { web: { X: b } })),
      ),
    ).toEqual([]);
  });

  it('stays quiet on keys in compare.differ and on two different secrets', () => {
    const ctx = pairContext(
      snapshot(STAGING, {
        params: { STRIPE_PRICE: 'price_a', TOKEN: { value: 'a', sensitive: true } },
      }),
      snapshot(PRODUCTION, {
        params: { STRIPE_PRICE: 'price_b', TOKEN: { value: 'b', sensitive: true } },
      }),
      settings({ differ: ['params:STRIPE_*'] }),
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('leaves images and engine versions to image-drift and version-skew', () => {
    const TYPES = { types: { api: 'ecs', db: 'rds' } };
    const ctx = pairContext(
      snapshot(
        STAGING,
        {
          api: { image: 'repo:1.4', 'container.web.image': 'repo:1.4' },
          db: { engineVersion: '15.4' },
        },
        TYPES,
      ),
      snapshot(
        PRODUCTION,
        {
          api: { image: 'repo:1.5', 'container.web.image': 'repo:1.5' },
          db: { engineVersion: '16.1' },
        },
        TYPES,
      ),
    );
    expect(rule.check(ctx)).toEqual([]);
  });
});
