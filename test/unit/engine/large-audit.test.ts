/**
 * Large key sets: no stage may spread or recurse over every key (600k keys used to overflow the
 * call stack). 200,000 keys, a seventh of them drifting, through the audit and every formatter.
 */
import { describe, expect, it } from 'vitest';
import { getFormatter, listFormats } from '../../../src/report/index.js';
import { render } from '../../../src/report/render.js';
import { auditOf, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

const KEYS = 200_000;

describe('a very large audit', () => {
  it('compares, reports and formats 200,000 keys without overflowing the stack', async () => {
    const staging: Record<string, string> = {};
    const production: Record<string, string> = {};
    for (let i = 0; i < KEYS; i++) {
      staging[`K${i}`] = `v${i}`;
      production[`K${i}`] = `v${i % 7 === 0 ? i + 1 : i}`;
    }
    const report = auditOf([
      snapshot(STAGING, { web: staging }),
      snapshot(PRODUCTION, { web: production }),
    ]);
    expect(report.summary.keysCompared).toBe(KEYS);
    expect(report.findings).toHaveLength(Math.ceil(KEYS / 7));
    for (const format of listFormats()) {
      const text = (await getFormatter(format)).format(render(report), {
        color: false,
        verbose: true,
      });
      expect(text, format).toContain('K0');
    }
  }, 120_000);
});
