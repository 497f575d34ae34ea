/**
 * Starts the real parts the tests run against (SPEC §10), once for the whole run and in
 * parallel: moto_server for AWS, a throwaway PostgreSQL 15 and a throwaway MariaDB for the data
 * probes, each on a free loopback port. Where a part is missing, tests that need it skip with a visible notice —
 * unless PARITY_REQUIRE_REAL=1 (CI), where the absence fails the run.
 *
 * To add a part: a `start…()` below returning `{ value, stop }` (or `missing(...)`), an entry in
 * `ProvidedContext`, and one `project.provide` line in `setup`. Tests read it with `inject`.
 */
import type { TestProject } from 'vitest/node';
import { motoAvailable, startMotoServer } from './moto-server.js';
import { mariadbAvailable, startMariadb } from './mariadb-server.js';
import { postgresAvailable, startPostgres } from './postgres-server.js';

interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
}

interface MariadbEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT`, or undefined when moto_server is not installed. */
    motoEndpoint: string | undefined;
    postgres: PostgresEndpoint | undefined;
    mariadb: MariadbEndpoint | undefined;
  }
}

interface Started<T> {
  readonly value: T;
  readonly stop: () => void | Promise<void>;
}

const requireReal = process.env.PARITY_REQUIRE_REAL === '1';
const stops: (() => void | Promise<void>)[] = [];

export async function setup(project: TestProject): Promise<void> {
  const [motoResult, postgresResult, mariadbResult] = await Promise.allSettled([
    startMoto(),
    startPg(),
    startMaria(),
  ]);
  const moto = started(motoResult);
  const postgres = started(postgresResult);
  const mariadb = started(mariadbResult);
  for (const result of [motoResult, postgresResult, mariadbResult]) {
    if (result.status === 'rejected') {
      // PARITY_REQUIRE_REAL=1 and a part is missing: stop the others, so none outlives the run.
      await teardown();
      throw result.reason;
    }
  }
  project.provide('motoEndpoint', moto?.value);
  project.provide('postgres', postgres?.value);
  project.provide('mariadb', mariadb?.value);
  // For child processes and helpers outside vitest's `inject` (workers inherit this env).
  if (moto) process.env.PARITY_TEST_MOTO_ENDPOINT = moto.value;
}

export async function teardown(): Promise<void> {
  await Promise.all(stops.splice(0).map((stop) => stop()));
}

function started<T>(result: PromiseSettledResult<Started<T> | undefined>): Started<T> | undefined {
  if (result.status === 'rejected' || !result.value) return undefined;
  stops.push(result.value.stop);
  return result.value;
}

function missing(part: string, why: string): undefined {
  if (requireReal) throw new Error(`PARITY_REQUIRE_REAL=1 but ${part} is not available (${why})`);
  process.stderr.write(
    `\n[parity tests] NOTICE: ${part} is not available (${why}): the tests that need it are skipped.\n\n`,
  );
  return undefined;
}

async function startMoto(): Promise<Started<string> | undefined> {
  if (!motoAvailable()) return missing('moto_server', 'not on PATH');
  try {
    const moto = await startMotoServer();
    return { value: moto.endpoint, stop: () => void moto.process.kill('SIGTERM') };
  } catch (error) {
    return missing('moto_server', error instanceof Error ? error.message : String(error));
  }
}

async function startPg(): Promise<Started<PostgresEndpoint> | undefined> {
  if (!postgresAvailable()) return missing('PostgreSQL 15', 'no /usr/lib/postgresql/15/bin');
  try {
    const pg = await startPostgres();
    return { value: { host: pg.host, port: pg.port, user: pg.user }, stop: pg.stop };
  } catch (error) {
    return missing('PostgreSQL 15', error instanceof Error ? error.message : String(error));
  }
}

async function startMaria(): Promise<Started<MariadbEndpoint> | undefined> {
  if (!mariadbAvailable()) return missing('MariaDB', 'no /usr/sbin/mariadbd');
  try {
    const db = await startMariadb();
    return {
      value: { host: db.host, port: db.port, user: db.user, password: db.password },
      stop: db.stop,
    };
  } catch (error) {
    return missing('MariaDB', error instanceof Error ? error.message : String(error));
  }
}
