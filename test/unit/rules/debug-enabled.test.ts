import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/debug-enabled.js';
import { PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

describe('debug-enabled', () => {
  it.each([
    ['DEBUG', 'True'],
    ['DJANGO_DEBUG', '1'],
    ['container.web.env.DEBUG', 'yes'],
    ['NODE_ENV', 'development'],
    ['ASPNETCORE_ENVIRONMENT', 'Development'],
    ['RAILS_ENV', 'development'],
  ])('fires on %s=%s in production', (key, value) => {
    expect(
      rule.check(singleContext(snapshot(PRODUCTION, { p: { [key]: value } }))).map((f) => f.key),
    ).toEqual([`p:${key}`]);
  });

  it.each([
    ['DEBUG=False in production', PRODUCTION, 'DEBUG', 'False'],
    ['NODE_ENV=production', PRODUCTION, 'NODE_ENV', 'production'],
    ['DEBUG=True in staging', STAGING, 'DEBUG', 'True'],
    ['a key that only contains DEBUG', PRODUCTION, 'DEBUGGER_PORT', '1'],
  ])('stays quiet on %s', (_name, id, key, value) => {
    expect(rule.check(singleContext(snapshot(id, { p: { [key]: value } })))).toEqual([]);
  });
});
