/**
 * The migrations a database says it has applied, read from each tool's own table (SPEC §12):
 * the tool's table found among the database's tables (`auto`) or named by the config. Each
 * gives the applied migrations' ids in the order they were applied; alembic keeps only the
 * revision(s) a database is at, not the history. The tools' tables are bookkeeping, not schema.
 */
import type { Table } from './catalog.js';
import { text } from './catalog.js';
import type { DbSession } from './session.js';

export const MIGRATION_TOOLS = ['django', 'alembic', 'flyway', 'prisma', 'rails', 'knex'] as const;
export type MigrationTool = (typeof MIGRATION_TOOLS)[number];

interface ToolTables {
  /** The table holding the applied migrations (found by name, bare in its schema). */
  readonly table: string;
  /** Its companions, also bookkeeping (a lock table, Rails' environment record). */
  readonly companions: readonly string[];
  /** The applied ids in applied order; `{t}` is the quoted table. */
  readonly query: string;
  /** Whether the table is this tool's (golang-migrate also calls its table schema_migrations). */
  readonly owns?: (table: Table) => boolean;
}

const TOOLS: Readonly<Record<MigrationTool, ToolTables>> = {
  django: {
    table: 'django_migrations',
    companions: [],
    query: 'SELECT app, name FROM {t} ORDER BY id',
  },
  alembic: {
    table: 'alembic_version',
    companions: [],
    query: 'SELECT version_num AS id FROM {t} ORDER BY version_num',
  },
  flyway: {
    table: 'flyway_schema_history',
    companions: [],
    // Versioned migrations that succeeded; repeatable ones (no version) re-run when changed.
    query:
      'SELECT version AS id FROM {t} WHERE success AND version IS NOT NULL ORDER BY installed_rank',
  },
  prisma: {
    table: '_prisma_migrations',
    companions: [],
    query:
      'SELECT migration_name AS id FROM {t} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name',
  },
  rails: {
    table: 'schema_migrations',
    companions: ['ar_internal_metadata'],
    query: 'SELECT version AS id FROM {t} ORDER BY version',
    owns: (t) => !t.columns.has('dirty'),
  },
  knex: {
    table: 'knex_migrations',
    companions: ['knex_migrations_lock'],
    query: 'SELECT name AS id FROM {t} ORDER BY id',
  },
};

/** Tools whose table holds only the revision a database is at, not each migration applied. */
export const HEAD_ONLY_TOOLS: ReadonlySet<string> = new Set<MigrationTool>(['alembic']);

const bareName = (t: Table): string => t.name.slice(t.name.lastIndexOf('.') + 1);

/** Each tool read (declared, or found with `auto`) and its table. */
export function migrationTables(
  tables: readonly Table[],
  wanted: MigrationTool | 'auto' | 'none',
): { tool: MigrationTool; table: Table; bookkeeping: readonly Table[] }[] {
  if (wanted === 'none') return [];
  const tools = wanted === 'auto' ? MIGRATION_TOOLS : [wanted];
  return tools.flatMap((tool) => {
    const spec = TOOLS[tool];
    // The default schema's table first (it sorts first: bare names have no dot).
    const table = tables
      .filter((t) => bareName(t) === spec.table && (spec.owns?.(t) ?? true))
      .sort((x, y) => x.name.split('.').length - y.name.split('.').length)[0];
    if (!table) return [];
    const schemaOf = (t: Table): string => t.name.slice(0, Math.max(0, t.name.lastIndexOf('.')));
    const bookkeeping = tables.filter(
      (t) =>
        t === table || (spec.companions.includes(bareName(t)) && schemaOf(t) === schemaOf(table)),
    );
    return [{ tool, table, bookkeeping }];
  });
}

/** The ids a tool's table lists, in applied order. */
export async function appliedMigrations(
  session: DbSession,
  tool: MigrationTool,
  table: Table,
): Promise<string[]> {
  const rows = await session.query(TOOLS[tool].query.replace('{t}', table.sql));
  return rows.map((r) => (tool === 'django' ? `${text(r.app)}.${text(r.name)}` : text(r.id)));
}
