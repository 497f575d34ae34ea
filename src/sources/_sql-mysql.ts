/**
 * The `sql` source's MySQL 8 / MariaDB 10.11 session (SPEC §7a, §12): read-only from the session
 * on (`SET SESSION TRANSACTION READ ONLY`, then `START TRANSACTION READ ONLY`), a statement
 * timeout (`max_execution_time` on MySQL, `max_statement_time` on MariaDB), and the query sent as
 * one prepared statement (a prepare carries exactly one: `SELECT 1; DELETE …` is a syntax error
 * on the server). mysql2 is imported only when a MySQL probe runs. Errors name the host and the
 * error code, never the server's text (it can quote row values).
 */
import { ParityError } from '../errors.js';

export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly ssl: false | { readonly rejectUnauthorized: boolean };
}

// `ssl-mode` as MySQL's own clients spell it (case-insensitive); the only URL parameter accepted.
export const MYSQL_SSL_MODES: Readonly<Record<string, MysqlTarget['ssl']>> = {
  disabled: false,
  preferred: { rejectUnauthorized: false },
  required: { rejectUnauthorized: false },
  verify_ca: { rejectUnauthorized: true },
  verify_identity: { rejectUnauthorized: true },
};

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

type Row = Readonly<Record<string, unknown>>;

export async function queryMysql(
  target: MysqlTarget,
  label: string,
  sql: string,
  timeoutMs: number,
  maxRows: number,
): Promise<Row[]> {
  const { default: mysql } = await import('mysql2/promise');
  const host = `${target.host}:${target.port}`;
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
      `cannot connect to ${label} at ${host} (${mysqlErrorCode(error)})`,
    );
  }
  conn.on('error', () => undefined);
  try {
    // Every later transaction of the session is read-only too (DDL commits implicitly first).
    await conn.query('SET SESSION TRANSACTION READ ONLY');
    const [version] = await conn.query('SELECT VERSION() AS v');
    const mariadb = String(resultRows(version)[0]?.v ?? '').includes('MariaDB');
    const ms = Math.floor(timeoutMs);
    await conn.query(
      mariadb
        ? `SET SESSION max_statement_time = ${(ms / 1000).toFixed(3)}`
        : `SET SESSION max_execution_time = ${ms}`,
    );
    await conn.query('START TRANSACTION READ ONLY');
    // `execute` prepares the statement first; the client-side timeout backs up MySQL's, which
    // covers SELECT only.
    const [result] = await conn.execute({ sql, timeout: ms + 1000 });
    await conn.query('ROLLBACK');
    return resultRows(result).slice(0, maxRows + 1);
  } catch (error) {
    throw new ParityError('SOURCE_FAILED', `query failed on ${host}: ${mysqlErrorCode(error)}`);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** A SELECT's rows; a CALL's first result set; nothing for a statement without rows. */
function resultRows(result: unknown): Row[] {
  if (!Array.isArray(result)) return [];
  const first: unknown = result[0];
  const rows: unknown[] = Array.isArray(first) ? first : result;
  return rows.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r));
}
