import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/undeclared-change.js';
import { toFact } from '../../../src/snapshot/facts.js';
import type { EnvironmentIdentity, Snapshot } from '../../../src/snapshot/types.js';
import { render } from '../../../src/report/render.js';
import { auditOf, PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

/** A snapshot whose `task` source declares `declared` in Git (ecs/task-<env>.json). */
function withDeclared(
  id: EnvironmentIdentity,
  live: Record<string, string>,
  declared: Record<string, string>,
): Snapshot {
  const base = snapshot(id, { task: live }, { types: { task: 'ecs' } });
  const file = `ecs/task-${id.name}.json`;
  return {
    ...base,
    sources: base.sources.map((s) => ({
      ...s,
      declared: {
        file,
        covers: ['image', 'cpu', 'memory', 'container.*'],
        facts: Object.entries(declared).map(([path, value], i) =>
          toFact({ path, value, location: { file, line: 10 + i } }),
        ),
      },
    })),
  };
}

const GIT = {
  image: 'registry.example.com/api:1.4.2',
  'container.api.env.DATABASE_NAME': 'app_${env}',
  'container.api.env.LOG_LEVEL': 'info',
};

describe('undeclared-change', () => {
  it('finds a value edited by hand, one added by hand and one declared but absent, at the declared line', () => {
    const env = withDeclared(
      PRODUCTION,
      {
        image: GIT.image,
        'container.api.env.DATABASE_NAME': 'app_prod_hotfix',
        'container.api.env.FEATURE_FLAG': 'on',
        desiredCount: '4',
      },
      GIT,
    );
    const found = rule.check(singleContext(env));
    expect(found.map((f) => [f.key, f.messageId, f.severity, f.location])).toEqual([
      [
        'task:container.api.env.DATABASE_NAME',
        'changed',
        'error',
        { file: 'ecs/task-production.json', line: 11 },
      ],
      [
        'task:container.api.env.FEATURE_FLAG',
        'added',
        'error',
        { file: 'ecs/task-production.json' },
      ],
      [
        'task:container.api.env.LOG_LEVEL',
        'absent',
        'error',
        { file: 'ecs/task-production.json', line: 12 },
      ],
    ]);
  });

  it('stays quiet where Git and live agree after normalization, and on what a declaration does not cover', () => {
    const env = withDeclared(
      STAGING,
      {
        image: GIT.image,
        'container.api.env.DATABASE_NAME': 'app_staging',
        'container.api.env.LOG_LEVEL': 'info',
        desiredCount: '2',
        launchType: 'FARGATE',
      },
      { ...GIT, 'container.api.env.DATABASE_NAME': 'app_staging' },
    );
    expect(rule.check(singleContext(env))).toEqual([]);
  });

  it('is a warning outside production, and the drift between environments folds into it', () => {
    const staging = withDeclared(STAGING, { 'container.api.env.LOG_LEVEL': 'info' }, GIT);
    const production = withDeclared(
      PRODUCTION,
      { 'container.api.env.LOG_LEVEL': 'debug', 'container.api.env.EXTRA': '1' },
      { 'container.api.env.LOG_LEVEL': 'info' },
    );
    const view = render(auditOf([staging, production]));
    const lines = view.findings.map(
      (f) =>
        `${f.rule} ${f.key} ${f.environments.join(',')} ${(f.related ?? []).map((r) => r.rule).join('+')}`,
    );
    expect(lines).toContain(
      'undeclared-change task:container.api.env.LOG_LEVEL production value-drift',
    );
    expect(lines).toContain(
      'undeclared-change task:container.api.env.EXTRA production missing-key',
    );
    expect(lines.filter((l) => l.startsWith('value-drift') || l.startsWith('missing-key'))).toEqual(
      [],
    );
    const stagingOwn = rule.check(singleContext(staging));
    expect(stagingOwn.map((f) => [f.messageId, f.severity])).toEqual([
      ['absent', undefined],
      ['absent', undefined],
    ]);
  });
});
