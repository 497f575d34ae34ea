import { describe, expect, it } from 'vitest';
import { markdownFormatter } from '../../../src/report/markdown.js';
import { CANARY, fixtureReport } from './fixture-report.js';

describe('markdown formatter', () => {
  it('has a summary table, a findings table and collapsed matches', () => {
    const md = markdownFormatter.format(fixtureReport(), { color: false, verbose: false });
    expect(md).toMatch(/^## parity diff staging ↔ production/);
    expect(md).toContain('| 3 | 1 | 0 | 5 | 1 | 0 | 0 | 1 |');
    expect(md).toContain(
      '| 🔴 | `localhost-url` | `bundle:urls` | staging points at http://localhost:3000 |',
    );
    expect(md).toContain('<details><summary>1 key matching or differing as expected</summary>');
    expect(md).not.toContain(CANARY);
  });

  it('says the audit is incomplete when a source failed', () => {
    const md = markdownFormatter.format(fixtureReport({ clean: true, failed: true }), {
      color: false,
      verbose: false,
    });
    expect(md).toContain('Audit incomplete');
    expect(md).not.toMatch(/No drift/);
  });
});
