/**
 * The bad-input catalogue (SPEC §7.5): each gives a one-line error naming the file and line or
 * the environment and source, exit 2, no stack trace — and the other sources still report.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { awsTestEnv, describeWithMoto, seedSecret, seedSsm } from '../support/moto.js';
import { repo } from './worlds/helpers.js';

const config = (sources: string) => `version: 1
environments:
  staging: {}
  production: {}
sources:
  good: { type: dotenv, file: "good.env" }
${sources}`;

const STACK = /\n\s+at .+:\d+:\d+/;

describe('bad input: one clear line, exit 2, the rest still reported', () => {
  it.each([
    [
      'malformed dotenv',
      '  bad: { type: dotenv, file: "bad.env" }',
      { 'bad.env': 'A=1\nthis line is not dotenv\n' },
      /^bad\.env:2: not a KEY=value line$/,
    ],
    [
      'invalid UTF-8 in a dotenv file',
      '  bad: { type: dotenv, file: "bad.env" }',
      { 'bad.env': Buffer.from([0x41, 0x3d, 0xc3, 0x28, 0x0a]) },
      /^bad\.env: invalid UTF-8$/,
    ],
    [
      'a missing file',
      '  bad: { type: dotenv, file: "missing.env" }',
      {},
      /^missing\.env: file not found$/,
    ],
    [
      'malformed JSON in an export',
      '  bad: { type: ssm, path: /x/, export: "ssm.json" }',
      { 'ssm.json': '{"Parameters": [\n  {"Name": "/x/A",\n' },
      /^ssm\.json: invalid JSON/,
    ],
    [
      'an export of the wrong command',
      '  bad: { type: rds, instance: db, export: "rds.json" }',
      { 'rds.json': '{"Parameters": []}' },
      /^rds\.json: not an `aws rds describe-db-instances` export/,
    ],
    [
      'a file outside the repository',
      '  bad: { type: dotenv, file: "../outside.env" }',
      {},
      /^\.\.\/outside\.env: outside the repository/,
    ],
  ])('%s', async (_name, sources, files, expected) => {
    const dir = repo({ 'parity.yaml': config(sources), 'good.env': 'A=1\n', ...files });
    const result = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '--fail-on', 'never'],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).not.toMatch(STACK);
    const report = jsonReport(result);
    const failed = report.sources.filter((s) => s.status === 'error');
    expect(failed.map((s) => `${s.environment}/${s.name}`).sort()).toEqual([
      'production/bad',
      'staging/bad',
    ]);
    for (const s of failed) expect(s.error).toMatch(expected);
    expect(report.sources.filter((s) => s.name === 'good').every((s) => s.status === 'ok')).toBe(
      true,
    );
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toContain('source-error bad');
  });

  it('an SSM path with no parameters: the allowEmpty hint reaches text, JSON and Markdown', async () => {
    const dir = repo({
      'parity.yaml': config('  params: { type: ssm, path: /x/, export: "ssm.json" }'),
      'good.env': 'A=1\n',
      'ssm.json': '{"Parameters": []}',
    });
    const hint = 'set allowEmpty: true if the path is empty on purpose';
    const json = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    const source = jsonReport(json).sources.find((s) => s.name === 'params');
    expect(source?.error).toBe('no parameters under /x/ (wrong path or region?)');
    expect(
      JSON.parse(json.stdout).sources.find((s: { name: string }) => s.name === 'params').hint,
    ).toBe(hint);
    const text = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(text.stdout).toContain(
      `could not be read: no parameters under /x/ (wrong path or region?) — ${hint}`,
    );
    const markdown = await runCli(['diff', 'staging', 'production', '-f', 'markdown'], {
      cwd: dir,
    });
    expect(markdown.stdout).toContain(hint);
  });

  it('a huge dotenv file is refused, not read', async () => {
    const dir = repo({
      'parity.yaml': config('  big: { type: dotenv, file: "big.env" }'),
      'good.env': 'A=1\n',
      'big.env': `A=${'x'.repeat(11 * 1024 * 1024)}\n`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources.find((s) => s.name === 'big')?.error).toBe(
      'big.env: 11 MB is over the 10 MB limit',
    );
  });

  it.each([
    [
      'unknown environment',
      ['diff', 'staging', 'qa'],
      /^parity: unknown environment "qa" \(parity\.yaml declares: staging, production\)\n$/,
    ],
    ['unknown option', ['diff', 'staging', 'production', '--colour'], /unknown option '--colour'/],
  ])('%s', async (_name, args, expected) => {
    const dir = repo({ 'parity.yaml': config(''), 'good.env': 'A=1\n' });
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(STACK);
  });
});

describeWithMoto('bad input from AWS', (endpoint) => {
  const proxies: FaultProxy[] = [];
  afterAll(async () => Promise.all(proxies.map((p) => p.close())));

  it('expired credentials: one line naming the source, exit 2', async () => {
    const app = `bad${randomUUID().slice(0, 6)}`;
    await seedSsm(endpoint, [
      { name: `/${app}/staging/A`, value: '1' },
      { name: `/${app}/production/A`, value: '1' },
    ]);
    const proxy = await startFaultProxy(endpoint, {
      deny: ['ssm'],
      denyWith: 'ExpiredTokenException',
    });
    proxies.push(proxy);
    const dir = repo({
      'parity.yaml': config(`  params: { type: ssm, path: "/${app}/\${env}/" }`),
      'good.env': 'A=1\n',
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: awsTestEnv(proxy.endpoint),
    });
    expect(result.code).toBe(2);
    const error = jsonReport(result).sources.find((s) => s.name === 'params')?.error ?? '';
    expect(error).toMatch(
      /^AWS credentials expired reading SSM parameters under \/.+\/ \(ExpiredTokenException\) — refresh your session$/,
    );
  });

  it('a non-JSON secret is read as `value`, not an error', async () => {
    const app = `bad${randomUUID().slice(0, 6)}`;
    await seedSecret(endpoint, `${app}/staging/token`, 'plain-text-token-canary-1');
    await seedSecret(endpoint, `${app}/production/token`, 'plain-text-token-canary-2');
    const dir = repo({
      'parity.yaml': config(`  token: { type: secrets-manager, secret: "${app}/\${env}/token" }`),
      'good.env': 'A=1\n',
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json', '-v'], {
      cwd: dir,
      env: awsTestEnv(endpoint),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"key": "token:value"');
    expect(result.stdout).not.toContain('plain-text-token-canary');
  });
});
