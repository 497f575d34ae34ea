/**
 * A throwaway MariaDB server for the MySQL probe tests (SPEC §12): Debian's `mariadbd` in a temp
 * dir, on a loopback port, with real users (no `--skip-grant-tables`). As root it runs as the
 * `mysql` system user (`runuser`), in directories that user owns, as postgres-server.ts does.
 * The tests get an administrator on TCP, who creates each test's databases and users.
 */
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './moto-server.js';
import { spawnServer } from './server-process.js';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';

export interface MariadbServer {
  readonly host: string;
  readonly port: number;
  /** An administrator (all privileges, with grant option) who connects over TCP. */
  readonly user: string;
  readonly password: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export function mariadbAvailable(): boolean {
  return existsSync(MARIADBD) && existsSync(INSTALL_DB);
}

const root = (): boolean => process.getuid?.() === 0;

function asMysql(cmd: string, args: readonly string[]): [string, string[]] {
  return root() ? ['runuser', ['-u', 'mysql', '--', cmd, ...args]] : [cmd, [...args]];
}

/** The `mysql` system user's uid (`-u`) or gid (`-g`). */
function systemId(flag: '-u' | '-g'): number {
  const out = spawnSync('id', [flag, 'mysql'], { encoding: 'utf8' });
  const id = Number(out.stdout?.trim());
  if (out.status !== 0 || !Number.isInteger(id)) {
    throw new Error('no `mysql` system user to run the server as (install mariadb-server)');
  }
  return id;
}

export async function startMariadb(timeoutMs = 30_000): Promise<MariadbServer> {
  const dir = mkdtempSync('/tmp/parity-mariadb-');
  if (root()) {
    if (spawnSync('runuser', ['--version']).error) {
      throw new Error(
        'running as root needs `runuser` (util-linux) to start mariadbd as its own user',
      );
    }
    chownSync(dir, systemId('-u'), systemId('-g'));
  }
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  // root@localhost with an empty password, reachable on the socket only (it is in `dir`).
  const [initCmd, initArgs] = asMysql(INSTALL_DB, [
    '--no-defaults',
    `--datadir=${data}`,
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `mariadb-install-db failed: ${(init.stderr || init.stdout).trim().split('\n').pop() ?? ''}`,
    );
  }
  const port = await freePort();
  const [cmd, args] = asMysql(MARIADBD, [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${socket}`,
    `--pid-file=${path.join(dir, 'mysqld.pid')}`,
    '--bind-address=127.0.0.1',
    `--port=${port}`,
    '--skip-name-resolve',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=32M',
    '--innodb-flush-log-at-trx-commit=0',
  ]);
  const server = spawnServer(cmd, args, dir, 10_000);
  const { child, stop } = server;
  const { default: mysql } = await import('mysql2/promise');
  const user = 'parity_admin';
  const password = randomBytes(12).toString('hex');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`mariadbd exited: ${server.stderr().trim().split('\n').pop() ?? ''}`);
    }
    try {
      const admin = await mysql.createConnection({ socketPath: socket, user: 'root' });
      await admin.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'127.0.0.1' WITH GRANT OPTION`);
      await admin.end();
      return { host: '127.0.0.1', port, user, password, process: child, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  await stop();
  throw new Error(`mariadbd did not accept connections within ${timeoutMs / 1000} s`);
}
