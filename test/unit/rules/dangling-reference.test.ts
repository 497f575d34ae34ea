import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/dangling-reference.js';
import { auditContext, snapshot, STAGING, PRODUCTION } from '../../support/world.js';

describe('dangling-reference', () => {
  it('fires on a reference that resolves to nothing', () => {
    const env = snapshot(
      STAGING,
      {},
      {
        references: [
          { source: 'plans', at: 'connection', target: 'params:DATABASE_URL', resolved: false },
        ],
      },
    );
    const found = rule.check(auditContext([env]));
    expect(
      found.map((f) => `${f.key} ${f.environments.join(',')} ${String(f.data.target)}`),
    ).toEqual(['plans:connection staging params:DATABASE_URL']);
  });

  it('stays quiet on resolved references', () => {
    const env = snapshot(
      PRODUCTION,
      {},
      {
        references: [
          { source: 'plans', at: 'connection', target: 'params:DATABASE_URL', resolved: true },
        ],
      },
    );
    expect(rule.check(auditContext([env]))).toEqual([]);
  });
});
