import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Inside the working directory, so errors name it as users see it: `parity.yaml:3 …`.
const CONFIG_FILE = `${process.cwd()}/parity.yaml`;
import { findConfigFile, parseConfigText } from '../../../src/config/load.js';
import { configJsonSchema } from '../../../src/config/schema.js';
import { ParityError } from '../../../src/errors.js';

const valid = `version: 1
environments:
  staging: {}
  production: {}
sources:
  web: { type: dotenv, file: ".env.\${env}" }
`;

function errorOf(text: string, file = CONFIG_FILE): string {
  try {
    parseConfigText(text, file);
  } catch (error) {
    if (error instanceof ParityError) return error.message;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('parseConfigText', () => {
  it('accepts a minimal config and fills defaults', () => {
    const { config } = parseConfigText(valid, CONFIG_FILE);
    expect(Object.keys(config.environments)).toEqual(['staging', 'production']);
    expect(config.compare).toEqual({
      differ: [],
      equal: [],
      sharedSecretsAllowed: [],
      staleAfterDays: 30,
    });
    expect(config.ignore).toEqual([]);
  });

  it('accepts the same config written as JSON', () => {
    const json = JSON.stringify({
      version: 1,
      environments: { staging: {} },
      sources: { web: { type: 'dotenv', file: '.env' } },
    });
    expect(parseConfigText(json, CONFIG_FILE.replace('.yaml', '.json')).config.version).toBe(1);
  });

  it.each([
    {
      name: 'bad YAML names the line',
      text: 'version: 1\nenvironments:\n  staging: {\n',
      expected: /parity\.yaml:\d+: /,
    },
    {
      name: 'an unknown top-level key names the line and the key',
      text: `${valid}colour: blue\n`,
      expected: /^parity\.yaml:7 \(top level\): unknown key "colour"$/,
    },
    {
      name: 'an unknown source option names its path',
      text: valid.replace('file: ".env.${env}"', 'file: ".env", bucket: x'),
      expected: /^parity\.yaml:6 sources\.web: unknown key "bucket"$/,
    },
    {
      name: 'a wrong type names the path',
      text: valid.replace('file: ".env.${env}"', 'file: 42'),
      expected: /^parity\.yaml:6 sources\.web\.file: expected string, received number$/,
    },
    {
      name: 'an unknown source type is refused',
      text: valid.replace('type: dotenv', 'type: ftp'),
      expected: /parity\.yaml:6 sources\.web.*type/,
    },
    {
      name: 'an ignore entry needs a reason',
      text: `${valid}ignore:\n  - key: "web:X"\n`,
      expected: /^parity\.yaml:8 ignore\[0\]\.reason: /,
    },
    {
      name: 'an unknown rule in rules: is refused',
      text: `${valid}rules:\n  no-such-rule: error\n`,
      expected: /^parity\.yaml:8 rules\.no-such-rule: unknown rule "no-such-rule"/,
    },
    {
      name: 'a bad severity is refused',
      text: `${valid}rules:\n  missing-key: loud\n`,
      expected: /^parity\.yaml:8 rules\.missing-key: /,
    },
    {
      name: 'an expires that is not a date is refused',
      text: `${valid}ignore:\n  - key: "web:X"\n    reason: later\n    expires: soon\n`,
      expected: /ignore\[0\]\.expires: expected a date as YYYY-MM-DD/,
    },
    {
      name: 'the version is required',
      text: valid.replace('version: 1\n', ''),
      expected: /^parity\.yaml:1 version: /,
    },
    {
      name: 'an empty file is refused',
      text: '',
      expected: /^parity\.yaml: the config file is empty$/,
    },
  ])('$name', ({ text, expected }) => {
    const message = errorOf(text);
    expect(message).toMatch(expected);
    for (const line of message.split('\n')) expect(line).toMatch(/^(parity\.yaml|…)/);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = [
      'version: 1',
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    expect(errorOf(bomb)).toMatch(/^parity\.yaml: .*alias/i);
  });
});

describe('findConfigFile', () => {
  it('searches upward from the working directory to the Git root', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parity-find-'));
    mkdirSync(path.join(root, '.git'));
    mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(root, 'parity.yml'), valid);
    expect(findConfigFile(path.join(root, 'a', 'b'))).toBe(path.join(root, 'parity.yml'));
  });

  it('stops at the Git root', () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'parity-find-'));
    writeFileSync(path.join(outer, 'parity.yaml'), valid);
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    expect(() => findConfigFile(repo)).toThrow(/no parity\.yaml found/);
  });

  it('prefers parity.yaml over parity.yml and parity.json', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'parity-find-'));
    for (const name of ['parity.json', 'parity.yml', 'parity.yaml'])
      writeFileSync(path.join(root, name), valid);
    expect(findConfigFile(root)).toBe(path.join(root, 'parity.yaml'));
  });

  it('names a missing -c file', () => {
    expect(() => findConfigFile(tmpdir(), 'nope.yaml')).toThrow('nope.yaml: config file not found');
  });
});

describe('configJsonSchema', () => {
  it('is generated from the zod schema and lists every source type', () => {
    const schema = JSON.stringify(configJsonSchema());
    expect(schema).toContain('"dotenv"');
    expect(schema).toContain('"ssm"');
    expect(schema).toContain('"additionalProperties":false');
  });
});
