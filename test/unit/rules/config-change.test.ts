import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/config-change.js';
import { auditContext, snapshot, STAGING } from '../../support/world.js';

const context = (changes: readonly string[] | undefined) => ({
  ...auditContext([snapshot(STAGING, { web: { A: '1' } })]),
  ...(changes ? { policy: { ref: 'base123', changes } } : {}),
});

describe('config-change', () => {
  it('fires once, at the config file, listing what the pull request would change', () => {
    const found = rule.check(context(['adds http probe "exfil" (http)', 'adds ignore of "*"']));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      key: 'config:policy',
      messageId: 'changed',
      location: { file: 'parity.yaml' },
      data: { ref: 'base123', changes: 'adds http probe "exfil" (http); adds ignore of "*"' },
    });
  });

  it('stays quiet when the working tree says what the trusted policy says', () => {
    expect(rule.check(context([]))).toEqual([]);
  });

  it('stays quiet without --config-ref', () => {
    expect(rule.check(context(undefined))).toEqual([]);
  });
});
