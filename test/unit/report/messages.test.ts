import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/report/messages.js';
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
  it('fills placeholders from data and leaves unknown ones visible', () => {
    expect(renderMessage(finding, () => rule)).toBe('staging has a thing ({missing})');
  });

  it('falls back to the message id and data when the rule is unknown', () => {
    expect(renderMessage(finding, () => undefined)).toBe('found (env=staging what=a thing)');
  });
});
