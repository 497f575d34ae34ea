/**
 * Starts the real parts the tests run against (SPEC §10), once for the whole run:
 * moto_server for AWS on a free loopback port. Where a part is missing, tests that need it
 * skip with a visible notice — unless PARITY_REQUIRE_REAL=1 (CI), where the absence fails.
 * and a throwaway PostgreSQL 15 for the data probes.
 */
import type { ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { motoAvailable, startMotoServer } from './moto-server.js';
import { postgresAvailable, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string | undefined;
    postgres: { host: string; port: number; user: string } | undefined;
  }
}

const requireReal = process.env.PARITY_REQUIRE_REAL === '1';
const children: ChildProcess[] = [];

const stops: (() => void)[] = [];

export async function setup(project: TestProject): Promise<void> {
  const [moto, postgres] = await Promise.all([startMoto(), startPg()]);
  project.provide('motoEndpoint', moto);
  project.provide('postgres', postgres);
}

export function teardown(): void {
  for (const child of children) child.kill('SIGTERM');
  for (const stop of stops) stop();
}

async function startPg(): Promise<{ host: string; port: number; user: string } | undefined> {
  if (!postgresAvailable()) return missing('PostgreSQL 15', 'no /usr/lib/postgresql/15/bin');
  try {
    const pg = await startPostgres();
    stops.push(pg.stop);
    return { host: pg.host, port: pg.port, user: pg.user };
  } catch (error) {
    return missing('PostgreSQL 15', error instanceof Error ? error.message : String(error));
  }
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
