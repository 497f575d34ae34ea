/** The CLI as a user meets it: help, version, usage errors, config errors, files and exit codes. */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// An ANSI escape sequence (colour).
const ANSI = new RegExp(String.fromCharCode(27) + '\\[');
import { BIN, jsonReport, REPO_ROOT, runCli } from '../support/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-cli-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const twoEnvConfig = `version: 1
environments:
  staging: { hosts: { app: staging.example.com } }
  production: { hosts: { app: example.com } }
sources:
  web: { type: dotenv, file: ".env.\${env}" }
`;

describe('parity CLI basics', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists every command, the global options and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const word of [
      'diff',
      'check',
      'rules',
      'explain',
      'schema',
      '--config',
      '--format',
      '--fail-on',
      '--only',
      '--concurrency',
      '--no-color',
      '--quiet',
      '--verbose',
      'Exit codes',
    ]) {
      expect(result.stdout).toContain(word);
    }
  });

  it('rules lists the catalogue and explain prints a rule doc', async () => {
    const rules = await runCli(['rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/missing-key\s+error\s+pair/);
    const explain = await runCli(['explain', 'localhost-url']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^# localhost-url/m);
  });

  it('explain of an unknown rule is a usage error (exit 2)', async () => {
    const result = await runCli(['explain', 'no-such-rule']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('parity: unknown rule "no-such-rule" (parity rules lists them)\n');
  });

  it('schema prints a JSON Schema', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schema: unknown = JSON.parse(result.stdout);
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it.each([
    [['diff', 'staging'], /^parity: diff needs two environments or more, got 1\n$/],
    [
      ['diff', 'staging', 'staging'],
      /^parity: diff needs different environments, got "staging" twice\n$/,
    ],
    [
      ['diff', 'staging', 'production', '--reference', 'dev'],
      /^parity: --reference dev is not one of the environments compared \(staging, production\)\n$/,
    ],
    [['matrix', 'staging'], /^parity: matrix needs two environments or more, got 1\n$/],
    [
      ['matrix', 'staging', 'production', '-f', 'sarif'],
      /^parity: matrix has no sarif format \(text, markdown, html, json\); parity diff -f sarif writes one\n$/,
    ],
    [['diff', 'a', 'b', '--fail-on', 'sometimes'], /--fail-on/],
    [['diff', 'a', 'b', '-f', 'xml'], /--format/],
    [['frobnicate'], /unknown command/],
    [['diff', 'a', 'b', '--concurrency', 'many'], /--concurrency expects a whole number/],
  ])('bad usage %j exits 2 with a clear error', async (args, expected) => {
    const dir = project({ 'parity.yaml': twoEnvConfig });
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('config problems exit 2 with one line naming file and line', () => {
  it.each([
    [
      'unknown key',
      `${twoEnvConfig}colour: blue\n`,
      'parity: parity.yaml:7 (top level): unknown key "colour"\n',
    ],
    ['bad YAML', 'version: 1\nenvironments: [\n', /^parity: parity\.yaml:\d+: .+\n$/],
    [
      'unknown environment',
      twoEnvConfig,
      'parity: unknown environment "prod" (parity.yaml declares: staging, production)\n',
    ],
  ])('%s', async (_name, config, expected) => {
    const dir = project({
      'parity.yaml': config,
      '.env.staging': 'A=1\n',
      '.env.production': 'A=1\n',
    });
    const result = await runCli(['diff', 'staging', 'prod'], { cwd: dir });
    expect(result.code).toBe(2);
    if (typeof expected === 'string') expect(result.stderr).toBe(expected);
    else expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('no config file at all', async () => {
    const dir = project({});
    const result = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^parity: no parity\.yaml found .* — Run `parity init`/);
  });
});

describe('exit codes and fail-closed', () => {
  it('0 when environments match, 1 on an error finding, --fail-on never gives 0', async () => {
    const same = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'URL=https://staging.example.com/\n',
      '.env.production': 'URL=https://example.com\n',
    });
    expect((await runCli(['diff', 'staging', 'production'], { cwd: same })).code).toBe(0);
    const drift = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=1\nB=2\n',
      '.env.production': 'A=1\n',
    });
    expect((await runCli(['diff', 'staging', 'production'], { cwd: drift })).code).toBe(1);
    expect(
      (await runCli(['diff', 'staging', 'production', '--fail-on', 'never'], { cwd: drift })).code,
    ).toBe(0);
  });

  it('--fail-on warning makes a warning gate', async () => {
    const dir = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=one\n',
      '.env.production': 'A=two\n',
    });
    expect((await runCli(['diff', 'staging', 'production'], { cwd: dir })).code).toBe(0);
    expect(
      (await runCli(['diff', 'staging', 'production', '--fail-on', 'warning'], { cwd: dir })).code,
    ).toBe(1);
  });

  it('a source that cannot be read is a source-error, the rest still reports, exit 2 even with --fail-on never', async () => {
    const config = twoEnvConfig.replace(
      'sources:\n',
      'sources:\n  other: { type: dotenv, file: "other.${env}" }\n',
    );
    const dir = project({
      'parity.yaml': config,
      '.env.staging': 'A=1\nB=2\n',
      '.env.production': 'A=1\n',
      'other.staging': 'X=1\n',
    });
    const result = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '--fail-on', 'never'],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    const report = jsonReport(result);
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toEqual(
      expect.arrayContaining(['source-error other', 'missing-key web:B']),
    );
    expect(
      report.sources.find((s) => s.environment === 'production' && s.name === 'other'),
    ).toMatchObject({
      status: 'error',
      error: 'other.production: file not found',
    });
    const text = await runCli(['diff', 'staging', 'production', '--fail-on', 'never'], {
      cwd: dir,
    });
    expect(text.code).toBe(2);
    expect(text.stdout).not.toMatch(/no drift/i);
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const dir = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=1\n',
      '.env.production': 'A=2\n',
    });
    const result = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '-o', 'out/report.json'],
      { cwd: dir },
    ).catch((e: unknown) => {
      throw e;
    });
    // The directory does not exist: a clear error, exit 2.
    expect(result.code).toBe(2);
    mkdirSync(path.join(dir, 'out'));
    const ok = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '-o', 'out/report.json'],
      { cwd: dir },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'))).toMatchObject({
      command: 'diff',
    });
  });

  it('--only reads just the named sources', async () => {
    const config = twoEnvConfig.replace(
      'sources:\n',
      'sources:\n  other: { type: dotenv, file: "missing.${env}" }\n',
    );
    const dir = project({
      'parity.yaml': config,
      '.env.staging': 'A=1\n',
      '.env.production': 'A=1\n',
    });
    const result = await runCli(['diff', 'staging', 'production', '--only', 'web', '-f', 'json'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(jsonReport(result).sources.map((s) => s.name)).toEqual(['web', 'web']);
  });

  it('colour only when asked: FORCE_COLOR colours, NO_COLOR wins over a terminal', async () => {
    const dir = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=1\nB=2\n',
      '.env.production': 'A=1\n',
    });
    const plain = await runCli(['diff', 'staging', 'production'], { cwd: dir });
    expect(plain.stdout).not.toMatch(ANSI);
    const forced = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toMatch(ANSI);
    const off = await runCli(['diff', 'staging', 'production', '--no-color'], {
      cwd: dir,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    expect(off.stdout).not.toMatch(ANSI);
  });
});

describe('lazy loading', () => {
  // dist/ is a bundle: which packages each of its files holds is in dist/bundle.json.
  const bundle = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist/bundle.json'), 'utf8')) as {
    files: Record<string, { packages: string[] }>;
  };
  const hook = path.join(REPO_ROOT, 'test/support/record-imports.mjs');
  /** The npm packages whose code a run of `parity args` loaded. */
  const packagesLoaded = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string[] => {
    const result = spawnSync(process.execPath, ['--import', hook, BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    });
    const files = [...result.stderr.matchAll(/^\[load\] (\S+)$/gm)].map((m) =>
      path.basename(m[1] ?? ''),
    );
    expect(files.length).toBeGreaterThan(0);
    return [...new Set(files.flatMap((f) => bundle.files[f]?.packages ?? []))].sort();
  };
  const isAws = (p: string): boolean => /^@(aws-sdk|smithy|aws)\//.test(p);

  it('a dotenv-only diff and --version load no AWS SDK module and no database driver', () => {
    const dir = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=1\n',
      '.env.production': 'A=1\n',
    });
    // --version answers from bin/ alone, before the bundle.
    const version = spawnSync(process.execPath, ['--import', hook, BIN, '--version'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(version.stderr).not.toContain('/dist/');
    const dotenvOnly = packagesLoaded(['diff', 'staging', 'production'], dir);
    expect(dotenvOnly).toContain('dotenv');
    expect(dotenvOnly.filter(isAws)).toEqual([]);
    expect(dotenvOnly.filter((p) => p === 'pg' || p === 'mysql2')).toEqual([]);
    // The check does work: an SSM source loads the SSM client, and no other service's.
    const ssm = project({
      'parity.yaml': twoEnvConfig.replace(
        'type: dotenv, file: ".env.${env}"',
        'type: ssm, path: "/x/${env}/"',
      ),
    });
    const withSsm = packagesLoaded(['diff', 'staging', 'production'], ssm, {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      PARITY_AWS_MAX_ATTEMPTS: '1',
    });
    expect(withSsm).toContain('@aws-sdk/client-ssm');
    expect(withSsm.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual([
      '@aws-sdk/client-ssm',
    ]);
  });
});

describe('${source:key} references', () => {
  const config = `version: 1
