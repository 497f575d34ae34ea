import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/wildcard-host.js';
import { PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

describe('wildcard-host', () => {
  it.each([
    ['ALLOWED_HOSTS', '*'],
    ['DJANGO_ALLOWED_HOSTS', 'tableicty.com, *'],
    ['CORS_ALLOWED_ORIGINS', 'https://tableicty.com,*'],
    ['ACCESS_CONTROL_ALLOW_ORIGIN', '*'],
    ['CORS_ORIGIN_ALLOW_ALL', 'True'],
  ])('fires on %s=%s in production', (key, value) => {
    expect(
      rule.check(singleContext(snapshot(PRODUCTION, { p: { [key]: value } }))).map((f) => f.key),
    ).toEqual([`p:${key}`]);
  });

  it.each([
    ['an explicit host list', PRODUCTION, 'ALLOWED_HOSTS', 'tableicty.com,api.tableicty.com'],
    ['a subdomain wildcard', PRODUCTION, 'ALLOWED_HOSTS', '.tableicty.com'],
    ['a wildcard in staging', STAGING, 'ALLOWED_HOSTS', '*'],
    ['allow-all turned off', PRODUCTION, 'CORS_ORIGIN_ALLOW_ALL', 'False'],
  ])('stays quiet on %s', (_name, id, key, value) => {
    expect(rule.check(singleContext(snapshot(id, { p: { [key]: value } })))).toEqual([]);
  });
});
