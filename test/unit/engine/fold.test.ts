/** One finding per problem (SPEC §11), through the audit as the CLI runs it. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/snapshot/types.js';
import { auditOf, identity, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

function run(a: Snapshot, b: Snapshot) {
  const report = auditOf([a, b]);
  return report.findings.map(
    (f) =>
      `${f.rule} ${f.key}${f.related ? ` +${f.related.map((r) => `${r.rule} ${r.key}`).join(', ')}` : ''}`,
  );
}

describe('one finding per problem', () => {
  it('a localhost URL that also differs is one localhost-url finding, with both values kept', () => {
    const staging = snapshot(STAGING, { web: { SUCCESS_URL: 'http://localhost:3000/ok' } });
    const production = snapshot(PRODUCTION, { web: { SUCCESS_URL: 'https://tableicty.com/ok' } });
    expect(run(staging, production)).toEqual([
      'localhost-url web:SUCCESS_URL +value-drift web:SUCCESS_URL',
    ]);
    const report = auditOf([staging, production]);
    expect(report.findings[0]?.values).toEqual({
      staging: 'http://localhost:3000/ok',
      production: 'https://tableicty.com/ok',
    });
  });

  it("a probe's rowCount folds into its first stale-data finding", () => {
    const types = { types: { plans: 'sql' } };
    const staging = snapshot(STAGING, { plans: { 'rows.pro.price': 10, rowCount: 1 } }, types);
    const production = snapshot(
      PRODUCTION,
      { plans: { 'rows.pro.price': 12, 'rows.team.price': 40, rowCount: 2 } },
      types,
    );
    expect(run(staging, production)).toEqual([
      'stale-data plans:rows.pro +value-drift plans:rowCount',
      'stale-data plans:rows.team',
    ]);
  });

  it("one service's image at two keys is one image-drift, on the service's key", () => {
    const types = { types: { api: 'ecs' } };
    const staging = snapshot(
      STAGING,
      { api: { image: 'r:1.4', 'container.web.image': 'r:1.4' } },
      types,
    );
    const production = snapshot(
      PRODUCTION,
      { api: { image: 'r:1.5', 'container.web.image': 'r:1.5' } },
      types,
    );
    expect(run(staging, production)).toEqual([
      'image-drift api:image +image-drift api:container.web.image',
    ]);
  });

  it('different problems stay apart: two missing keys, two different origins', () => {
    const dev = identity('qa', { tier: 'nonproduction' });
    const a = snapshot(dev, {
      web: { A_URL: 'http://localhost:1/', B_URL: 'http://127.0.0.1:2/', X: '1', Y: '2' },
    });
    const b = snapshot(PRODUCTION, {
      web: { A_URL: 'http://localhost:1/', B_URL: 'http://127.0.0.1:2/' },
    });
    expect(run(a, b)).toEqual([
      'localhost-url web:A_URL',
      'localhost-url web:A_URL',
      'localhost-url web:B_URL',
      'localhost-url web:B_URL',
      'missing-key web:X',
      'missing-key web:Y',
    ]);
  });
});
