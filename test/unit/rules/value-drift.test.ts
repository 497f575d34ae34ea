import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/value-drift.js';
import { renderMessage } from '../../../src/report/render.js';
import {
  identity,
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

  it('expects instance sizes and counts to differ, unless compare.equal makes them strict', () => {
    const sized = (cpu: string, count: number) =>
      snapshot(
        cpu === '256' ? STAGING : PRODUCTION,
        { svc: { cpu, desiredCount: count } },
        { types: { svc: 'ecs' } },
      );
    expect(rule.check(pairContext(sized('256', 1), sized('1024', 4)))).toEqual([]);
    const strict = pairContext(sized('256', 1), sized('1024', 4), settings({ equal: ['svc:cpu'] }));
    expect(rule.check(strict).map((f) => `${f.key} ${f.severity ?? ''}`)).toEqual([
      'svc:cpu error',
    ]);
  });

  it('in a local-tier environment, a value that differs only by its loopback host is expected', () => {
    const dev = identity('development');
    const ctx = pairContext(
      snapshot(dev, { web: { API_URL: 'http://localhost:8000/api/v1', MODE: 'a' } }),
      snapshot(PRODUCTION, { web: { API_URL: 'https://api.acme.com/api/v1', MODE: 'b' } }),
    );
    expect(rule.check(ctx).map((f) => f.key)).toEqual(['web:MODE']);
    // A different path is still drift, loopback or not.
    const path = pairContext(
      snapshot(dev, { web: { API_URL: 'http://localhost:8000/v2' } }),
      snapshot(PRODUCTION, { web: { API_URL: 'https://api.acme.com/api/v1' } }),
    );
    expect(rule.check(path).map((f) => f.key)).toEqual(['web:API_URL']);
  });

  it('says a present-but-empty value is empty', () => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { web: { SENTRY_DSN_PUBLIC: '' } }),
        snapshot(PRODUCTION, { web: { SENTRY_DSN_PUBLIC: 'https://k@o1.ingest.sentry.io/1' } }),
      ),
    );
    expect(found.map((f) => renderMessage({ ...f, rule: rule.id, severity: 'warning' }))).toEqual([
      'empty in staging, set in production',
    ]);
  });
});
