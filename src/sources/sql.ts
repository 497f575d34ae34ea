/**
 * `sql`: one read-only query against PostgreSQL (or a JSON rows `file:`), rows keyed by `key:`
 * into `rows.<key>.<column>`, plus `rowCount` and `empty`. The query runs inside `BEGIN READ
 * ONLY` with a statement timeout, so a write is refused by the database itself. The connection
 * string is never a fact and never part of an error: errors name the host only.
 */
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { readJsonFile } from '../util/files.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('sql'),
  connection: z
    .string()
    .min(1)
    .optional()
    .describe('PostgreSQL URL; may use ${ENV:…} or ${params:DATABASE_URL}.'),
  file: z.string().min(1).optional().describe('A JSON file of rows (an array of objects) instead.'),
  query: z.string().min(1).optional(),
  key: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('Column(s) naming each row.'),
  maxRows: z.number().int().positive().default(1000),
  timeoutMs: z.number().int().positive().default(10_000),
});

type Row = Readonly<Record<string, unknown>>;

export const sqlSource = defineSource({
  type: 'sql',
  description:
    'A read-only SQL probe (PostgreSQL): rows keyed by a column, e.g. subscription plans.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an override).
  check: (o) =>
    Boolean(o.connection) === Boolean(o.file)
      ? 'give exactly one of connection or file'
      : !o.file && !o.query
        ? 'a connection needs a query'
        : undefined,
  services: [],
  requestChain: 1, // one query
  envInterpolation: ['connection'],
  async load(opts, ctx) {
    const rows = opts.file
      ? await rowsFromFile(ctx.baseDir, opts.file, ctx.rootDir)
      : await query(opts.connection ?? '', opts.query ?? '', opts.timeoutMs, opts.maxRows);
    if (rows.length > opts.maxRows) {
      throw new ParityError(
        'SOURCE_FAILED',
        `the query returned more than ${opts.maxRows} rows (raise maxRows or narrow the query)`,
      );
    }
    return {
      facts: rowFacts(
        rows,
        Array.isArray(opts.key) ? opts.key : [opts.key],
        opts.file ? { file: opts.file } : {},
      ),
    };
  },
});

/** `rows.<key>.<column>` for every non-key column, plus `rowCount` and `empty`. */
export function rowFacts(
  rows: readonly Row[],
  key: readonly string[],
  location: { file?: string; uri?: string },
): RawFact[] {
  const facts: RawFact[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const missing = key.filter((k) => !(k in row));
    if (missing.length > 0)
      throw new ParityError('SOURCE_FAILED', `a row has no key column ${missing.join(', ')}`);
    const id = key.map((k) => String(toScalar(row[k]))).join('/');
    if (seen.has(id))
      throw new ParityError(
        'SOURCE_FAILED',
        `two rows share the key "${id}" (choose a unique key)`,
      );
    seen.add(id);
    for (const [column, value] of Object.entries(row)) {
      if (!key.includes(column))
        facts.push({ path: `rows.${id}.${column}`, value: toScalar(value), location });
    }
  }
  facts.push(
    { path: 'rowCount', value: rows.length, location },
    { path: 'empty', value: rows.length === 0, location },
  );
  return facts;
}

/** Numbers stay numbers (PostgreSQL's bigint and numeric arrive as strings), timestamps ISO. */
export function toScalar(value: unknown): Scalar {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) {
      const n = Number(value);
      if (Number.isFinite(n) && (value.includes('.') || Number.isSafeInteger(n))) return n;
    }
    return value;
  }
  return JSON.stringify(value);
}

async function rowsFromFile(baseDir: string, file: string, root: string): Promise<Row[]> {
  const { data, displayPath } = await readJsonFile(baseDir, file, root);
  const rows = z.array(z.record(z.string(), z.unknown())).safeParse(data);
  if (!rows.success)
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: expected a JSON array of row objects`,
    );
  return rows.data;
}

function hostOf(connection: string): string {
  try {
    const url = new URL(connection);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return 'the configured host';
  }
}

async function query(
  connection: string,
  sql: string,
  timeoutMs: number,
  maxRows: number,
): Promise<Row[]> {
  const { default: pg } = await import('pg');
  const host = hostOf(connection);
  const client = new pg.Client({
    connectionString: connection,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs + 1000,
  });
  // pg emits connection errors as events too: keep them from becoming unhandled.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    throw new ParityError(
      'SOURCE_FAILED',
      `cannot connect to PostgreSQL at ${host}${code ? ` (${code})` : ''}`,
    );
  }
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
    const result = await client.query<Row>(sql);
    await client.query('ROLLBACK');
    return result.rows.slice(0, maxRows + 1);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : 'error';
    throw new ParityError('SOURCE_FAILED', `query failed on ${host}: ${message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