environments:
  staging: {}
  production: {}
sources:
  web: { type: dotenv, file: ".env.\${env}" }
  extra: { type: dotenv, file: "\${web:EXTRA_FILE}" }
`;

  it('reads a source whose option comes from another source of the same environment', async () => {
    const dir = project({
      'parity.yaml': config,
      '.env.staging': 'EXTRA_FILE=extra.staging\n',
      '.env.production': 'EXTRA_FILE=extra.production\n',
      'extra.staging': 'X=1\n',
      'extra.production': 'X=1\nY=2\n',
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    const report = jsonReport(result);
    expect(report.findings.map((f) => `${f.rule} ${f.key}`)).toEqual(['missing-key extra:Y']);
    expect(result.code).toBe(1);
  });

  it('a reference to nothing is a dangling-reference and fails closed', async () => {
    const dir = project({
      'parity.yaml': config,
      '.env.staging': 'OTHER=1\n',
      '.env.production': 'EXTRA_FILE=extra.production\n',
      'extra.production': 'X=1\n',
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    const found = jsonReport(result).findings.map(
      (f) => `${f.rule} ${f.key} ${f.environments.join(',')}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'dangling-reference extra:file staging',
        'source-error extra staging',
      ]),
    );
  });
});

describe('GitHub Actions', () => {
  it('appends the Markdown report to $GITHUB_STEP_SUMMARY', async () => {
    const dir = project({
      'parity.yaml': twoEnvConfig,
      '.env.staging': 'A=1\nB=2\n',
      '.env.production': 'A=1\n',
    });
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(1);
    const text = readFileSync(summary, 'utf8');
    expect(text).toMatch(/^# earlier step\n## parity diff staging ↔ production/);
    expect(text).toContain('`missing-key` | `web:B`');
    // File-located findings become annotations on the pull request's diff.
    expect(result.stderr).toContain(
      '::error file=.env.staging,line=2,title=parity missing-key::web:B: only in staging, missing in production',
    );
  });
});

describe('a reader that stops early', () => {
  it('`parity … | head` ends quietly, with the audit’s exit code and no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [BIN, 'diff', 'staging', 'production', '-c', 'fixtures/demo/parity.yaml', '-f', 'json'],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // The reader is gone before parity writes a byte: its first write meets a closed pipe.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(1);
  });
});
