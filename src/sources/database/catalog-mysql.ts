/**
 * MySQL's and MariaDB's schema from information_schema, for the connection's database only (its
 * name is no part of a key: staging_app and app are the same schema). The two servers spell the
 * same column differently, so definitions are normalized: integer display widths dropped
 * (`int(11)` and `int` are one type; `tinyint(1)` stays, it is a boolean), defaults quoted the one
 * way (MariaDB quotes string defaults, MySQL does not), `current_timestamp()` and
 * `CURRENT_TIMESTAMP` alike, a collation shown only where it is not the table's, `utf8mb3` named
 * `utf8`, `RESTRICT` and `NO ACTION` (the same in InnoDB) left unsaid.
 */
import type { DbSession } from './session.js';
import { collapse, groupBy, normalizeCollation, text } from './catalog.js';
import type { Table } from './catalog.js';

const HERE = 'TABLE_SCHEMA = DATABASE()';

function queries(mariadb: boolean) {
  return {
    tables: `SELECT TABLE_NAME AS table_name, TABLE_COLLATION AS table_collation
FROM information_schema.TABLES WHERE ${HERE} AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`,
    columns: `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type,
  DATA_TYPE AS data_type, IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default,
  EXTRA AS extra, COLLATION_NAME AS collation_name, GENERATION_EXPRESSION AS generation_expression
FROM information_schema.COLUMNS WHERE ${HERE} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    // EXPRESSION (a functional index's) is MySQL 8's; MariaDB has no such column.
    indexes: `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
  COLUMN_NAME AS column_name, SUB_PART AS sub_part, COLLATION AS direction, INDEX_TYPE AS index_type
  ${mariadb ? '' : ', EXPRESSION AS expression'}
FROM information_schema.STATISTICS WHERE ${HERE} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    keyColumns: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name,
  COLUMN_NAME AS column_name, REFERENCED_TABLE_SCHEMA AS ref_schema,
  REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_column, DATABASE() AS here
FROM information_schema.KEY_COLUMN_USAGE WHERE ${HERE}
ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
    rules: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name,
  UPDATE_RULE AS update_rule, DELETE_RULE AS delete_rule
FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`,
    // MariaDB names a check's table; MySQL 8 only its schema (check names are unique in it).
    checks: mariadb
      ? `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause
FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()`
      : `SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS constraint_name, cc.CHECK_CLAUSE AS check_clause
FROM information_schema.CHECK_CONSTRAINTS cc JOIN information_schema.TABLE_CONSTRAINTS tc
  ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME
  AND tc.CONSTRAINT_TYPE = 'CHECK'
WHERE cc.CONSTRAINT_SCHEMA = DATABASE()`,
  } as const;
}

type Row = Readonly<Record<string, unknown>>;

const NUMERIC = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'numeric',
  'float',
  'double',
  'real',
  'bit',
]);

/** An expression as written by either server: backticks gone, `current_timestamp()` as one spelling. */
export function expression(sql: string): string {
  const bare = collapse(sql.replace(/`/g, ''));
  return bare
    .replace(/\b(?:current_timestamp|now)(?:\(\s*\))?(?=$|[\s,)])/gi, 'current_timestamp')
    .replace(/\bcurrent_timestamp\((\d+)\)/gi, 'current_timestamp($1)');
}

/** A definition's text without one pair of parentheses around all of it. */
function unwrap(sql: string): string {
  let s = sql.trim();
  while (s.startsWith('(') && s.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i += 1) {
      if (s[i] === '(') depth += 1;
      else if (s[i] === ')') depth -= 1;
      if (depth === 0 && i < s.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1).trim();
  }
  return s;
}

