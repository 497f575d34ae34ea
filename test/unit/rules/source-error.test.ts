import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/source-error.js';
import { auditContext, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

describe('source-error', () => {
  it('fires once per source that could not be read, in each environment', () => {
    const found = rule.check(
      auditContext([
        snapshot(STAGING, { web: { A: '1' } }),
        snapshot(
          PRODUCTION,
          { web: { A: '1' } },
          {
            failed: {
              params: 'access denied reading SSM parameters under /x/ (AccessDeniedException)',
            },
          },
        ),
      ]),
    );
    expect(found.map((f) => `${f.key} ${f.environments.join(',')}`)).toEqual(['params production']);
    expect(found[0]?.data.error).toMatch(/access denied/);
  });

  it('carries the error’s hint, as a message of its own', () => {
    const failed = snapshot(STAGING, {}, { failed: { params: 'no parameters under /x/' } });
    const withHint = {
      ...failed,
      sources: failed.sources.map((s) => ({ ...s, hint: 'set allowEmpty: true' })),
    };
    const [found] = rule.check(auditContext([withHint]));
    expect(found).toMatchObject({
      messageId: 'failedWithHint',
      data: { error: 'no parameters under /x/', hint: 'set allowEmpty: true' },
    });
  });

  it('stays quiet when every source was read', () => {
    expect(rule.check(auditContext([snapshot(STAGING, { web: { A: '1' } })]))).toEqual([]);
  });
});
