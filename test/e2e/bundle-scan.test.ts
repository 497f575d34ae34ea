/**
 * The bundle scan on worker threads (src/sources/bundle/pool.ts): a bundle above the threshold
 * is scanned by workers, and what they find is exactly what the main thread finds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKER_THRESHOLD_BYTES } from '../../src/sources/bundle/pool.js';
import { BIN, REPO_ROOT, runCli } from '../support/cli.js';

/** A Stripe secret key shipped in the bundle: reported as a leak, never printed. */
const CANARY = 'sk_live_canary51WorkerScan0000000000';

interface SnapshotFile {
  sources: { name: string; status: string; facts: { path: string; value: unknown }[] }[];
}

/** A repository with a bundle of `files` JavaScript files of about 1 MB each. */
function bundleRepo(files: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-scan-'));
  mkdirSync(path.join(dir, '.git'));
  mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
  writeFileSync(
    path.join(dir, 'parity.yaml'),
    `version: 1
environments: { staging: {} }
sources:
  bundle: { type: s3-bundle, dir: dist, manifest: build.json, allowSkipped: true, scan: { release: "v\\\\d+\\\\.\\\\d+\\\\.\\\\d+" } }
`,
  );
  for (let i = 0; i < files; i++) {
    const line = `fetch("https://svc-${i % 5}.example.com/v1/items");var r="v1.${i % 3}.0";\n`;
    let text = line.repeat(Math.floor((1024 * 1024) / line.length));
    if (i === 3) text += 'var k="pk_test_51AbCdEfGhIjKlMn";\n';
    if (i === 5) text += `var s="${CANARY}";\n`;
    if (i === files - 1) text += 'var u="http://localhost:3000/checkout";\n';
    writeFileSync(path.join(dir, `dist/assets/chunk-${i}.js`), text);
  }
  // Binary content is skipped wherever it is scanned (allowSkipped: a binary .js fails the
  // source otherwise): its URL must not be found.
  writeFileSync(
    path.join(dir, 'dist/assets/blob.js'),
    Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('https://binary.example.com')]),
  );
  writeFileSync(path.join(dir, 'dist/build.json'), '{"commit":"abc1234"}');
  return dir;
}

async function snapshot(dir: string, workers?: string): Promise<Map<string, unknown>> {
  const out = path.join(dir, `snapshot-${workers ?? 'auto'}.json`);
  const result = await runCli(['snapshot', 'staging', '-o', out], {
    cwd: dir,
    env: workers === undefined ? {} : { PARITY_SCAN_WORKERS: workers },
  });
  expect(result.code).toBe(0);
  const file = JSON.parse(readFileSync(out, 'utf8')) as SnapshotFile;
  const source = file.sources.find((s) => s.name === 'bundle');
  expect(source?.status).toBe('ok');
  return new Map(source?.facts.map((f) => [f.path, f.value]));
}

describe('bundle scan on worker threads', () => {
  let dir = '';
  beforeAll(() => {
    dir = bundleRepo(Math.ceil(WORKER_THRESHOLD_BYTES / (1024 * 1024)) + 2);
  });

  it('a bundle above the threshold is scanned by workers; one below is not', () => {
    const loaded = (cwd: string): string =>
      spawnSync(
        process.execPath,
        [
          '--import',
          path.join(REPO_ROOT, 'test/support/record-imports.mjs'),
          BIN,
          'snapshot',
          'staging',
          '-q',
          '-o',
          path.join(cwd, 'out.json'),
        ],
        { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } },
      ).stderr;
    expect(loaded(dir)).toContain('/dist/bundle-scan-worker.js');
    expect(loaded(bundleRepo(1))).not.toContain('bundle-scan-worker');
  });

  it('finds exactly what the main thread finds', async () => {
    const [workers, inline] = await Promise.all([snapshot(dir), snapshot(dir, '0')]);
    expect(workers).toEqual(inline);
    expect(workers.get('urls')).toEqual([
      'http://localhost:3000',
      'https://svc-0.example.com',
      'https://svc-1.example.com',
      'https://svc-2.example.com',
      'https://svc-3.example.com',
      'https://svc-4.example.com',
    ]);
    expect(workers.get('scan.release')).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0']);
    expect(workers.get('stripe.mode')).toBe('test');
    expect(workers.get('build.commit')).toBe('abc1234');
  });

  it('the same with one worker and with more workers than cores', async () => {
    const inline = await snapshot(dir, '0');
    expect(await snapshot(dir, '1')).toEqual(inline);
    expect(await snapshot(dir, '5')).toEqual(inline);
  });

  it('a secret found by a worker appears in no output', async () => {
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown', 'sarif', 'html']) {
      const r = await runCli(['check', 'staging', '-f', format, '-v'], { cwd: dir });
      expect(r.code).toBe(1);
      outputs.push(r.stdout, r.stderr);
    }
    const json = await runCli(['check', 'staging', '-f', 'json'], { cwd: dir });
    // The leak is found (so the worker did see the key) and reported without its value.
    expect(json.stdout).toContain('stripe.secretKeys');
    const out = path.join(dir, 'snapshot-canary.json');
    await runCli(['snapshot', 'staging', '-o', out], { cwd: dir });
    outputs.push(readFileSync(out, 'utf8'));
    for (const text of outputs) expect(text).not.toContain(CANARY);
  });
});
