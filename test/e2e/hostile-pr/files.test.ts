/**
 * A hostile pull request controls parity.yaml and every file of the checkout (SPEC §7a): it can
 * name files outside the repository through links, the checkout's own `.git/config` (where
 * actions/checkout keeps the job's token), FIFOs that block, devices and /proc files that never
 * end, and bundle directories too large or too deep to walk. Asserted from outside the process:
 * the exit code, every byte of every output (stdout, stderr and the report file of each format),
 * and the peak memory the kernel recorded for the run.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, jsonReport, runCli } from '../../support/cli.js';
import { repo } from '../worlds/helpers.js';

const CANARY = 'canary-outside-repo-Qm7Xr2Lp9Vw4';
const GIT_CANARY = 'Y2FuYXJ5LWdpdC10b2tlbi04S2ZUcjM=';
const FORMATS = ['json', 'text', 'markdown', 'sarif', 'html'] as const;

/** A directory outside every repository, holding the runner's "other files". */
function outsideDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-outside-'));
  writeFileSync(path.join(dir, 'secret.env'), `LEAK=${CANARY}\n`);
  writeFileSync(
    path.join(dir, 'ssm.json'),
    JSON.stringify({ Parameters: [{ Name: '/app/LEAK', Type: 'String', Value: CANARY }] }),
  );
  writeFileSync(path.join(dir, 'app.js'), `fetch("https://${CANARY}.example.com/x");\n`);
  return dir;
}

const config = (sources: string): string => `version: 1
environments: { staging: {} }
sources:
${sources}
`;

/**
 * `parity check staging -v` in every format with `-o`: the exit codes, and every text the run
 * left (stdout, stderr, the report file).
 */
async function everyOutput(dir: string): Promise<{ codes: number[]; texts: string[] }> {
  const codes: number[] = [];
  const texts: string[] = [];
  for (const format of FORMATS) {
    const file = path.join(dir, `report.${format}`);
    const r = await runCli(['check', 'staging', '-v', '-f', format, '-o', file], {
      cwd: dir,
      timeoutMs: 20_000,
    });
    codes.push(r.code ?? -1);
    texts.push(r.stdout, r.stderr, existsSync(file) ? readFileSync(file, 'utf8') : '');
  }
  return { codes, texts };
}

async function expectRefusedWithoutLeak(dir: string, secret: string, error: RegExp) {
  const json = await runCli(['check', 'staging', '-f', 'json'], { cwd: dir, timeoutMs: 20_000 });
  expect(json.code).toBe(2);
  const failed = jsonReport(json).sources.filter((s) => s.status === 'error');
  expect(failed.map((s) => s.error)).toEqual([expect.stringMatching(error)]);
  const { codes, texts } = await everyOutput(dir);
  expect(codes).toEqual(FORMATS.map(() => 2));
  for (const text of [json.stdout, json.stderr, ...texts]) expect(text).not.toContain(secret);
}

interface Measured {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident memory of the run, in KiB, as the kernel counted it. */
  readonly peakKb: number;
}

/**
 * Runs the built CLI and measures its peak RSS from outside: GNU time's `%M` when installed,
 * else the largest VmHWM read from /proc/<pid>/status while it runs.
 */
function runMeasured(args: readonly string[], cwd: string, timeoutMs = 20_000): Promise<Measured> {
  const timeFile = path.join(cwd, 'time.out');
  const gnuTime = existsSync('/usr/bin/time');
  const command = gnuTime ? '/usr/bin/time' : process.execPath;
  const argv = gnuTime
    ? ['-f', '%M', '-o', timeFile, process.execPath, BIN, ...args]
    : [BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let polledKb = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        if (hwm) polledKb = Math.max(polledKb, Number(hwm));
      } catch {
        // gone already
      }
    }, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      const peakKb = gnuTime
        ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop())
        : polledKb;
      resolve({ code, stdout, stderr, peakKb });
    });
  });
}

const ONE_GB_IN_KB = 1024 * 1024;

