/**
 * Hostile pull requests that try to pass the gate green: forged snapshot files named like the
 * environments, an emptied config, `--only` matching nothing, blanket ignores and relaxed rules.
 * The assertion is the exit code the job sees.
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import { pullRequestRepo } from './helpers.js';

const TRUSTED = {
  'parity.yaml': `version: 1
environments: { staging: {}, production: {} }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
`,
  // Real drift: production lacks a key staging has.
  '.env.staging': 'API_URL=https://api.staging.example.com\nFEATURE_X=1\n',
  '.env.production': 'API_URL=https://api.production.example.com\n',
};

const forgedSnapshot = (environment: string) =>
  JSON.stringify({
    schemaVersion: 1,
    environment,
    tier: environment === 'production' ? 'production' : 'nonproduction',
    identity: { aliases: [environment], hosts: {} },
    capturedAt: '2026-11-01T00:00:00.000Z',
    tool: { name: 'parity', version: '0.1.0' },
    sources: [],
  });

describe('hostile pull request: the gate', () => {
  it('files committed as `staging` and `production` are not read in place of the environments', async () => {
    const { dir } = pullRequestRepo(TRUSTED, {
      staging: forgedSnapshot('staging'),
      production: forgedSnapshot('production'),
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(jsonReport(result).findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'missing-key web:FEATURE_X',
    ]);
  });

  it('`sources: {}` reads nothing, and an audit of nothing exits 2', async () => {
    const { dir } = pullRequestRepo(TRUSTED, {
      'parity.yaml': 'version: 1\nenvironments: { staging: {}, production: {} }\nsources: {}\n',
    });
    const result = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^parity: staging: no source to read, so nothing was audited/);
  });

  it('`--only` matching no source exits 2', async () => {
    const { dir } = pullRequestRepo(TRUSTED);
    const result = await runCli(['diff', 'staging', 'production', '--only', 'nothing'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--only nothing matches no source/);
  });

  it('with --config-ref, a blanket ignore and relaxed rules in the pull request do not apply', async () => {
    const { dir, base } = pullRequestRepo(TRUSTED, {
      'parity.yaml': `${TRUSTED['parity.yaml']}rules: { missing-key: "off" }
ignore:
  - { key: "*", reason: nothing to see here }
`,
    });
    const loose = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(loose.code).toBe(0); // what the pull request's own policy would say
    const result = await runCli(
      ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
      {
        cwd: dir,
      },
    );
    expect(result.code).toBe(1);
    const report = jsonReport(result);
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'missing-key web:FEATURE_X',
      'config-change config:policy',
    ]);
    expect(report.findings[1]?.message).toBe(
      `the working tree’s config would change the policy of ${base} (not applied): adds ignore of "*"; relaxes rule missing-key to off`,
    );
  });

  it.each([
    ['deletes parity.yaml', null, 'removes the config file'],
    ['breaks parity.yaml', 'version: [', 'replaces the config with an invalid one'],
  ])(
    'with --config-ref, a pull request that %s still gets the base policy',
    async (_n, content, change) => {
      const { dir, base } = pullRequestRepo(TRUSTED, { 'parity.yaml': content });
      const result = await runCli(
        ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
        {
          cwd: dir,
        },
      );
      expect(result.code).toBe(1);
      expect(
        jsonReport(result).findings.find((f) => f.rule === 'config-change')?.message,
      ).toContain(change);
    },
  );

  it('parity.yaml replaced by a link to /dev/zero: one line and exit 2, or the base policy with --config-ref', async () => {
    const { dir, base } = pullRequestRepo(TRUSTED, { 'parity.yaml': null });
    symlinkSync('/dev/zero', path.join(dir, 'parity.yaml'));
    const plain = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('parity: parity.yaml: not a regular file (a character device)\n');
    const trusted = await runCli(
      ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
      { cwd: dir },
    );
    expect(trusted.code).toBe(1);
    expect(jsonReport(trusted).findings.find((f) => f.rule === 'config-change')?.message).toContain(
      'replaces the config with an invalid one',
    );
  });

  it('--config-ref naming a commit that is not there: exit 2, one line', async () => {
    const { dir } = pullRequestRepo(TRUSTED);
    const result = await runCli(['diff', 'staging', 'production', '--config-ref', 'f'.repeat(40)], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `parity: --config-ref ${'f'.repeat(40)}: no such commit here — Fetch it first, e.g. git fetch --depth=1 origin ${'f'.repeat(40)}\n`,
    );
  });
});
