import { describe, expect, it } from 'vitest';
import { textFormatter } from '../../../src/report/text.js';
import { CANARY, fixtureReport } from './fixture-report.js';

const ANSI = new RegExp(String.fromCharCode(27) + '\\[', 'g');

describe('text formatter', () => {
  const report = fixtureReport();
  const plain = textFormatter.format(report, { color: false, verbose: false });

  it('prints one aligned line per finding, grouped by source, errors first', () => {
    expect(plain).not.toMatch(ANSI);
    const lines = plain.split('\n');
    const findingLines = lines.filter((l) => /^ {2}(error|warning|info) /.test(l));
    expect(findingLines).toHaveLength(report.findings.length);
    // Columns line up: every rule column starts at the same offset.
    const ruleColumn = new Set(
      findingLines.map((l) =>
        l.search(/(?<= {2})(localhost-url|missing-key|shared-secret|value-drift)/),
      ),
    );
    expect(ruleColumn.size).toBe(1);
    expect(lines.indexOf('bundle')).toBeLessThan(lines.indexOf('params'));
    const params = lines.slice(lines.indexOf('params') + 1).filter((l) => l.startsWith('  '));
    expect(params[0]).toMatch(/^ {2}error/);
    expect(plain).toContain('staging points at http://localhost:3000');
    expect(plain).toContain('only in production, missing in staging');
  });

  it('shows values, redacted ones as <redacted>, and never a secret', () => {
    expect(plain).toContain('[staging: starter:49,growth:199 | production: starter:49,growth:299]');
    expect(plain).toContain('<redacted>');
    expect(plain).not.toContain(CANARY);
  });

  it('ends with the summary and the exit reason', () => {
    const lines = plain.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(
      /^✖ 3 errors, 1 warning · 5 keys compared, 1 matching, 0 expected differences, 0 ignored$/,
    );
    expect(lines.at(-1)).toBe('exit 1: 3 findings at or above --fail-on error');
  });

  it('colours by severity when asked, with the same text underneath', () => {
    const coloured = textFormatter.format(report, { color: true, verbose: false });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(new RegExp(String.fromCharCode(27) + '\\[\\d+m', 'g'), '')).toBe(plain);
  });

  it('says "no drift found" only when every source was read', () => {
    expect(
      textFormatter.format(fixtureReport({ clean: true }), { color: false, verbose: false }),
    ).toContain('✔ no drift found');
    const failed = textFormatter.format(fixtureReport({ clean: true, failed: true }), {
      color: false,
      verbose: false,
    });
    expect(failed).not.toMatch(/no drift/);
    expect(failed).toContain('✖ audit incomplete');
    expect(failed).toContain('staging db (ssm) could not be read: access denied');
  });

  it('lists matching keys with --verbose', () => {
    const verbose = textFormatter.format(report, { color: false, verbose: true });
    expect(verbose).toMatch(/matching \(1\)\n {2}params:FRONTEND_URL/);
  });
});
