/** Helpers for tests against the PostgreSQL server started by global-setup.ts. */
import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';

export interface Pg {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

/**
 * A describe block that runs against PostgreSQL. Without it the tests are still collected (with
 * an endpoint never used) and reported as skipped under a name saying why: never silently.
 */
export function describeWithPostgres(name: string, body: (pg: Pg) => void): void {
  const pg = inject('postgres');
  if (pg) describe(name, () => body(pg));
  else
    describe.skip(`${name} [skipped: PostgreSQL not available]`, () =>
      body({ host: '127.0.0.1', port: 0, user: 'postgres' }));
}

/** A new database with its own password-protected role, set up by `sql`; returns its URL. */
export async function createDatabase(pg: Pg, sql: string, password: string): Promise<string> {
  const { default: pgLib } = await import('pg');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pgLib.Client({
    host: pg.host,
    port: pg.port,
    user: pg.user,
    database: 'postgres',
  });
  await admin.connect();
  await admin.query(`CREATE ROLE ${name} LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  await admin.query(`CREATE DATABASE ${name} OWNER ${name}`);
  await admin.end();
  const db = new pgLib.Client({
    host: pg.host,
    port: pg.port,
    user: name,
    password,
    database: name,
  });
  await db.connect();
  await db.query(sql);
  await db.end();
  return `postgresql://${name}:${encodeURIComponent(password)}@${pg.host}:${pg.port}/${name}`;
}
