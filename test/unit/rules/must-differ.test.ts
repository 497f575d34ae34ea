import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/must-differ.js';
import {
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

const differ = settings({ differ: ['params:DATABASE_URL', 'params:BUCKET'] });

describe('must-differ', () => {
  it.each([
    ['the same secret database URL', { value: 'postgres://u:p@db.internal/app', sensitive: true }],
    ['the same plain bucket', 'shared-bucket'],
  ])('fires on %s in both environments', (_name, value) => {
    const key = typeof value === 'string' ? 'BUCKET' : 'DATABASE_URL';
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { params: { [key]: value } }),
        snapshot(PRODUCTION, { params: { [key]: value } }),
        differ,
      ),
    );
    expect(summarize(found)).toEqual([`params:${key} staging,production`]);
  });

  it('stays quiet when values differ, even if they normalize alike', () => {
    const ctx = pairContext(
      snapshot(STAGING, {
        params: {
          DATABASE_URL: { value: 'postgres://u:p@db-staging.internal/app', sensitive: true },
          BUCKET: 'acme-staging',
        },
      }),
      snapshot(PRODUCTION, {
        params: {
          DATABASE_URL: { value: 'postgres://u:p@db-production.internal/app', sensitive: true },
          BUCKET: 'acme-production',
        },
      }),
      differ,
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('stays quiet on identical keys that are not declared in compare.differ', () => {
    expect(
      rule.check(
        pairContext(
          snapshot(STAGING, { params: { X: '1' } }),
          snapshot(PRODUCTION, { params: { X: '1' } }),
          differ,
        ),
      ),
    ).toEqual([]);
  });
});
