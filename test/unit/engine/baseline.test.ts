import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import { audit } from '../../../src/engine/audit.js';
import type { AuditInput } from '../../../src/engine/audit.js';
import type { BaselineFinding } from '../../../src/engine/baseline.js';
import { addDays, baselineEntries, baselineYaml } from '../../../src/engine/baseline.js';
import { NOW, PRODUCTION, settings, snapshot, STAGING } from '../../support/world.js';

const DATES = { today: '2026-11-22', expires: '2027-02-20' };

function finding(key: string, rule: string, environments = ['staging', 'production']) {
  return { key, rule, environments };
}

// Every character YAML treats specially somewhere, and what a terminal or a reader acts on.
const AWKWARD = [
  'plans:rows.Pro: "annual" #1.price',
  "plans:rows.'quoted'.price",
  'plans:rows.- dash.price',
  'plans:rows.[x] {y}.price',
  'plans:rows.&anchor *alias.price',
  'plans:rows.!tag %pct @at `tick`.price',
  'plans:rows. lead.price',
  'plans:rows.trail .price',
  'plans:rows.null.price',
  'plans:rows.2026-01-01.price',
  'plans:rows.a\nb.price',
  'plans:rows.\u001b[31mred.price',
  'plans:rows.\u2028sep.price',
  'plans:rows.\u202eevil.price',
  'plans:rows.::error::x.price',
  'plans:rows.back\\slash "q".price',
];

describe('baselineEntries', () => {
  it('writes one entry per key and rule, with today in the reason and the expiry', () => {
    expect(baselineEntries([finding('web:A', 'missing-key')], DATES)).toEqual([
      {
        key: 'web:A',
        rule: 'missing-key',
        reason: 'baseline 2026-11-22: review',
        expires: '2027-02-20',
      },
    ]);
  });

  it('names the environment only when the finding concerns one environment', () => {
    const entries = baselineEntries(
      [
        finding('web:URL', 'localhost-url', ['staging']),
        finding('web:URL', 'value-drift'),
        finding('web:KEY', 'test-credential-in-production', ['production']),
        finding('web:KEY', 'test-credential-in-production', ['staging']),
      ],
      DATES,
    );
    expect(entries.map((e) => [e.key, e.rule, e.env])).toEqual([
      ['web:KEY', 'test-credential-in-production', 'production'],
      ['web:KEY', 'test-credential-in-production', 'staging'],
      ['web:URL', 'localhost-url', 'staging'],
      ['web:URL', 'value-drift', undefined],
    ]);
  });

  it('never baselines findings about the audit itself', () => {
    const entries = baselineEntries(
      [
        finding('web', 'source-error', ['staging']),
        finding('config:ignore[0]', 'expired-ignore', []),
        finding('config:compare.differ', 'config-change', []),
        finding('web:A', 'value-drift'),
      ],
      DATES,
    );
    expect(entries.map((e) => e.rule)).toEqual(['value-drift']);
  });

  it('merges duplicates and sorts by key, then rule, by code unit', () => {
    const findings = [
      finding('web:b', 'value-drift'),
      finding('web:B', 'value-drift'),
      finding('web:a', 'missing-key'),
      finding('web:a', 'insecure-url'),
      finding('web:b', 'value-drift'),
    ];
    expect(baselineEntries(findings, DATES).map((e) => `${e.key} ${e.rule}`)).toEqual([
      'web:B value-drift',
      'web:a insecure-url',
      'web:a missing-key',
      'web:b value-drift',
    ]);
  });
});

describe('baselineYaml', () => {
  const text = (findings: readonly BaselineFinding[]) =>
    baselineYaml(baselineEntries(findings, DATES), 'parity baseline staging production');

  it('reads back to the same keys, whatever they hold', () => {
    const yamlText = text(AWKWARD.map((k) => finding(k, 'stale-data')));
    const parsed = parse(yamlText) as { ignore: { key: string }[] };
    expect(parsed.ignore.map((e) => e.key).sort()).toEqual([...AWKWARD].sort());
  });

  it('loads as parity.yaml ignore entries, expiry and reason intact', () => {
    const config =
      'version: 1\nenvironments: { staging: {}, production: {} }\nsources: {}\n' +
      text(AWKWARD.map((k) => finding(k, 'stale-data', ['staging'])));
    const { ignore } = parseConfigText(config, 'parity.yaml').config;
    expect(ignore).toHaveLength(AWKWARD.length);
    expect(ignore.map((e) => e.key).sort()).toEqual([...AWKWARD].sort());
    expect(new Set(ignore.map((e) => `${e.rule} ${e.env} ${e.reason} ${e.expires}`))).toEqual(
      new Set(['stale-data staging baseline 2026-11-22: review 2027-02-20']),
    );
  });

  it('keeps every entry on its own lines: no raw control, separator or bidi character', () => {
    const yamlText = text(AWKWARD.map((k) => finding(k, 'stale-data')));
    // eslint-disable-next-line no-control-regex -- the characters a terminal acts on
    expect(yamlText).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
    for (const line of yamlText.trimEnd().split('\n')) {
      expect(line).toMatch(/^(#|ignore:| {2}- key: | {4}(rule|env|reason|expires): |$)/);
    }
  });

  it('is byte-identical for the same findings in any order', () => {
    const findings = AWKWARD.map((k, i) => finding(k, i % 2 ? 'stale-data' : 'value-drift'));
    expect(text([...findings].reverse())).toBe(text(findings));
  });

  it('holds keys and rule ids only, never a finding value', () => {
    const canary = 'canary-3f9a1c7e5b2d';
    const withValues = [{ ...finding('web:SECRET_KEY', 'shared-secret'), values: { a: canary } }];
    expect(text(withValues)).not.toContain(canary);
  });

  it('is an empty list when there is nothing to baseline', () => {
    expect(text([])).toMatch(/\nignore: \[\]\n$/);
  });
});

describe('a baseline applied to the same audit', () => {
  const a = snapshot(STAGING, {
    params: { URL: 'http://localhost:3000', ONLY: '1', 'A: "b" #c': 'x', '- d *': 'y' },
  });
  const b = snapshot(PRODUCTION, { params: { URL: 'https://x.example.com', 'A: "b" #c': 'z' } });
  const run = (ignores: AuditInput['ignores'], extra = a) =>
    audit({
      command: 'diff',
      snapshots: [extra, b],
      identities: [STAGING, PRODUCTION],
      settings: settings(),
      severities: {},
      ignores,
      failOn: 'warning',
      now: NOW,
    });

  it('silences every finding it was made from, and a new drift still gates', () => {
    const before = run([]);
    expect(before.findings.length).toBeGreaterThan(3);
    const yamlText = baselineYaml(
      baselineEntries(before.findings, { today: '2026-11-22', expires: addDays('2026-11-22', 90) }),
      'parity baseline staging production',
    );
    const { ignore } = parse(yamlText) as { ignore: AuditInput['ignores'] };
    const after = run(ignore);
    expect(after.findings).toEqual([]);
    expect(after.summary).toMatchObject({ ignored: before.findings.length, exitCode: 0 });

    const drifted = snapshot(STAGING, {
      params: { URL: 'http://localhost:3000', ONLY: '1', 'A: "b" #c': 'x', '- d *': 'y', NEW: '1' },
    });
    expect(run(ignore, drifted).findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'missing-key params:NEW',
    ]);
  });
});

describe('addDays', () => {
  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-11-22', 90)).toBe('2027-02-20');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-02-30', 0)).not.toBe('2026-02-30');
  });
});
