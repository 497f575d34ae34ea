import { describe, expect, it } from 'vitest';
import { exitReasonText, renderMessage } from '../../../src/report/render.js';
import { defineRule } from '../../../src/rules/types.js';
import type { Finding } from '../../../src/rules/types.js';

const rule = defineRule({
  id: 'demo-rule',
  defaultSeverity: 'warning',
  scope: 'single',
  description: 'a rule for this test',
  messages: { found: '{env} has {what} ({missing})' },
  check: () => [],
});

const finding: Finding = {
  rule: 'demo-rule',
  messageId: 'found',
  data: { env: 'staging', what: 'a thing' },
  severity: 'warning',
  key: 'x:y',
  environments: ['staging'],
  sensitive: false,
};

describe('renderMessage', () => {
  it('joins lists, names the first three and counts the rest, and writes changes as from → to', () => {
    const lists = defineRule({
      id: 'list-rule',
      defaultSeverity: 'warning',
      scope: 'single',
      description: 'a rule for this test',
      messages: { found: '{origins}; {changes}' },
      check: () => [],
    });
    const f: Finding = {
      ...finding,
      rule: 'list-rule',
      data: {
        origins: ['http://a', 'http://b', 'http://a', 'http://c', 'http://d', 'http://e'],
        changes: [
          { name: 'price', from: '10', to: '12' },
          { name: 'active', from: 'true', to: 'false' },
        ],
      },
    };
    expect(renderMessage(f, () => lists)).toBe(
      'http://a, http://b, http://c and 2 more; price 10 → 12, active true → false',
    );
  });

  it('makes the exit reason from its data', () => {
    expect(
      exitReasonText({ cause: 'incomplete', failOn: 'error', failedSources: ['staging/ssm'] }),
    ).toBe('exit 2: audit incomplete — 1 source could not be read (staging/ssm)');
    expect(exitReasonText({ cause: 'findings', failOn: 'warning', gating: 3 })).toBe(
      'exit 1: 3 findings at or above --fail-on warning',
    );
    expect(exitReasonText({ cause: 'clean', failOn: 'never' })).toBe('exit 0: --fail-on never');
  });

  it('fills placeholders from data and leaves unknown ones visible', () => {
    expect(renderMessage(finding, () => rule)).toBe('staging has a thing ({missing})');
  });

  it('falls back to the message id and data when the rule is unknown', () => {
    expect(renderMessage(finding, () => undefined)).toBe('found (env=staging what=a thing)');
  });
});
