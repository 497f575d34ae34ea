/**
 * `sql`: one read-only query against PostgreSQL or MySQL/MariaDB (or a JSON rows `file:`), rows
 * keyed by `key:` into `rows.<key>.<column>`, plus `rowCount` and `empty`. SPEC §7a, §12: the
 * host is pinned to the environment's, the session is opened read-only with a statement timeout,
 * the query is one statement (extended protocol; a prepared statement on MySQL, in
 * _sql-mysql.ts), so a write is refused by the database itself. The connection
 * string is never a fact and never part of an error, nor is the server's error text (it can
 * quote row values): errors name the host and the SQLSTATE only.
 */
import * as z from 'zod';
import errorCodes from 'pg-error-codes' with { type: 'json' };
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { readJsonFile } from '../util/files.js';
import { MYSQL_SSL_MODES, queryMysql } from './_sql-mysql.js';
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
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(60_000)
    .default(10_000)
    .describe('The statement timeout the session is opened with (at most 60 s).'),
});

type Row = Readonly<Record<string, unknown>>;

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
      : target.engine === 'postgres'
        ? await query(target, opts.query ?? '', opts.timeoutMs, opts.maxRows)
        : await queryMysql(target, target.label, opts.query ?? '', opts.timeoutMs, opts.maxRows);
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

/** What parity connects with: parsed from the URL, pinned and stripped of session settings. */
interface Target {
  readonly engine: 'postgres' | 'mysql';
  /** How errors name the server: PostgreSQL, MySQL, MariaDB. */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly ssl: false | { readonly rejectUnauthorized: boolean };
}

// libpq and node-postgres read connection settings from the URL's query too (`host`, `hostaddr`,
// `port`, `options`, `application_name`, ...): each could redirect the connection or change the
// session, so only the TLS mode is accepted. mysql2 does the same with its URL's query
// (`multipleStatements`, `localAddress`, `flags`, ...): parity never hands it the URL.
const SSL_MODES: Readonly<Record<string, Target['ssl']>> = {
  disable: false,
  prefer: { rejectUnauthorized: false },
  require: { rejectUnauthorized: false },
  'no-verify': { rejectUnauthorized: false },
  'verify-ca': { rejectUnauthorized: true },
  'verify-full': { rejectUnauthorized: true },
};

/** Per URL scheme: the engine, its default port and its one accepted (TLS) parameter. */
const SCHEMES: Readonly<
  Record<
    string,
    {
      engine: Target['engine'];
      label: string;
      port: number;
      param: string;
      modes: Readonly<Record<string, Target['ssl']>>;
    }
  >
> = {
  'postgres:': {
    engine: 'postgres',
    label: 'PostgreSQL',
    port: 5432,
    param: 'sslmode',
    modes: SSL_MODES,
  },
  'postgresql:': {
    engine: 'postgres',
    label: 'PostgreSQL',
    port: 5432,
    param: 'sslmode',
    modes: SSL_MODES,
  },
  'mysql:': {
    engine: 'mysql',
    label: 'MySQL',
    port: 3306,
    param: 'ssl-mode',
    modes: MYSQL_SSL_MODES,
  },
  'mariadb:': {
    engine: 'mysql',
    label: 'MariaDB',
    port: 3306,
    param: 'ssl-mode',
    modes: MYSQL_SSL_MODES,
  },
};

/**
 * The connection URL checked against SPEC §7a: a PostgreSQL or MySQL URL whose host is one of the
 * environment's hosts (its `hosts`, `allowHosts`, a live RDS endpoint), with no parameter but
 * the TLS mode (`sslmode`, MySQL's `ssl-mode`). Messages never quote the URL (it holds the
 * password).
 */
function connectionTarget(connection: string, allowed: ReadonlySet<string>): Target {
  let url: URL;
  try {
    url = new URL(connection.trim());
  } catch {
    throw new ParityError(
      'SOURCE_FAILED',
      'the connection is not a URL (postgres://…, mysql://…, mariadb://…)',
    );
  }
  const scheme = Object.hasOwn(SCHEMES, url.protocol) ? SCHEMES[url.protocol] : undefined;
  if (!scheme) {
    throw new ParityError(
      'SOURCE_FAILED',
      `connection scheme ${url.protocol.replace(/:$/, '')} is not supported (postgres://…, mysql://…, mariadb://…)`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) throw new ParityError('SOURCE_FAILED', 'the connection URL names no host');
  if (!allowed.has(host)) {
    throw new ParityError(
      'SOURCE_FAILED',
      `connection host ${host} is not among this environment's hosts, allowHosts or RDS endpoints (declare it there)`,
    );
  }
  let ssl: Target['ssl'] = false;
  for (const [name, value] of url.searchParams) {
    const modeName = scheme.engine === 'mysql' ? value.toLowerCase() : value;
    const mode =
      name === scheme.param && Object.hasOwn(scheme.modes, modeName)
        ? scheme.modes[modeName]
        : undefined;
    if (mode === undefined) {
      throw new ParityError(
        'SOURCE_FAILED',
        `connection parameter "${name}" is not allowed (it could redirect the connection or change the session); only ${scheme.param} is`,
      );
    }
    ssl = mode;
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    engine: scheme.engine,
    label: scheme.label,
    host,
    port: url.port ? Number(url.port) : scheme.port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    ssl,
  };
}

/** `22P02 invalid_text_representation`: the SQLSTATE and its name, never the server's text. */
function sqlState(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return /^E[A-Z]+$/.test(code) ? code : 'error';
  const names: Readonly<Record<string, string>> = errorCodes;
  const name = names[code] ?? names[`${code.slice(0, 2)}000`];
  return name ? `${code} ${name}` : code;
}

async function query(
  target: Target,
  sql: string,
  timeoutMs: number,
  maxRows: number,
): Promise<Row[]> {
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
    // The session itself is read-only from its first statement, whatever the query does.
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.floor(timeoutMs)}`,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs + 1000,
  });
  // pg emits connection errors as events too: keep them from becoming unhandled.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ParityError(
      'SOURCE_FAILED',
      `cannot connect to PostgreSQL at ${host} (${sqlState(error)})`,
    );
  }
  try {
    await client.query('BEGIN READ ONLY');
    // A named statement goes through the extended protocol, which carries exactly one statement:
    // `…; COMMIT; DELETE …` is refused by the server instead of run.
    const result = await client.query<Row>({ name: 'parity_probe', text: sql });
    await client.query('ROLLBACK');
    return result.rows.slice(0, maxRows + 1);
  } catch (error) {
    throw new ParityError('SOURCE_FAILED', `query failed on ${host}: ${sqlState(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
