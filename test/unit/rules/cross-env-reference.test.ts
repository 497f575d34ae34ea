import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/cross-env-reference.js';
import { identity, PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

const check = (
  id = STAGING,
  facts: Record<string, string | { value: string; sensitive: boolean }>,
  others = [id === STAGING ? PRODUCTION : STAGING],
) => rule.check(singleContext(snapshot(id, { params: facts }), others));

describe('cross-env-reference', () => {
  it.each([
    [
      "production's alias in a bucket name",
      'REPORTS_BUCKET',
      'tableicty-prod-reports',
      /alias "prod"/,
    ],
    [
      "production's API host",
      'API_URL',
      'https://api.tableicty.com/v1',
      /host "api\.tableicty\.com"/,
    ],
    [
      "production's apex host as a bare host name",
      'ALLOWED_ORIGIN',
      'tableicty.com',
      /host "tableicty\.com"/,
    ],
    [
      'a settings module named after production',
      'DJANGO_SETTINGS_MODULE',
      'app.settings_production',
      /alias "production"/,
    ],
  ])('fires on %s in staging', (_name, key, value, what) => {
    const found = check(STAGING, { [key]: value });
    expect(found.map((f) => f.key)).toEqual([`params:${key}`]);
    expect(String(found[0]?.data.what)).toMatch(what);
  });

  it('fires on a secret without showing it', () => {
    const found = check(STAGING, {
      DATABASE_URL: { value: 'postgresql://u:pw-123456@db/tableicty_production', sensitive: true },
    });
    expect(found.map((f) => f.key)).toEqual(['params:DATABASE_URL']);
    expect(JSON.stringify(found)).not.toContain('pw-123456');
    expect(found[0]?.values).toEqual({ staging: '<redacted>' });
  });

  it("fires in production on staging's host", () => {
    expect(check(PRODUCTION, { OLD: 'https://staging.tableicty.com' }).map((f) => f.key)).toEqual([
      'params:OLD',
    ]);
  });

  it('fires on another account id', () => {
    const stg = identity('staging', { accountId: '111111111111' });
    const prd = identity('production', { accountId: '222222222222' });
    expect(
      check(stg, { ROLE: 'arn:aws:iam::222222222222:role/deploy' }, [prd]).map((f) => f.key),
    ).toEqual(['params:ROLE']);
  });

  it.each([
    ['its own host, which contains production’s apex', 'https://staging.tableicty.com/checkout'],
    ['its own API host', 'https://api-staging.tableicty.com'],
    ['a word that merely contains an alias', 'products,productivity,reproduction'],
    ['an e-mail address on the production domain', 'help@tableicty.com'],
    ['its own alias', 'tableicty-staging-db'],
  ])('stays quiet on %s', (_name, value) => {
    expect(check(STAGING, { X: value })).toEqual([]);
  });

  it('stays quiet on NODE_ENV=production (a build mode) and on a shared account', () => {
    expect(check(STAGING, { NODE_ENV: 'production' })).toEqual([]);
    const stg = identity('staging', { accountId: '111111111111' });
    const prd = identity('production', { accountId: '111111111111' });
    expect(check(stg, { ROLE: 'arn:aws:iam::111111111111:role/x' }, [prd])).toEqual([]);
  });

  it('reports a code identifier both environments hold verbatim at info only, a host at error', () => {
    const staging = snapshot(STAGING, {
      params: { SETTINGS: 'app.settings_production', API: 'https://api.tableicty.com' },
    });
    const production = snapshot(PRODUCTION, {
      params: { SETTINGS: 'app.settings_production', API: 'https://api.tableicty.com' },
    });
    const found = rule.check(singleContext(staging, [PRODUCTION]));
    expect(found.map((f) => f.key)).toEqual(['params:API', 'params:SETTINGS']);
    const withCounterpart = rule.check({
      ...singleContext(staging, [PRODUCTION]),
      counterpart: production,
    });
    expect(withCounterpart.map((f) => `${f.key} ${f.severity ?? rule.defaultSeverity}`)).toEqual([
      'params:API error',
      'params:SETTINGS info',
    ]);
  });

  it('a place both environments name verbatim is a reference from the other one (SPEC §11)', () => {
    const staging = snapshot(STAGING, { app: { REPORTS_BUCKET: 'acme-production-reports' } });
    const production = snapshot(PRODUCTION, { app: { REPORTS_BUCKET: 'acme-production-reports' } });
    const fromStaging = rule.check({
      ...singleContext(staging, [PRODUCTION]),
      counterpart: production,
    });
    expect(fromStaging.map((f) => `${f.key} ${f.severity ?? rule.defaultSeverity}`)).toEqual([
      'app:REPORTS_BUCKET error',
    ]);
    // Production's own name in production's value is no reference.
    expect(rule.check({ ...singleContext(production, [STAGING]), counterpart: staging })).toEqual(
      [],
    );
  });
});