function columnDefault(r: Row, mariadb: boolean): string | undefined {
  const raw = r.column_default;
  if (raw === null || raw === undefined || raw === 'NULL') return undefined;
  const value = String(raw);
  if (mariadb) return value.startsWith("'") ? value : expression(value);
  // MySQL: an expression default is marked so; a literal is given unquoted.
  if (/DEFAULT_GENERATED/i.test(text(r.extra))) return expression(unwrap(value));
  if (NUMERIC.has(text(r.data_type).toLowerCase())) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

/** `<type>[ collate <c>][ generated …][ not null][ default <expr>][ auto_increment][ on update …]`. */
export function columnDefinition(r: Row, tableCollation: string, mariadb: boolean): string {
  const type = text(r.column_type)
    .toLowerCase()
    .replace(/\b(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/g, (m, base: string) =>
      m === 'tinyint(1)' ? m : base,
    )
    .replace(/\byear\(4\)/g, 'year');
  const parts = [type];
  const collation = text(r.collation_name);
  if (collation && normalizeCollation(collation) !== normalizeCollation(tableCollation))
    parts.push(`collate ${normalizeCollation(collation)}`);
  const extra = text(r.extra);
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (generated && text(r.generation_expression)) {
    const how = generated[1]?.toUpperCase() === 'VIRTUAL' ? 'virtual' : 'stored';
    parts.push(`generated always as (${expression(text(r.generation_expression))}) ${how}`);
  }
  if (text(r.is_nullable) === 'NO') parts.push('not null');
  const value = generated ? undefined : columnDefault(r, mariadb);
  if (value !== undefined) parts.push(`default ${value}`);
  if (/\bauto_increment\b/i.test(extra)) parts.push('auto_increment');
  const onUpdate = /\bon update (\S+)/i.exec(extra);
  if (onUpdate?.[1]) parts.push(`on update ${expression(onUpdate[1])}`);
  return parts.join(' ');
}

function indexDefinition(parts: readonly Row[]): string {
  const first = parts[0] ?? {};
  const columns = parts.map((p) =>
    text(p.expression)
      ? `(${expression(unwrap(text(p.expression)))})`
      : `${text(p.column_name)}${text(p.sub_part) ? `(${text(p.sub_part)})` : ''}${text(p.direction) === 'D' ? ' desc' : ''}`,
  );
  const unique = Number(first.non_unique) === 0 ? 'unique ' : '';
  return `${unique}${text(first.index_type).toLowerCase()} (${columns.join(', ')})`;
}

const REFERENTIAL_DEFAULTS = new Set(['RESTRICT', 'NO ACTION']);

function constraintDefinition(
  type: string,
  columns: readonly Row[],
  rules: Row | undefined,
): string {
  const names = columns.map((c) => text(c.column_name)).join(', ');
  if (type !== 'FOREIGN KEY') return `${type} (${names})`;
  const first = columns[0] ?? {};
  const table =
    text(first.ref_schema) && text(first.ref_schema) !== text(first.here)
      ? `${text(first.ref_schema)}.${text(first.ref_table)}`
      : text(first.ref_table);
  const refs = columns.map((c) => text(c.ref_column)).join(', ');
  const actions = (
    [
      ['ON UPDATE', text(rules?.update_rule).toUpperCase()],
      ['ON DELETE', text(rules?.delete_rule).toUpperCase()],
    ] as const
  )
    .filter(([, rule]) => rule && !REFERENTIAL_DEFAULTS.has(rule))
    .map(([when, rule]) => ` ${when} ${rule}`)
    .join('');
  return `FOREIGN KEY (${names}) REFERENCES ${table}(${refs})${actions}`;
}

/** Each foreign key's `ON UPDATE` / `ON DELETE` from a `CREATE TABLE` statement, as REFERENTIAL_CONSTRAINTS rows. */
export function foreignKeyActions(createTable: string): Map<string, Row> {
  const actions = new Map<string, Row>();
  for (const line of createTable.split('\n')) {
    const m =
      /^\s*CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY .*\)((?: ON (?:UPDATE|DELETE) (?:RESTRICT|CASCADE|SET NULL|SET DEFAULT|NO ACTION))*),?$/.exec(
        line,
      );
    if (!m) continue;
    const rule = (when: string): string =>
      new RegExp(`ON ${when} (RESTRICT|CASCADE|SET NULL|SET DEFAULT|NO ACTION)`).exec(
        m[2] ?? '',
      )?.[1] ?? 'RESTRICT';
    actions.set((m[1] ?? '').replace(/``/g, '`'), {
      update_rule: rule('UPDATE'),
      delete_rule: rule('DELETE'),
    });
  }
  return actions;
}

/**
 * A key's kind from its columns: MariaDB shows TABLE_CONSTRAINTS only to a user with more than
 * SELECT, so keys are read from KEY_COLUMN_USAGE, which names them as well.
 */
function keyType(name: string, columns: readonly Row[]): string {
  if (name === 'PRIMARY') return 'PRIMARY KEY';
  return columns.some((c) => text(c.ref_table)) ? 'FOREIGN KEY' : 'UNIQUE';
}

export async function readMysqlCatalog(session: DbSession): Promise<Table[]> {
  const q = queries(session.mariadb);
  const byTable = (r: Row): string => text(r.table_name);
  const byConstraint = (r: Row): string => `${text(r.table_name)}\u0000${text(r.constraint_name)}`;
  const tables = await session.query(q.tables);
  const columns = groupBy(await session.query(q.columns), byTable);
  const indexRows = groupBy(await session.query(q.indexes), byTable);
  const keys = groupBy(await session.query(q.keyColumns), byTable);
  const rules = new Map((await session.query(q.rules)).map((r) => [byConstraint(r), r]));
  // MariaDB shows REFERENTIAL_CONSTRAINTS only to a user with more than SELECT: a foreign key's
  // actions are then read from the table's SHOW CREATE TABLE.
  for (const [table, parts] of keys) {
    const foreign = parts.filter((p) => text(p.ref_table) && !rules.has(byConstraint(p)));
    if (foreign.length === 0) continue;
    const [created] = await session.query(`SHOW CREATE TABLE \`${table.replace(/`/g, '``')}\``);
    for (const [name, rule] of foreignKeyActions(text(created?.['Create Table'])))
      rules.set(`${table}\u0000${name}`, rule);
  }
  const checks = groupBy(await session.query(q.checks), byTable);
  return tables.map((t) => {
    const name = text(t.table_name);
    const constraints = new Map<string, string>();
    for (const [key, parts] of groupBy(keys.get(name) ?? [], (r) => text(r.constraint_name))) {
      const type = keyType(key, parts);
      constraints.set(
        key,
        constraintDefinition(type, parts, rules.get(byConstraint(parts[0] ?? {}))),
      );
    }
    for (const check of checks.get(name) ?? [])
      constraints.set(
        text(check.constraint_name),
        `CHECK (${expression(unwrap(text(check.check_clause)))})`,
      );
    // A primary key, a unique key and a foreign key each have an index of their name: reported
    // once, as the constraint.
    const indexes = [...groupBy(indexRows.get(name) ?? [], (r) => text(r.index_name))].filter(
      ([index]) => !constraints.has(index),
    );
    return {
      name,
      sql: `\`${name.replace(/`/g, '``')}\``,
      columns: new Map(
        (columns.get(name) ?? []).map((r) => [
          text(r.column_name),
          columnDefinition(r, text(t.table_collation), session.mariadb),
        ]),
      ),
      indexes: new Map(indexes.map(([index, parts]) => [index, indexDefinition(parts)])),
      constraints,
    };
  });
}
