/**
 * The MySQL 8 / MariaDB 10.11 session: read-only from the session on (`SET SESSION TRANSACTION
 * READ ONLY`, then `START TRANSACTION READ ONLY`), a statement timeout (`max_execution_time` on
 * MySQL, `max_statement_time` on MariaDB), no multiple statements and no `LOAD DATA LOCAL`, and
 * each query sent as one prepared statement (a prepare carries exactly one: `SELECT 1; DELETE …`
 * is a syntax error on the server).
 */
import { ParityError } from '../../errors.js';
import { BACKUP_MS } from './connection.js';
import type { Target } from './connection.js';
import type { DbSession, Row } from './session.js';

// Codes mysql2 has no name for (MariaDB's own).
const MARIADB_CODES: Readonly<Record<number, string>> = { 1969: 'ER_STATEMENT_TIMEOUT' };

/** `1792 ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION (SQLSTATE 25006)`, never the server's text. */
export function mysqlErrorCode(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const errno = typeof e.errno === 'number' && Number.isInteger(e.errno) ? e.errno : undefined;
  const named = typeof e.code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(e.code) ? e.code : '';
  const name = named || (errno === undefined ? '' : (MARIADB_CODES[errno] ?? ''));
  const state =
    typeof e.sqlState === 'string' && /^[0-9A-Z]{5}$/.test(e.sqlState) ? e.sqlState : '';
  if (errno === undefined || errno < 1000) return name || 'error'; // a network error: ECONNREFUSED, …
  return `${errno}${name ? ` ${name}` : ''}${state ? ` (SQLSTATE ${state})` : ''}`;
}

export async function openMysql(target: Target, timeoutMs: number): Promise<DbSession> {
  const { default: mysql } = await import('mysql2/promise');
  const host = `${target.host}:${target.port}`;
  const failed = (error: unknown): ParityError =>
    new ParityError('SOURCE_FAILED', `query failed on ${host}: ${mysqlErrorCode(error)}`);
  let conn: Awaited<ReturnType<typeof mysql.createConnection>>;
  try {
    conn = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database || undefined,
      ...(target.ssl ? { ssl: { ...target.ssl } } : {}),
      connectTimeout: timeoutMs,
      // One statement a call, and no `LOAD DATA LOCAL`: the server may not read parity's files.
      multipleStatements: false,
      flags: ['-MULTI_STATEMENTS', '-LOCAL_FILES'],
      // bigint and decimal as exact strings (toScalar makes numbers of the safe ones); dates UTC.
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
    });
  } catch (error) {
    throw new ParityError(
      'SOURCE_FAILED',
      `cannot connect to ${target.label} at ${host} (${mysqlErrorCode(error)})`,
    );
  }
  conn.on('error', () => undefined);
  const close = async (): Promise<void> => {
    await conn.query('ROLLBACK').catch(() => undefined);
    await conn.end().catch(() => conn.destroy());
  };
  let mariadb = false;
  try {
    // Every later transaction of the session is read-only too (DDL commits implicitly first).
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    const [version] = await conn.query('SELECT VERSION() AS v');
    mariadb = String(resultRows(version)[0]?.v ?? '').includes('MariaDB');
    await conn.query(
      mariadb
        ? `SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}`
        : `SET SESSION max_execution_time = ${timeoutMs}`,
    );
    await conn.query('START TRANSACTION READ ONLY');
  } catch (error) {
    await close();
    throw failed(error);
  }
  return {
    mariadb,
    async query(sql, params = []) {
      try {
        // `execute` prepares the statement first. The client-side timeout backs up MySQL's,
        // which covers SELECT only; late enough that the server's (with its error code) comes
        // first on a loaded machine.
        const [result] = await conn.execute({ sql, timeout: timeoutMs + BACKUP_MS }, [...params]);
        return resultRows(result);
      } catch (error) {
        throw failed(error);
      }
    },
    close,
  };
}

/** A SELECT's rows; a CALL's first result set; nothing for a statement without rows. */
function resultRows(result: unknown): Row[] {
  if (!Array.isArray(result)) return [];
  const first: unknown = result[0];
  const rows: unknown[] = Array.isArray(first) ? first : result;
  return rows.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r));
}
