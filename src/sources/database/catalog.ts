/**
 * A database's schema as the `schema` source reports it (SPEC §12): its tables, each with its
 * columns, indexes and constraints as normalized definitions, read by an engine's catalog reader
 * (catalog-postgres.ts, catalog-mysql.ts). Definitions are spelled so that what differs only in
 * spelling between servers compares equal: whitespace, identifier quotes, collation names.
 */

/** A table as facts report it (a `file:` gives these). */
export interface TableShape {
  /** The name keys use: `plans`, or `billing.invoices` outside the default schema. */
  readonly name: string;
  /** Column → `"<type>[ collate <c>][ not null][ default <expr>]…"`. */
  readonly columns: ReadonlyMap<string, string>;
  /** Index → `"[unique ]<method> (<columns>)[ where <predicate>]"` (constraints' own indexes are not here). */
  readonly indexes: ReadonlyMap<string, string>;
  /** Constraint → `"PRIMARY KEY (id)"`, `"FOREIGN KEY (tenant_id) REFERENCES core_tenant(id)"`, … */
  readonly constraints: ReadonlyMap<string, string>;
}

/** A table as a catalog reader found it. */
export interface Table extends TableShape {
  /** The table named in a query, quoted for its engine. */
  readonly sql: string;
}

/** Runs of whitespace made one space, the ends trimmed. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One spelling per collation: case, `UTF-8`/`utf8`, MySQL's `utf8mb3` (which older servers call
 * `utf8`), and PostgreSQL's `POSIX` (the same as `C`).
 */
export function normalizeCollation(name: string): string {
  const lower = name.toLowerCase().replace(/^"|"$/g, '');
  if (lower === 'posix') return 'c';
  return lower.replace(/utf-8/g, 'utf8').replace(/^utf8mb3(?=_|$)/, 'utf8');
}

/** Rows grouped by `keyOf`, in the order they came (catalog readers read ordered rows). */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** A catalog column as a string ('' for null). */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
