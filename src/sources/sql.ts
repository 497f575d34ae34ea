/**
 * `sql`: one read-only query against PostgreSQL or MySQL/MariaDB (or a JSON rows `file:`), rows
 * keyed by `key:` into `rows.<key>.<column>`, plus `rowCount` and `empty`. SPEC §7a, §12: the
 * host is pinned to the environment's, the session is opened read-only with a statement timeout,
 * the query is one statement (database/session.ts), so a write is refused by the database itself.
 * The connection string is never a fact and never part of an error, nor is the server's error
 * text (it can quote row values): errors name the host and the error code only.
 */
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { readJsonFile } from '../util/files.js';
import { connectionTarget, statementTimeout } from './database/connection.js';
import { withSession } from './database/session.js';
import type { Row } from './database/session.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('sql'),
  connection: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A postgres://, mysql:// or mariadb:// URL; may use ${ENV:…} or ${params:DATABASE_URL}.',
    ),
  file: z.string().min(1).optional().describe('A JSON file of rows (an array of objects) instead.'),
  query: z
    .string()
    .min(1)
    .optional()
    .describe('One SELECT, run in a read-only transaction (a write is refused by the server).'),
  key: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('Column(s) naming each row.'),
  maxRows: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe('More rows than this fail the source (narrow the query).'),
  timeoutMs: statementTimeout,
});

export const sqlSource = defineSource({
  type: 'sql',
  description:
    'A read-only SQL probe (PostgreSQL, MySQL, MariaDB): rows keyed by a column, e.g. subscription plans.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an override).
  check: (o) =>
    Boolean(o.connection) === Boolean(o.file)
      ? 'give exactly one of connection or file'
      : !o.file && !o.query
        ? 'a connection needs a query'
        : undefined,
  probe: true,
  services: [],
  requestChain: 1, // one query
  kinds: { 'rows.*': 'row', rowCount: 'row-count', empty: 'row-count' },
  secretSlots: { connection: 'connection' },
  async load(opts, ctx) {
    const target = opts.file
      ? undefined
      : connectionTarget(opts.connection ?? '', await ctx.probeHosts());
    const rows = !target
      ? await rowsFromFile(ctx.baseDir, opts.file ?? '', ctx.rootDir)
      : await withSession(target, opts.timeoutMs, (session) => session.query(opts.query ?? ''));
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

/** Numbers stay numbers (bigint and numeric/decimal arrive as strings), timestamps ISO. */
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
