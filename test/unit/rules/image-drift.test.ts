import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/image-drift.js';
import {
  pairContext,
  PRODUCTION,
  settings,
  snapshot,
  STAGING,
  summarize,
} from '../../support/world.js';

/** Image facts are the ones a service source declares as images. */
const ECS = { types: { api: 'ecs' } };
const repo = '783790254091.dkr.ecr.us-east-1.amazonaws.com/backend';

describe('image-drift', () => {
  it.each([
    ['different digests', 'image', `${repo}@sha256:aaa111`, `${repo}@sha256:bbb222`],
    ['different version tags', 'container.web.image', `${repo}:1.4.0`, `${repo}:1.5.0`],
  ])('fires on %s', (_name, path, a, b) => {
    const found = rule.check(
      pairContext(
        snapshot(STAGING, { api: { [path]: a } }, ECS),
        snapshot(PRODUCTION, { api: { [path]: b } }, ECS),
      ),
    );
    expect(summarize(found)).toEqual([`api:${path} staging,production`]);
  });

  it.each([
    ['tags named after the environments', 'image', 'repo:staging', 'repo:prod'],
    ['the same image', 'image', `${repo}:1.4.0`, `${repo}:1.4.0`],
    ['a non-image key', 'port', '8000', '8080'],
  ])('stays quiet on %s', (_name, path, a, b) => {
    expect(
      rule.check(
        pairContext(
          snapshot(STAGING, { api: { [path]: a } }, ECS),
          snapshot(PRODUCTION, { api: { [path]: b } }, ECS),
        ),
      ),
    ).toEqual([]);
  });

  it('stays quiet on keys in compare.differ', () => {
    const ctx = pairContext(
      snapshot(STAGING, { api: { image: 'a:1' } }, ECS),
      snapshot(PRODUCTION, { api: { image: 'a:2' } }, ECS),
      settings({ differ: ['api:image'] }),
    );
    expect(rule.check(ctx)).toEqual([]);
  });
});
