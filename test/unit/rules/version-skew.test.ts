import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/version-skew.js';
import { engineMajor } from '../../../src/snapshot/versions.js';
import { pairContext, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

/** Versions are the facts an rds source declares as versions. */
const RDS = { types: { db: 'rds' } };

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
        snapshot(STAGING, { db: { engineVersion: a } }, RDS),
        snapshot(PRODUCTION, { db: { engineVersion: b } }, RDS),
      ),
    );
    expect(found.map((f) => `${f.key} ${f.severity ?? ''}`)).toEqual([
      `db:engineVersion ${severity}`,
    ]);
  });

  it('stays quiet on identical versions and on other keys', () => {
    const ctx = pairContext(
      snapshot(STAGING, { db: { engineVersion: '15.4', instanceClass: 'db.t3.micro' } }, RDS),
      snapshot(PRODUCTION, { db: { engineVersion: '15.4', instanceClass: 'db.r6g.large' } }, RDS),
    );
    expect(rule.check(ctx)).toEqual([]);
  });

  it('reads the major version per engine', () => {
    expect([
      engineMajor('postgres', '16.1'),
      engineMajor('postgres', '9.6.22'),
      engineMajor('mysql', '8.0.35'),
      engineMajor('mysql', '5.7.44'),
      engineMajor('mariadb', '10.11.6'),
      engineMajor('aurora-mysql', '8.0.mysql_aurora.3.05.2'),
      engineMajor('sqlserver-se', '15.00.4345.5.v1'),
      engineMajor(undefined, '16.1'),
    ]).toEqual(['16', '9.6', '8.0', '5.7', '10.11', '8.0', '15.00', '16']);
  });
});
