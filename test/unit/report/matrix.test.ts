/**
 * The matrix formatters on one three-environment audit: text fits 80 columns (whole with -v),
 * Markdown lists the differing keys only, JSON carries every key with its status.
 */
import { describe, expect, it } from 'vitest';
import type { MATRIX_FORMATS } from '../../../src/report/matrix/index.js';
import { getMatrixFormatter } from '../../../src/report/matrix/index.js';
import { matrixOf } from '../../../src/report/matrix/model.js';
import { render } from '../../../src/report/render.js';
import { displayable } from '../../../src/report/sanitize.js';
import { auditOf, identity, snapshot } from '../../support/world.js';

const LONG = `https://cdn.example.com/${'very-long-path-segment/'.repeat(6)}bundle.js`;
const view = displayable(
  render(
    auditOf(
      [identity('dev'), identity('staging'), identity('production')].map((id) =>
        snapshot(id, {
          web: {
            ASSET_URL: LONG,
            WORKERS: id.name === 'staging' ? '2' : '4',
            ...(id.name === 'dev' ? {} : { QUEUE: 'jobs' }),
          },
        }),
      ),
    ),
  ),
);
const matrix = matrixOf(view);
const format = async (name: (typeof MATRIX_FORMATS)[number], verbose = false) =>
  (await getMatrixFormatter(name)).format(matrix, view, { color: false, verbose });

describe('matrix', () => {
  it('marks the cells that differ from the reference', () => {
    expect(matrix.rows.map((r) => [r.key, r.status, r.differing])).toEqual([
      ['web:ASSET_URL', 'match', []],
      ['web:QUEUE', 'missing', ['dev']],
      ['web:WORKERS', 'finding', ['staging']],
    ]);
  });

  it('text: an aligned table within 80 columns, values whole with -v', async () => {
    const text = await format('text');
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(text).toContain('production (ref)');
    expect(lines.find((l) => l.startsWith('web:WORKERS'))).toMatch(
      /^web:WORKERS +4 +2 \* +4 +finding$/,
    );
    expect(lines.find((l) => l.startsWith('web:QUEUE'))).toMatch(
      /^web:QUEUE +— +jobs +jobs +missing$/,
    );
    expect(text).not.toContain(LONG);
    expect(await format('text', true)).toContain(LONG);
  });

  it('markdown: the differing keys only, differing cells in bold', async () => {
    const md = await format('markdown');
    expect(md).toContain('| `web:WORKERS` | `4` | **`2`** | `4` | finding |');
    expect(md).toContain('| `web:QUEUE` | — | `jobs` | `jobs` | missing |');
    expect(md).not.toContain('web:ASSET_URL');
  });

  it('json: every key with each environment’s value and its status', async () => {
    const json = JSON.parse(await format('json')) as Record<string, unknown>;
    expect(json).toMatchObject({
      command: 'matrix',
      environments: ['dev', 'staging', 'production'],
      reference: 'production',
      matrix: [
        { key: 'web:ASSET_URL', status: 'match' },
        { key: 'web:QUEUE', status: 'missing', values: { staging: 'jobs', production: 'jobs' } },
        {
          key: 'web:WORKERS',
          status: 'finding',
          values: { dev: '4', staging: '2', production: '4' },
        },
      ],
    });
  });
});
