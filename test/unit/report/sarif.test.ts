import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { sarifFormatter } from '../../../src/report/sarif.js';
import { rules } from '../../../src/rules/index.js';
import { CANARY, fixtureReport } from './fixture-report.js';

// The official SARIF 2.1.0 (rtm.5) JSON Schema, vendored as test data.
const schema: unknown = JSON.parse(
  readFileSync(new URL('../../fixtures/schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
);

describe('sarif formatter', () => {
  const text = sarifFormatter.format(fixtureReport({ failed: true }), {
    color: false,
    verbose: false,
  });
  const log: unknown = JSON.parse(text);

  it('validates against the SARIF 2.1.0 schema', () => {
    // A CommonJS package: under NodeNext its default export is the module object.
    const Ajv = AjvDraft04.default;
    // The schema's patterns are ECMAScript-without-u regular expressions.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(typeof schema === 'object' && schema !== null ? schema : {});
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has one rule per catalogue entry with help text and URI, and results located in files', () => {
    const sarif = log as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string; help: { text: string } }[] } };
        results: {
          ruleId: string;
          level: string;
          locations?: {
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
        }[];
        invocations: { executionSuccessful: boolean }[];
      }[];
    };
    const run = sarif.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(
      run?.tool.driver.rules.every(
        (r) => r.helpUri.endsWith(`${r.id}.md`) && r.help.text.includes(`parity explain ${r.id}`),
      ),
    ).toBe(true);
    expect(run?.invocations[0]?.executionSuccessful).toBe(false);
    // Every finding of the fixture is located: at its file or at the config file.
    expect(run?.results.every((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri)).toBe(
      true,
    );
    expect(
      run?.results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri),
    ).toContain('parity.yaml');
    expect(text).not.toContain(CANARY);
  });
});