describe('hostile pull request: files outside the repository', () => {
  it('a dotenv file: that links to a file outside the repository', async () => {
    const outside = outsideDir();
    const dir = repo({ 'parity.yaml': config('  web: { type: dotenv, file: .env }') });
    symlinkSync(path.join(outside, 'secret.env'), path.join(dir, '.env'));
    await expectRefusedWithoutLeak(dir, CANARY, /^\.env: outside the repository/);
  });

  // What Git declares (SPEC §14) and a schema file are read with the same repository checks.
  it.each([
    [
      'an ssm declared: file',
      '  params: { type: ssm, path: /app/, export: ssm.json, declared: declared.env }',
      'declared.env',
      /^declared\.env: outside the repository/,
    ],
    [
      'an ecs declared: task definition',
      '  task: { type: ecs, taskDefinition: api, export: task.json, declared: declared.json }',
      'declared.json',
      /^declared\.json: outside the repository/,
    ],
    [
      'a schema file:',
      '  db: { type: schema, file: schema.json }',
      'schema.json',
      /^schema\.json: outside the repository/,
    ],
  ])('%s that links to a file outside the repository', async (_name, source, link, error) => {
    const outside = outsideDir();
    const dir = repo({
      'parity.yaml': config(source),
      'ssm.json': JSON.stringify({ Parameters: [{ Name: '/app/A', Type: 'String', Value: '1' }] }),
      'task.json': JSON.stringify({
        family: 'api',
        containerDefinitions: [{ name: 'api', image: 'x' }],
      }),
    });
    symlinkSync(
      path.join(outside, link.endsWith('.env') ? 'secret.env' : 'ssm.json'),
      path.join(dir, link),
    );
    await expectRefusedWithoutLeak(dir, CANARY, error);
  });

  it('a deploysFrom that would be a git option is a config error: git never runs with it', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'parity-outside-'));
    const dir = repo({
      'parity.yaml': `version: 1
environments: { staging: { deploysFrom: "--output=${outside}/written" } }
sources:
  bundle: { type: s3-bundle, dir: dist, manifest: build.json }
`,
      'dist/index.html': '<p>x</p>',
      'dist/build.json': JSON.stringify({ commit: 'a'.repeat(40) }),
    });
    const result = await runCli(['check', 'staging'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/environments\.staging\.deploysFrom.*expected a branch name/);
    expect(existsSync(path.join(outside, 'written'))).toBe(false);
  });

  // The layered dotenv options (files:, layout: with dir:) go through the same reader.
  it.each([
    [
      'a layout: whose dir: is outside',
      (out: string) => `{ type: dotenv, layout: vite, dir: "${out}" }`,
    ],
    [
      'a files: entry outside',
      (out: string) => `{ type: dotenv, files: [".env.base", "${out}/.env"] }`,
    ],
    ['a layout: whose dir: is a link outside', () => '{ type: dotenv, layout: vite, dir: linked }'],
  ])('%s', async (_name, source) => {
    const outside = outsideDir();
    writeFileSync(path.join(outside, '.env'), `LEAK=${CANARY}\n`);
    const dir = repo({ 'parity.yaml': config(`  web: ${source(outside)}`), '.env.base': 'A=1\n' });
    symlinkSync(outside, path.join(dir, 'linked'));
    await expectRefusedWithoutLeak(dir, CANARY, /\.env: outside the repository/);
  });

  it('an export: that links to a file outside the repository', async () => {
    const outside = outsideDir();
    const dir = repo({
      'parity.yaml': config('  params: { type: ssm, path: /app/, export: exports/ssm.json }'),
    });
    mkdirSync(path.join(dir, 'exports'));
    symlinkSync(path.join(outside, 'ssm.json'), path.join(dir, 'exports/ssm.json'));
    await expectRefusedWithoutLeak(dir, CANARY, /^exports\/ssm\.json: outside the repository/);
  });

  it('a bundle dir: that holds a link to a file outside the repository', async () => {
    const outside = outsideDir();
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      'dist/index.html': '<script src="app.js"></script>',
    });
    symlinkSync(path.join(outside, 'app.js'), path.join(dir, 'dist/app.js'));
    await expectRefusedWithoutLeak(
      dir,
      CANARY,
      /^dist\/app\.js: a symbolic link out of the repository; parity does not follow it$/,
    );
  });

  it('a bundle dir: that is itself a link to a directory outside', async () => {
    const outside = outsideDir();
    const dir = repo({ 'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }') });
    symlinkSync(outside, path.join(dir, 'dist'));
    await expectRefusedWithoutLeak(dir, CANARY, /^dist: outside the repository/);
  });
});

