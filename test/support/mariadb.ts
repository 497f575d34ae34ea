/** Helpers for tests against the MariaDB server started by global-setup.ts. */
import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';

export interface Mariadb {
  readonly host: string;
  readonly port: number;
  /** The administrator: creates databases and users, and reads them back from outside parity. */
  readonly user: string;
  readonly password: string;
}

/**
 * A describe block that runs against MariaDB. Without it the tests are still collected (with an
 * endpoint never used) and reported as skipped under a name saying why: never silently.
 */
export function describeWithMariadb(name: string, body: (db: Mariadb) => void): void {
  const db = inject('mariadb');
  if (db) describe(name, () => body(db));
  else
    describe.skip(`${name} [skipped: MariaDB not available]`, () =>
      body({ host: '127.0.0.1', port: 0, user: 'root', password: '' }));
}

/** Runs `statements` as the administrator, one at a time, and returns the last result's rows. */
export async function adminQuery(db: Mariadb, statements: readonly string[]): Promise<unknown> {
  const { default: mysql } = await import('mysql2/promise');
  const admin = await mysql.createConnection({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
  });
  try {
    let last: unknown;
    for (const statement of statements) [last] = await admin.query(statement);
    return last;
  } finally {
    await admin.end();
  }
}

export interface MariadbDatabase {
  readonly name: string;
  /** `mysql://reader:…@host:port/name`: a user with SELECT on the database only. */
  readonly readOnlyUrl: string;
  /** `mysql://writer:…@host:port/name`: a user with every privilege on the database. */
  readonly readWriteUrl: string;
}

/**
 * A new database set up by `statements` (run in it), with a read-only and a read-write user of
 * their own, each with `password` (the reader's gets an `-r` suffix).
 */
export async function createMariadbDatabase(
  db: Mariadb,
  statements: readonly string[],
  password: string,
): Promise<MariadbDatabase> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const reader = `${name}_r`;
  const writer = `${name}_w`;
  await adminQuery(db, [
    `CREATE DATABASE ${name}`,
    `CREATE USER ${quote(reader)}@'127.0.0.1' IDENTIFIED BY ${quote(`${password}-r`)}`,
    `GRANT SELECT ON ${name}.* TO ${quote(reader)}@'127.0.0.1'`,
    `CREATE USER ${quote(writer)}@'127.0.0.1' IDENTIFIED BY ${quote(password)}`,
    `GRANT ALL PRIVILEGES ON ${name}.* TO ${quote(writer)}@'127.0.0.1'`,
    `USE ${name}`,
    ...statements,
  ]);
  const url = (user: string, pw: string): string =>
    `mysql://${user}:${encodeURIComponent(pw)}@${db.host}:${db.port}/${name}`;
  return {
    name,
    readOnlyUrl: url(reader, `${password}-r`),
    readWriteUrl: url(writer, password),
  };
}
