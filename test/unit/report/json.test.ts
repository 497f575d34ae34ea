import { describe, expect, it } from 'vitest';
import { jsonFormatter } from '../../../src/report/json.js';
import { reportSchema } from '../../support/cli.js';
import { CANARY, fixtureReport } from './fixture-report.js';

describe('json formatter', () => {
  const report = fixtureReport({ failed: true });
  const text = jsonFormatter.format(report, { color: false, verbose: false });
  const parsed: unknown = JSON.parse(text);

  it('has exactly the SPEC §6 top-level keys, in order', () => {
    expect(Object.keys(parsed as object)).toEqual([
      'schemaVersion',
      'tool',
      'command',
      'environments',
      'generatedAt',
      'summary',
      'sources',
      'findings',
    ]);
    expect(reportSchema.parse(parsed).summary).toEqual({
      errors: 4,
      warnings: 1,
      infos: 0,
      keysCompared: 5,
      matching: 1,
      expectedDifferences: 0,
      ignored: 0,
      exitCode: 2,
    });
  });

  it('renders each finding with its SPEC keys and a message', () => {
    const r = reportSchema.parse(parsed);
    const local = r.findings.find((f) => f.rule === 'localhost-url');
    expect(local).toEqual({
      rule: 'localhost-url',
      severity: 'error',
      key: 'bundle:urls',
      source: 'bundle',
      environments: ['staging'],
      message: 'staging points at http://localhost:3000',
      // One finding for the problem: the value-drift on the same key folded in, both values kept.
      values: {
        staging: 'https://staging.tableicty.com, http://localhost:3000',
        production: 'https://tableicty.com',
      },
      sensitive: false,
      related: [{ rule: 'value-drift', key: 'bundle:urls' }],
    });
    expect(r.sources.find((s) => s.status === 'error')).toMatchObject({
      environment: 'staging',
      name: 'db',
      error: expect.stringMatching(/access denied/),
    });
  });

  it('never contains a secret and redacts sensitive values', () => {
    expect(text).not.toContain(CANARY);
    const shared = reportSchema.parse(parsed).findings.find((f) => f.rule === 'shared-secret');
    expect(shared).toMatchObject({
      values: { staging: '<redacted>', production: '<redacted>' },
      sensitive: true,
    });
  });

  it('adds the compared entries with --verbose', () => {
    const verbose = JSON.parse(jsonFormatter.format(report, { color: false, verbose: true })) as {
      entries: unknown[];
    };
    expect(verbose.entries).toHaveLength(5);
  });
});
