import { describe, expect, it } from 'vitest';
import { render } from '../../../src/report/render.js';
import type { AuditInput } from '../../../src/engine/audit.js';
import { auditOf, PRODUCTION, settings, snapshot, STAGING } from '../../support/world.js';

const a = snapshot(STAGING, {
  params: { A: '1', B: 'x', LEGACY_FLAG: 'on', URL: 'http://localhost:3000' },
});
const b = snapshot(PRODUCTION, { params: { A: '1', B: 'y' } });

function run(partial: Partial<AuditInput> = {}) {
  return auditOf([a, b], partial);
}

describe('audit', () => {
  it('sorts findings by severity, then key, then rule, and counts them', () => {
    const report = run();
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${f.key}`)).toEqual([
      'error missing-key params:LEGACY_FLAG',
      'error localhost-url params:URL',
      'error missing-key params:URL',
      'warning value-drift params:B',
    ]);
    expect(report.summary).toMatchObject({
      errors: 3,
      warnings: 1,
      infos: 0,
      keysCompared: 4,
      matching: 1,
      exitCode: 1,
    });
  });

  it('applies severity overrides and off', () => {
    const report = run({ severities: { 'missing-key': 'info', 'localhost-url': 'off' } });
    expect(report.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'warning value-drift',
      'info missing-key',
      'info missing-key',
    ]);
    expect(report.summary.exitCode).toBe(0);
  });

  it('applies ignores by key glob, rule and env, and counts them', () => {
    const report = run({
      ignores: [
        { key: 'params:LEGACY_*', rule: 'missing-key', reason: 'TAB-123' },
        { key: 'params:URL', env: 'production', reason: 'does not match staging' },
      ],
    });
    // The second entry hides missing-key (it involves production) but not staging's localhost-url.
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'localhost-url params:URL',
      'value-drift params:B',
    ]);
    expect(report.summary.ignored).toBe(2);
  });

  it('an expired ignore stops applying and is reported', () => {
    const report = run({
      ignores: [{ key: 'params:LEGACY_*', reason: 'TAB-123', expires: '2026-01-01' }],
    });
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toContain(
      'missing-key params:LEGACY_FLAG',
    );
    expect(report.findings.map((f) => f.rule)).toContain('expired-ignore');
    expect(report.summary.ignored).toBe(0);
  });

  it.each([
    ['error', 1],
    ['warning', 1],
    ['never', 0],
  ] as const)('--fail-on %s gives exit %i', (failOn, code) => {
    expect(run({ failOn }).summary.exitCode).toBe(code);
  });

  it('--fail-on warning gates on warnings alone', () => {
    const report = run({
      severities: { 'missing-key': 'off', 'localhost-url': 'off' },
      failOn: 'warning',
    });
    expect(report.summary.exitCode).toBe(1);
    expect(
      run({ severities: { 'missing-key': 'off', 'localhost-url': 'off' } }).summary.exitCode,
    ).toBe(0);
  });

  it('a failed source forces exit 2 whatever --fail-on says', () => {
    const failed = snapshot(PRODUCTION, { params: { A: '1' } }, { failed: { bundle: 'denied' } });
    const report = run({ snapshots: [a, failed], failOn: 'never' });
    expect(report.summary.exitCode).toBe(2);
    expect(render(report).exitReason).toMatch(
      /^exit 2: audit incomplete — 1 source could not be read \(production\/bundle\)/,
    );
    expect(report.findings.map((f) => f.rule)).toContain('source-error');
  });

  it('check runs single-environment and audit rules only', () => {
    const report = run({ command: 'check', snapshots: [a] });
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(new Set(['localhost-url']));
    expect(report.summary.keysCompared).toBe(4);
  });

  it('counts expected differences: compare.differ keys and secrets that differ', () => {
    const s = snapshot(STAGING, {
      p: { DB: 'db-a', TOKEN: { value: 'secret-token-a1', sensitive: true } },
    });
    const p = snapshot(PRODUCTION, {
      p: { DB: 'db-b', TOKEN: { value: 'secret-token-b2', sensitive: true } },
    });
    const report = run({ snapshots: [s, p], settings: settings({ differ: ['p:DB'] }) });
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({
      keysCompared: 2,
      matching: 0,
      expectedDifferences: 2,
      exitCode: 0,
    });
  });
});
