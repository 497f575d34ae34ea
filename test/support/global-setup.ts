/**
 * Starts the real parts the tests run against (SPEC §10), once for the whole run:
 * moto_server for AWS on a free loopback port. Where a part is missing, tests that need it
 * skip with a visible notice — unless PARITY_REQUIRE_REAL=1 (CI), where the absence fails.
 * Later parts (PostgreSQL, Chromium) are added as further `start*` functions here.
 */
import type { ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { motoAvailable, startMotoServer } from './moto-server.js';

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
  if (!motoAvailable()) return missing('moto_server', 'not on PATH');
  try {
    const moto = await startMotoServer();
    children.push(moto.process);
    return moto.endpoint;
  } catch (error) {
    return missing('moto_server', error instanceof Error ? error.message : String(error));
  }
}
