/**
 * `schema`: a PostgreSQL or MySQL/MariaDB database's tables, columns, indexes and constraints, and
 * the migrations its migration tool recorded (SPEC §12), each a fact: `table.<name>`,
 * `table.<name>.column.<col>` (its normalized definition), `.index.<name>`, `.constraint.<name>`,
 * `migrations.<tool>.<id>`, `migrations.<tool>.latest`, and `tables` (the count). The connection
 * is checked and the session opened as for `sql` (SPEC §7a): the host pinned, read-only, a
 * statement timeout; the queries are parity's own, against the catalog. A `file:` gives the same
 * in JSON instead (a schema captured earlier; the demo's).
 */
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { FactLocation, RawFact } from '../snapshot/types.js';
import { readJsonFile } from '../util/files.js';
import { matchesAny } from '../util/glob.js';
import { byCodeUnit } from '../util/order.js';
import type { Table, TableShape } from './database/catalog.js';
import { collapse } from './database/catalog.js';
import { readMysqlCatalog } from './database/catalog-mysql.js';
import { readPostgresCatalog } from './database/catalog-postgres.js';
import { connectionTarget, statementTimeout } from './database/connection.js';
import {
  HEAD_ONLY_TOOLS,
  MIGRATION_TOOLS,
  appliedMigrations,
  migrationTables,
} from './database/migrations.js';
import { withSession } from './database/session.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('schema'),
  connection: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A postgres://, mysql:// or mariadb:// URL naming the database; may use ${ENV:…} or ${params:DATABASE_URL}.',
    ),
  file: z
    .string()
    .min(1)
    .optional()
    .describe('A JSON schema instead (tables with columns, indexes, constraints; migrations).'),
  include: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Table name globs to read (default: every table; `billing.*` for a schema other than public).',
    ),
  migrations: z
    .enum(['auto', ...MIGRATION_TOOLS, 'none'])
    .default('auto')
    .describe("The migration tool whose table to read; `auto` reads every tool's table found."),
  maxTables: z
    .number()
    .int()
    .positive()
    .default(5000)
    .describe('More tables than this fail the source (narrow it with include).'),
  timeoutMs: statementTimeout,
});

type Options = z.infer<typeof options>;

interface Schema {
  readonly tables: readonly TableShape[];
  /** Per tool, the applied migrations' ids in applied order. */
  readonly migrations: readonly { readonly tool: string; readonly ids: readonly string[] }[];
  readonly location: FactLocation;
}

export const schemaSource = defineSource({
  type: 'schema',
  description:
    'A database schema (PostgreSQL, MySQL, MariaDB): tables, columns, indexes, constraints and applied migrations.',
  options,
  check: (o) =>
    Boolean(o.connection) === Boolean(o.file)
      ? 'give exactly one of connection or file'
      : undefined,
  probe: true,
  services: [],
  requestChain: 8, // the catalog queries, one after another
  kinds: { 'migrations.*': 'migration', '*': 'schema' },
  secretSlots: { connection: 'connection' },
  async load(opts, ctx) {
    const schema = opts.file
      ? await schemaFromFile(ctx.baseDir, opts.file, ctx.rootDir)
      : await schemaFromDatabase(opts, await ctx.probeHosts());
    return { facts: schemaFacts(schema, opts) };
  },
});

async function schemaFromDatabase(opts: Options, hosts: ReadonlySet<string>): Promise<Schema> {
  const target = connectionTarget(opts.connection ?? '', hosts);
  if (!target.database)
    throw new ParityError(
      'SOURCE_FAILED',
      'the connection URL names no database (…/<database> at its end)',
    );
  const read = target.engine === 'postgres' ? readPostgresCatalog : readMysqlCatalog;
  const scheme = target.engine === 'postgres' ? 'postgresql' : 'mysql';
  const location = { uri: `${scheme}://${target.host}:${target.port}/${target.database}` };
  return withSession(target, opts.timeoutMs, async (session) => {
    const all = await read(session);
    const tools = migrationTables(all, opts.migrations);
    // The tools' own tables are bookkeeping, not schema.
    const bookkeeping = new Set<Table>(tools.flatMap((t) => t.bookkeeping));
    const migrations = [];
    for (const { tool, table } of tools)
      migrations.push({ tool, ids: await appliedMigrations(session, tool, table) });
    return { tables: all.filter((t) => !bookkeeping.has(t)), migrations, location };
  });
}

const definitions = z.record(z.string().min(1), z.string());
const FILE_SHAPE = z.strictObject({
  tables: z.record(
    z.string().min(1),
    z.strictObject({
      columns: definitions.default({}),
      indexes: definitions.default({}),
      constraints: definitions.default({}),
    }),
  ),
  migrations: z.partialRecord(z.enum(MIGRATION_TOOLS), z.array(z.string().min(1))).default({}),
});

async function schemaFromFile(baseDir: string, file: string, root: string): Promise<Schema> {
  const { data, displayPath } = await readJsonFile(baseDir, file, root);
  const parsed = FILE_SHAPE.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: not a schema file${at} (expected { tables: { <name>: { columns, indexes, constraints } }, migrations })`,
    );
  }
  const tidy = (entries: Record<string, string>): Map<string, string> =>
    new Map(Object.entries(entries).map(([name, definition]) => [name, collapse(definition)]));
  return {
    tables: Object.entries(parsed.data.tables).map(([name, t]) => ({
      name,
      columns: tidy(t.columns),
      indexes: tidy(t.indexes),
      constraints: tidy(t.constraints),
    })),
    migrations: Object.entries(parsed.data.migrations).map(([tool, ids]) => ({ tool, ids })),
    location: { file },
  };
}

function schemaFacts(schema: Schema, opts: Options): RawFact[] {
  const { location } = schema;
  const shown = schema.tables
    .filter((t) => !opts.include || matchesAny(t.name, opts.include))
    .sort((x, y) => byCodeUnit(x.name, y.name));
  if (shown.length > opts.maxTables)
    throw new ParityError(
      'SOURCE_FAILED',
      `the database has ${shown.length} tables, more than maxTables ${opts.maxTables} (narrow it with include)`,
    );
  const facts: RawFact[] = [{ path: 'tables', value: shown.length, location }];
  for (const table of shown) {
    const at = `table.${table.name}`;
    facts.push({ path: at, value: true, location });
    for (const [part, entries] of [
      ['column', table.columns],
      ['index', table.indexes],
      ['constraint', table.constraints],
    ] as const) {
      for (const [name, definition] of [...entries].sort(([x], [y]) => byCodeUnit(x, y)))
        facts.push({ path: `${at}.${part}.${name}`, value: definition, location });
    }
  }
  for (const { tool, ids } of schema.migrations) {
    // alembic records only the revision(s) a database is at: that is its `latest`.
    if (HEAD_ONLY_TOOLS.has(tool)) {
      if (ids.length > 0)
        facts.push({
          path: `migrations.${tool}.latest`,
          value: [...ids].sort(byCodeUnit).join(', '),
          location,
        });
      continue;
    }
    for (const id of ids) facts.push({ path: `migrations.${tool}.${id}`, value: true, location });
    const latest = ids.at(-1);
    if (latest !== undefined)
      facts.push({ path: `migrations.${tool}.latest`, value: latest, location });
  }
  return facts;
}
