import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/placeholder-value.js';
import valueDrift from '../../../src/rules/value-drift.js';
import sharedSecret from '../../../src/rules/shared-secret.js';
import { renderMessage } from '../../../src/report/render.js';
import { pairContext, PRODUCTION, singleContext, snapshot, STAGING } from '../../support/world.js';

const sentence = (f: ReturnType<typeof rule.check>[number]): string =>
  renderMessage({ ...f, rule: rule.id, severity: f.severity ?? rule.defaultSeverity });

describe('placeholder-value', () => {
  it.each([
    [
      'an envsubst template',
      '${JWT_SECRET}',
      'production holds an unrendered template: ${JWT_SECRET}',
    ],
    [
      'a mustache template',
      '{{SECRETS_ARN}}',
      'production holds an unrendered template: {{SECRETS_ARN}}',
    ],
    [
      'a Helm expression in a URL',
      'https://{{ .Values.host }}/api',
      'production holds an unrendered template: {{ .Values.host }}',
    ],
    ['changeme', 'changeme', 'production holds a stand-in, not a real value: changeme'],
    ['REPLACE_ME', 'REPLACE_ME', 'production holds a stand-in, not a real value: REPLACE_ME'],
    ['<your-key>', '<your-key>', 'production holds a stand-in, not a real value: <your-key>'],
    ['xxxx-xxxx', 'xxxx-xxxx', 'production holds a stand-in, not a real value: xxxx-xxxx'],
  ])('fires on %s, as an error in production', (_name, value, message) => {
    const found = rule.check(singleContext(snapshot(PRODUCTION, { app: { SETTING: value } })));
    expect(found.map((f) => `${f.key} ${f.severity ?? ''}`)).toEqual(['app:SETTING error']);
    expect(found.map(sentence)).toEqual([message]);
  });

  it('is a warning outside production, and names no secret stand-in', () => {
    const found = rule.check(
      singleContext(
        snapshot(STAGING, { app: { API_SECRET: { value: 'changeme', sensitive: true } } }),
      ),
    );
    expect(found.map((f) => `${f.key} ${f.severity ?? ''}`)).toEqual(['app:API_SECRET warning']);
    expect(found.map(sentence)).toEqual(['staging holds a stand-in, not a real value']);
  });

  it.each([
    [
      'a health check the shell expands',
      'ecs',
      'container.web.healthCheck',
      'curl -f http://localhost:${PORT}/health',
    ],
    ['braces as text', 'dotenv', 'GREETING', 'Hello {name}'],
    ['a real value', 'dotenv', 'URL', 'https://acme.com/x'],
    ['a word that only starts like one', 'dotenv', 'MODE', 'xenon'],
  ])('stays quiet on %s', (_name, type, path, value) => {
    const env = snapshot(PRODUCTION, { app: { [path]: value } }, { types: { app: type } });
    expect(rule.check(singleContext(env))).toEqual([]);
  });

  it('a placeholder is never compared as a value: no value-drift, no shared-secret', () => {
    const ctx = pairContext(
      snapshot(STAGING, {
        app: { JWT_SECRET: { value: '${JWT_SECRET}', sensitive: true }, URL: '{{APP_URL}}' },
      }),
      snapshot(PRODUCTION, {
        app: { JWT_SECRET: { value: '${JWT_SECRET}', sensitive: true }, URL: 'https://acme.com' },
      }),
    );
    expect(valueDrift.check(ctx)).toEqual([]);
    expect(sharedSecret.check(ctx)).toEqual([]);
  });
});
