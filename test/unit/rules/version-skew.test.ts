import { describe, expect, it } from 'vitest';
import rule, { majorOf } from '../../../src/rules/version-skew.js';
import { pairContext, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

describe('version-skew', () => {
  it.each([
    ['15.4', '16.1', 'error'],
    ['5.7.44', '8.0.35', 'error'],
    ['9.6.22', '9.5.1', 'error'],
    ['15.4', '15.7', 'warning'],
    ['8.0.35', '8.0.36', 'warning'],
  ])('%s vs %s is a %s', (a, b, severity) => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { db: { engineVersion: a } }),
        snapshot(PRODUCTION, { db: { engineVersion: b } }),
      ),
    );
    expect(found.map((f) => `${f.key} ${f.severity ?? ''}`)).toEqual([
      `db:engineVersion ${severity}`,
    ]);
  });

  it('stays quiet on identical versions and on other keys', () => {
    const ctx = pairContext(
      snapshot(STAGING, { db: { engineVersion: '15.4', instanceClass: 'db.t3.micro' } }),
      snapshot(PRODUCTION, { db: { engineVersion: '15.4', instanceClass: 'db.r6g.large' } }),
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('reads the major version', () => {
    expect([majorOf('16.1'), majorOf('9.6.22'), majorOf('8.0.35')]).toEqual(['16', '9.6', '8']);
  });
});
