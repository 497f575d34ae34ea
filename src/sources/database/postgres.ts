/**
 * The PostgreSQL session: `default_transaction_read_only` and `statement_timeout` set in the
 * startup packet (read-only from the first statement), `BEGIN READ ONLY`, and each query a named
 * statement, which goes through the extended protocol and so carries exactly one statement.
 */
import errorCodes from 'pg-error-codes' with { type: 'json' };
import { ParityError } from '../../errors.js';
import { BACKUP_MS } from './connection.js';
import type { Target } from './connection.js';
import type { DbSession, Row } from './session.js';

/** `22P02 invalid_text_representation`: the SQLSTATE and its name, never the server's text. */
function sqlState(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return /^E[A-Z]+$/.test(code) ? code : 'error';
  const names: Readonly<Record<string, string>> = errorCodes;
  const name = names[code] ?? names[`${code.slice(0, 2)}000`];
  return name ? `${code} ${name}` : code;
}

export async function openPostgres(target: Target, timeoutMs: number): Promise<DbSession> {
  const { default: pg } = await import('pg');
  const host = `${target.host}:${target.port}`;
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: target.ssl,
    application_name: 'parity',
    options: `-c default_transaction_read_only=on -c statement_timeout=${timeoutMs}`,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs + BACKUP_MS,
  });
  // pg emits connection errors as events too: keep them from becoming unhandled.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ParityError(
      'SOURCE_FAILED',
      `cannot connect to PostgreSQL at ${host} (${sqlState(error)})`,
    );
  }
  let statements = 0;
  return {
    mariadb: false,
    async query(text, params = []) {
      try {
        statements += 1;
        const result = await client.query<Row>({
          name: `parity_${statements}`,
          text,
          values: [...params],
        });
        return result.rows;
      } catch (error) {
        throw new ParityError('SOURCE_FAILED', `query failed on ${host}: ${sqlState(error)}`);
      }
    },
    async close() {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
