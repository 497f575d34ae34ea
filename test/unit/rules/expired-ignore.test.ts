import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/expired-ignore.js';
import { auditContext, snapshot, STAGING } from '../../support/world.js';

const env = snapshot(STAGING, {});

describe('expired-ignore', () => {
  it('fires on an ignore past its expiry (NOW is 2026-11-22), located in the config', () => {
    const found = rule.check(
      auditContext(
        [env],
        [{ key: 'params:LEGACY_*', reason: 'TAB-123', expires: '2026-01-31', line: 12 }],
      ),
    );
    expect(found.map((f) => f.key)).toEqual(['config:ignore[0]']);
    expect(found[0]?.location).toEqual({ file: 'parity.yaml', line: 12 });
  });

  it.each([
    ['no expiry', undefined],
    ['expiring today', '2026-11-22'],
    ['expiring later', '2027-01-31'],
  ])('stays quiet with %s', (_name, expires) => {
    expect(
      rule.check(auditContext([env], [{ key: 'x', reason: 'r', ...(expires ? { expires } : {}) }])),
    ).toEqual([]);
  });
});
