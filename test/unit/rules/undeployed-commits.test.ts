import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/undeployed-commits.js';
import { singleContext, snapshot, STAGING } from '../../support/world.js';

const BUNDLE = { types: { bundle: 's3-bundle' } };
const COMMIT = '3f2a9c1d0e4b5a6978800112233445566778899a';

describe('undeployed-commits', () => {
  it('says how many commits the deployed build is behind its branch, or that it cannot tell', () => {
    const behind = snapshot(
      STAGING,
      { bundle: { 'build.commit': COMMIT, 'build.deploysFrom': 'main', 'build.behind': 3 } },
      BUNDLE,
    );
    const unknown = snapshot(
      STAGING,
      {
        bundle: { 'build.commit': COMMIT, 'build.deploysFrom': 'main', 'build.behind': 'unknown' },
      },
      BUNDLE,
    );
    expect(
      [...rule.check(singleContext(behind)), ...rule.check(singleContext(unknown))].map((f) => [
        f.key,
        f.messageId,
        f.data,
      ]),
    ).toEqual([
      ['bundle:build.commit', 'behind', { commit: '3f2a9c1d0e4b', count: 3, branch: 'main' }],
      ['bundle:build.commit', 'unknown', { commit: '3f2a9c1d0e4b', branch: 'main' }],
    ]);
  });

  it('stays quiet on a build at its branch head, and without deploysFrom', () => {
    const current = snapshot(
      STAGING,
      { bundle: { 'build.commit': COMMIT, 'build.deploysFrom': 'main', 'build.behind': 0 } },
      BUNDLE,
    );
    const undeclared = snapshot(STAGING, { bundle: { 'build.commit': COMMIT } }, BUNDLE);
    expect([
      ...rule.check(singleContext(current)),
      ...rule.check(singleContext(undeclared)),
    ]).toEqual([]);
  });
});