describe('hostile pull request: the checkout’s version-control folder', () => {
  const gitConfig = `[core]\n\tbare = false\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${GIT_CANARY}\n`;

  it('file: .git/config', async () => {
    const dir = repo({
      'parity.yaml': config('  web: { type: dotenv, file: .git/config }'),
      '.git/config': gitConfig,
    });
    await expectRefusedWithoutLeak(dir, GIT_CANARY, /^\.git\/config: inside a version-control/);
  });

  it('a bundle dir: holding a link to .git and a link to .git/config', async () => {
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      'dist/index.html': '<p>hi</p>',
      '.git/config': gitConfig,
    });
    symlinkSync(path.join(dir, '.git'), path.join(dir, 'dist/git'));
    await expectRefusedWithoutLeak(
      dir,
      GIT_CANARY,
      /^dist\/git: a symbolic link into a version-control folder/,
    );
    rmSync(path.join(dir, 'dist/git'));
    symlinkSync('../.git/config', path.join(dir, 'dist/config.txt'));
    await expectRefusedWithoutLeak(
      dir,
      GIT_CANARY,
      /^dist\/config\.txt: a symbolic link into a version-control folder/,
    );
  });

  it('a bundle dir: that is the repository itself does not walk .git', async () => {
    const dir = repo({
      'parity.yaml': config(
        '  bundle: { type: s3-bundle, dir: ".", scan: { token: "basic \\\\S+" } }',
      ),
      'index.html': '<p>hi</p>',
      '.git/config': gitConfig,
      '.git/HEAD.txt': `${GIT_CANARY}\n`,
    });
    const r = await runCli(['snapshot', 'staging', '-o', path.join(dir, 'out.json')], { cwd: dir });
    expect(r.code).toBe(0);
    const snapshot = readFileSync(path.join(dir, 'out.json'), 'utf8');
    expect(snapshot).toContain('index.html');
    expect(snapshot).not.toContain('.git');
    for (const text of [r.stdout, r.stderr, snapshot]) expect(text).not.toContain(GIT_CANARY);
  });
});

describe('hostile pull request: directory links', () => {
  it('a link to / and a link to a directory outside are not followed', async () => {
    const outside = outsideDir();
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      'dist/index.html': '<p>hi</p>',
    });
    symlinkSync('/', path.join(dir, 'dist/root'));
    await expectRefusedWithoutLeak(
      dir,
      CANARY,
      /^dist\/root: a symbolic link out of the repository/,
    );
    rmSync(path.join(dir, 'dist/root'));
    symlinkSync(outside, path.join(dir, 'dist/assets'));
    await expectRefusedWithoutLeak(
      dir,
      CANARY,
      /^dist\/assets: a symbolic link out of the repository/,
    );
  });

  it('a link to a directory inside the repository (a loop) is skipped, not walked', async () => {
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      'dist/index.html': '<p>hi</p>',
      'dist/assets/app.js': 'fetch("https://api.example.com/x")',
    });
    symlinkSync('..', path.join(dir, 'dist/assets/loop'));
    const r = await runCli(['snapshot', 'staging', '-o', path.join(dir, 'out.json')], { cwd: dir });
    expect(r.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as {
      sources: { facts: { path: string; value: unknown }[] }[];
    };
    const assets = snapshot.sources[0]?.facts.find((f) => f.path === 'assets')?.value;
    expect(assets).toEqual(['assets/app.js', 'index.html']);
  });
});

