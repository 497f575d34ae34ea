/**
 * Starts the real parts the tests run against (SPEC §10), once for the whole run:
 * moto_server for AWS on a free loopback port. Where a part is missing, tests that need it
 * skip with a visible notice — unless PARITY_REQUIRE_REAL=1 (CI), where the absence fails.
 * Later parts (PostgreSQL, Chromium) are added as further `start*` functions here.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string | undefined;
  }
}

const requireReal = process.env.PARITY_REQUIRE_REAL === '1';
const children: ChildProcess[] = [];

export async function setup(project: TestProject): Promise<void> {
  project.provide('motoEndpoint', await startMoto());
}

export function teardown(): void {
  for (const child of children) child.kill('SIGTERM');
}

function missing(part: string, why: string): undefined {
  const message = `${part} is not available (${why}): the tests that need it are skipped.`;
  if (requireReal) throw new Error(`PARITY_REQUIRE_REAL=1 but ${message}`);
  process.stderr.write(`\n[parity tests] NOTICE: ${message}\n\n`);
  return undefined;
}

async function startMoto(): Promise<string | undefined> {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status !== 0) {
    return missing('moto_server', 'not on PATH');
  }
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return missing('moto_server', `exited: ${stderr.trim()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return endpoint;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return missing('moto_server', 'did not answer within 20 s');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
