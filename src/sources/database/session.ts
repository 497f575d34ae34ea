/**
 * A read-only database session (SPEC §7a, §12), the same for every engine: opened read-only with a
 * statement timeout, each query one statement sent on its own (a prepared statement: `…; DELETE …`
 * is refused by the server instead of run), closed with a rollback. Errors name the host and the
 * server's error code, never its text (it can quote row values). The drivers are imported only
 * when a session opens.
 */
import type { Target } from './connection.js';
import { openMysql } from './mysql.js';
import { openPostgres } from './postgres.js';

export type Row = Readonly<Record<string, unknown>>;

export interface DbSession {
  /** MariaDB rather than MySQL: their catalogs spell some things differently. */
  readonly mariadb: boolean;
  /** One statement; `params` are bound by the server (`$1` on PostgreSQL, `?` on MySQL). */
  query(sql: string, params?: readonly string[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** Runs `use` in a read-only session on `target`, closed whatever happens. */
export async function withSession<T>(
  target: Target,
  timeoutMs: number,
  use: (session: DbSession) => Promise<T>,
): Promise<T> {
  const session = await (target.engine === 'postgres' ? openPostgres : openMysql)(
    target,
    Math.floor(timeoutMs),
  );
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}