describe('hostile pull request: files that block or never end', () => {
  it.skipIf(!existsSync('/proc/self/pagemap'))(
    'a dotenv file: that links to /proc/self/pagemap',
    async () => {
      const dir = repo({ 'parity.yaml': config('  web: { type: dotenv, file: .env }') });
      symlinkSync('/proc/self/pagemap', path.join(dir, '.env'));
      const r = await runMeasured(['check', 'staging', '-f', 'json'], dir);
      expect(r.code).toBe(2);
      expect(jsonReport(r).sources[0]?.error).toMatch(/^\.env: outside the repository/);
      expect(r.peakKb).toBeGreaterThan(0);
      expect(r.peakKb).toBeLessThan(ONE_GB_IN_KB);
    },
  );

  it('a dotenv file: that links to /dev/zero', async () => {
    const dir = repo({ 'parity.yaml': config('  web: { type: dotenv, file: .env }') });
    symlinkSync('/dev/zero', path.join(dir, '.env'));
    const r = await runMeasured(['check', 'staging', '-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toMatch(/^\.env: outside the repository/);
    expect(r.peakKb).toBeGreaterThan(0);
    expect(r.peakKb).toBeLessThan(ONE_GB_IN_KB);
  });

  it('a dotenv file: that is a FIFO in the repository (opening it would block)', async () => {
    const dir = repo({ 'parity.yaml': config('  web: { type: dotenv, file: .env }') });
    execFileSync('mkfifo', [path.join(dir, '.env')]);
    const r = await runMeasured(['check', 'staging', '-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toBe('.env: not a regular file (a FIFO)');
    expect(r.peakKb).toBeLessThan(ONE_GB_IN_KB);
  });

  it('a bundle dir: holding a FIFO and a link to /dev/zero', async () => {
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      'dist/index.html': '<p>hi</p>',
    });
    execFileSync('mkfifo', [path.join(dir, 'dist/app.js')]);
    const fifoOnly = await runMeasured(['check', 'staging', '-f', 'json'], dir);
    // A FIFO is no object (S3 could not hold one): skipped, never opened.
    expect(fifoOnly.code).not.toBe(2);
    expect(jsonReport(fifoOnly).sources[0]?.status).toBe('ok');
    symlinkSync('/dev/zero', path.join(dir, 'dist/zero.js'));
    const r = await runMeasured(['check', 'staging', '-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toMatch(/^dist\/zero\.js: a symbolic link out/);
    expect(r.peakKb).toBeLessThan(ONE_GB_IN_KB);
  });
});

describe('hostile pull request: bundle directories past the caps', () => {
  it('more than 20,000 entries', async () => {
    const dir = repo({ 'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }') });
    mkdirSync(path.join(dir, 'dist'));
    for (let i = 0; i <= 20_000; i++) writeFileSync(path.join(dir, `dist/f${i}.png`), '');
    const r = await runCli(['check', 'staging', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toBe(
      'dist: over 20000 entries in the bundle directory; parity walks at most that many',
    );
  });

  it('more than 32 folders deep', async () => {
    const deep = `dist/${Array.from({ length: 33 }, (_, i) => `d${i}`).join('/')}/a.js`;
    const dir = repo({
      'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }'),
      [deep]: '',
    });
    const r = await runCli(['check', 'staging', '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toMatch(
      /: deeper than 32 folders in the bundle directory/,
    );
  });

  it('more than 256 MB to read', async () => {
    const dir = repo({ 'parity.yaml': config('  bundle: { type: s3-bundle, dir: dist }') });
    mkdirSync(path.join(dir, 'dist'));
    // Sparse files: 260 MB to read, no disk spent.
    for (let i = 0; i < 65; i++) {
      writeFileSync(path.join(dir, `dist/chunk-${i}.js`), '');
      truncateSync(path.join(dir, `dist/chunk-${i}.js`), 4 * 1024 * 1024);
    }
    const r = await runMeasured(['check', 'staging', '-f', 'json'], dir);
    expect(r.code).toBe(2);
    expect(jsonReport(r).sources[0]?.error).toBe(
      'dist: over 256 MB read from the bundle directory; parity reads at most that much',
    );
    expect(r.peakKb).toBeLessThan(ONE_GB_IN_KB);
  });
});
