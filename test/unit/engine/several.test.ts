/**
 * A diff of three environments (SPEC §13): the reference chosen, the findings pairs share made
 * one naming every environment concerned, and the odd one out named when all but one agree.
 */
import { describe, expect, it } from 'vitest';
import { pairsAgainst, referenceOf } from '../../../src/engine/several.js';
import { render } from '../../../src/report/render.js';
import { textFormatter } from '../../../src/report/text.js';
import { auditOf, identity, snapshot } from '../../support/world.js';

const DEV = identity('dev');
const STAGING = identity('staging');
const PRODUCTION = identity('production');

const three = (values: Record<'dev' | 'staging' | 'production', Record<string, string>>) =>
  [DEV, STAGING, PRODUCTION].map((id) => snapshot(id, { web: values[id.name as 'dev'] }));

describe('several environments', () => {
  it('measures against the first production-tier environment named, else the last, or --reference', () => {
    const [dev, staging, production] = three({ dev: {}, staging: {}, production: {} });
    if (!dev || !staging || !production) throw new Error('three snapshots');
    expect(referenceOf([dev, production, staging]).identity.name).toBe('production');
    expect(referenceOf([dev, staging]).identity.name).toBe('staging');
    expect(referenceOf([dev, staging, production], 'dev').identity.name).toBe('dev');
    expect(() => referenceOf([dev, staging], 'qa')).toThrow(
      '--reference qa is not one of the environments compared (dev, staging)',
    );
    // Each pair in the order the environments were named.
    expect(
      pairsAgainst([dev, production, staging], production).map(([a, b]) =>
        [a.identity.name, b.identity.name].join(' ↔ '),
      ),
    ).toEqual(['dev ↔ production', 'production ↔ staging']);
  });

  it('names the one environment that differs from the two that agree', () => {
    const view = render(
      auditOf(
        three({
          dev: { WORKERS: '4', QUEUE: 'jobs' },
          staging: { WORKERS: '4' },
          production: { WORKERS: '4', QUEUE: 'jobs' },
        }),
      ),
    );
    expect(view.findings.map((f) => [f.key, f.environments, f.message])).toEqual([
      [
        'web:QUEUE',
        ['staging', 'production'],
        'staging differs from dev and production: only in production, missing in staging',
      ],
    ]);
  });

  it('names the reference when the others agree with each other, in one finding naming all three', () => {
    const view = render(
      auditOf(
        three({
          dev: { TIMEOUT: '30' },
          staging: { TIMEOUT: '30' },
          production: { TIMEOUT: '60' },
        }),
      ),
    );
    expect(view.findings.map((f) => [f.rule, f.environments, f.oddOneOut, f.message])).toEqual([
      [
        'value-drift',
        ['dev', 'staging', 'production'],
        { environment: 'production', agreeing: ['dev', 'staging'] },
        expect.stringMatching(/^production differs from dev and staging: /),
      ],
    ]);
  });

  it('keeps findings apart when they say different things, and names no odd one out when all differ', () => {
    const view = render(
      auditOf(
        three({
          dev: { TIMEOUT: '10' },
          staging: { TIMEOUT: '30' },
          production: { TIMEOUT: '60' },
        }),
      ),
    );
    expect(view.findings.map((f) => [f.environments.join(','), f.oddOneOut])).toEqual([
      ['dev,production', undefined],
      ['staging,production', undefined],
    ]);
  });

  it('with two environments, says nothing of odd ones out', () => {
    const [staging, production] = [STAGING, PRODUCTION].map((id) =>
      snapshot(id, { web: { QUEUE: id.name === 'staging' ? 'a' : 'b' } }),
    );
    if (!staging || !production) throw new Error('two snapshots');
    const [finding] = render(auditOf([staging, production])).findings;
    expect(finding?.oddOneOut).toBeUndefined();
    expect(finding?.message).not.toMatch(/differs from/);
  });

  it('keeps a local-tier environment quiet on what differs only by a loopback host (SPEC §11)', () => {
    const LOCAL = identity('laptop', { tier: 'local' });
    const id = (name: string) =>
      name === 'laptop' ? LOCAL : name === 'staging' ? STAGING : PRODUCTION;
    const snaps = ['laptop', 'staging', 'production'].map((name) =>
      snapshot(id(name), {
        web: {
          API_URL: name === 'laptop' ? 'http://localhost:8000/v1' : `https://api.example.com/v1`,
          QUEUE: name === 'production' ? 'jobs2' : 'jobs',
        },
      }),
    );
    const view = render(auditOf(snaps));
    expect(view.findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`)).toEqual([
      'value-drift web:QUEUE laptop,staging,production',
    ]);
    // Each side's value, and no normalized form that is not its own.
    const text = textFormatter.format(view, { color: false, verbose: false });
    expect(text).toContain('[laptop: jobs | staging: jobs | production: jobs2]');
  });
});
