/**
 * A throwaway PostgreSQL server for the probe tests (SPEC §10): Debian's PostgreSQL 15 in a temp
 * dir, on a loopback port, trust authentication. postgres refuses to run as root, so as root it
 * runs as the `postgres` system user (`runuser`), in directories that user owns.
 */
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './moto-server.js';
import { spawnServer } from './server-process.js';

const BIN = '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export function postgresAvailable(): boolean {
  return existsSync(path.join(BIN, 'initdb')) && existsSync(path.join(BIN, 'postgres'));
}

function asPostgres(cmd: string, args: readonly string[]): [string, string[]] {
  const root = process.getuid?.() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, [...args]];
}

/** The `postgres` system user's uid (`-u`) or gid (`-g`). */
function systemId(flag: '-u' | '-g'): number {
  const out = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const id = Number(out.stdout?.trim());
  if (out.status !== 0 || !Number.isInteger(id)) {
    throw new Error('no `postgres` system user to run the server as (install postgresql-15)');
  }
  return id;
}

export async function startPostgres(timeoutMs = 30_000): Promise<PostgresServer> {
  const dir = mkdtempSync('/tmp/parity-pg-');
  if (process.getuid?.() === 0) {
    if (spawnSync('runuser', ['--version']).error) {
      throw new Error(
        'running as root needs `runuser` (util-linux) to start postgres as its own user',
      );
    }
    chownSync(dir, systemId('-u'), systemId('-g'));
  }
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = asPostgres(path.join(BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0)
    throw new Error(
      `initdb failed: ${(init.stderr || init.stdout).trim().split('\n').pop() ?? ''}`,
    );
  const port = await freePort();
  const [cmd, args] = asPostgres(path.join(BIN, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
  ]);
  const server = spawnServer(cmd, args, dir, 5_000);
  const { child, stop } = server;
  const { default: pg } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`postgres exited: ${server.stderr().trim().split('\n').pop() ?? ''}`);
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return { host: '127.0.0.1', port, user: 'postgres', process: child, stop };
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  await stop();
  throw new Error(`postgres did not accept connections within ${timeoutMs / 1000} s`);
}
