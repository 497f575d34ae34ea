/**
 * The `schema` source without a server: a schema from a JSON file, the definitions each engine's
 * catalog rows become (MySQL 8's and MariaDB's spellings of one column compare equal), the
 * migration tools' tables, and what it refuses before connecting. Reads of real PostgreSQL and
 * MariaDB catalogs are in test/e2e/schema.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  columnDefinition as mysqlColumn,
  expression,
  foreignKeyActions,
} from '../../../src/sources/database/catalog-mysql.js';
import {
  columnDefinition as pgColumn,
  indexDefinition,
} from '../../../src/sources/database/catalog-postgres.js';
import { normalizeCollation } from '../../../src/sources/database/catalog.js';
import type { Table } from '../../../src/sources/database/catalog.js';
import { migrationTables } from '../../../src/sources/database/migrations.js';
import { schemaSource } from '../../../src/sources/schema.js';
import { toFact } from '../../../src/snapshot/facts.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

const load = async (options: Record<string, unknown>) =>
  (
    await schemaSource.load(
      schemaSource.options.parse({ type: 'schema', ...options }),
      exportContext(FIXTURES),
    )
  ).facts;

describe('schema', () => {
  it('reads a schema file into table, column, constraint and migration facts', async () => {
    const facts = await load({ file: 'schema/app.json' });
    expect(values(facts)).toEqual({
      tables: 3,
      'table.audit_log': true,
      'table.audit_log.column.id': 'bigint',
      'table.billing.invoices': true,
      'table.billing.invoices.column.id': 'integer not null',
      'table.core_tenant': true,
      'table.core_tenant.column.id': 'bigint not null',
      'table.core_tenant.column.slug': 'character varying(64) not null',
      'table.core_tenant.constraint.core_tenant_pkey': 'PRIMARY KEY (id)',
      'migrations.django.core.0001_initial': true,
      'migrations.django.core.0042_add_tenant': true,
      'migrations.django.latest': 'core.0042_add_tenant',
      // alembic records the revisions a database is at, not its history.
      'migrations.alembic.latest': '3f2a9c1d, 9b7e1d20',
    });
    const kinds = new Set(facts.map((f) => toFact(f, schemaSource.kinds).kind));
    expect([...kinds].sort()).toEqual(['migration', 'schema']);
  });

  it('reads only the included tables', async () => {
    const facts = await load({ file: 'schema/app.json', include: ['core_*', 'billing.*'] });
    expect(
      Object.keys(values(facts)).filter((p) => /^table\.[^.]+$|^table\.billing\.invoices$/.test(p)),
    ).toEqual(['table.billing.invoices', 'table.core_tenant']);
  });

  it('never makes a definition sensitive, whatever the column is called', () => {
    const fact = toFact(
      { path: 'table.core_user.column.password', value: 'character varying(128) not null' },
      schemaSource.kinds,
    );
    expect([fact.kind, fact.sensitive]).toEqual(['schema', false]);
  });

  it('refuses a file that is not a schema, a missing database name and an undeclared host, in one line each', async () => {
    await expect(load({ file: 'schema/not-a-schema.json' })).rejects.toThrow(
      'test/fixtures/schema/not-a-schema.json: not a schema file at tables.plans.columns.id (expected { tables: { <name>: { columns, indexes, constraints } }, migrations })',
    );
    await expect(
      load({ connection: 'mysql://reader@db.elsewhere.example:3306/app' }),
    ).rejects.toThrow(
      "connection host db.elsewhere.example is not among this environment's hosts, allowHosts or RDS endpoints (declare it there)",
    );
    const ctx = {
      ...exportContext(FIXTURES),
      probeHosts: () => Promise.resolve(new Set(['db.example.com'])),
    };
    await expect(
      schemaSource.load(
        schemaSource.options.parse({
          type: 'schema',
          connection: 'mysql://reader@db.example.com:3306',
        }),
        ctx,
      ),
    ).rejects.toThrow('the connection URL names no database (…/<database> at its end)');
    expect(schemaSource.check?.(schemaSource.options.parse({ type: 'schema' }))).toBe(
      'give exactly one of connection or file',
    );
  });
});

describe('PostgreSQL definitions', () => {
  it('keeps an index definition without its name and table (the schema name may differ)', () => {
    expect(
      [
        'CREATE UNIQUE INDEX plans_name_idx ON public.plans USING btree (name) WHERE active',
        'CREATE INDEX "Odd Name" ON ONLY "my schema"."Odd Table" USING gin (doc jsonb_path_ops)',
      ].map(indexDefinition),
    ).toEqual(['unique btree (name) WHERE active', 'gin (doc jsonb_path_ops)']);
  });

  it('writes a column as type, collation, nullability and default', () => {
    const row = (r: Record<string, unknown>) =>
      pgColumn({ data_type: 'text', not_null: false, ...r }, 'en_US.UTF-8');
    expect([
      row({ not_null: true, default_expr: "'active'::text" }),
      row({ collation_name: 'C' }),
      // An explicit collation that is the database's own is no difference.
      row({ collation_name: 'en_US.utf8', collation_locale: 'en_US.utf8' }),
      row({ data_type: 'integer', not_null: true, identity: 'a' }),
      row({ data_type: 'numeric', generated: 's', default_expr: '(price * 2)' }),
    ]).toEqual([
      "text not null default 'active'::text",
      'text collate c',
      'text',
      'integer not null generated always as identity',
      'numeric generated always as ((price * 2)) stored',
    ]);
  });
});

describe('MySQL and MariaDB definitions', () => {
  // One column as each server's information_schema.COLUMNS gives it.
  const mariadb = {
    column_type: 'int(11)',
    data_type: 'int',
    is_nullable: 'NO',
    column_default: '0',
    extra: '',
    collation_name: null,
  };
  const mysql8 = { ...mariadb, column_type: 'int' };

  it('spells the same column the same on MySQL 8 and MariaDB', () => {
    expect(mysqlColumn(mysql8, 'utf8mb4_0900_ai_ci', false)).toBe(
      mysqlColumn(mariadb, 'utf8mb4_general_ci', true),
    );
    const text = {
      column_type: 'varchar(20)',
      data_type: 'varchar',
      is_nullable: 'YES',
      extra: '',
    };
    expect([
      mysqlColumn(
        { ...text, column_default: 'active', collation_name: 'utf8mb3_general_ci' },
        'utf8_general_ci',
        false,
      ),
      mysqlColumn(
        { ...text, column_default: "'active'", collation_name: 'utf8_general_ci' },
        'utf8mb3_general_ci',
        true,
      ),
    ]).toEqual(["varchar(20) default 'active'", "varchar(20) default 'active'"]);
    const stamp = {
      column_type: 'datetime',
      data_type: 'datetime',
      is_nullable: 'YES',
      collation_name: null,
    };
    expect([
      mysqlColumn(
        {
          ...stamp,
          column_default: 'CURRENT_TIMESTAMP',
          extra: 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP',
        },
        '',
        false,
      ),
      mysqlColumn(
        { ...stamp, column_default: 'current_timestamp()', extra: 'on update current_timestamp()' },
        '',
        true,
      ),
    ]).toEqual([
      'datetime default current_timestamp on update current_timestamp',
      'datetime default current_timestamp on update current_timestamp',
    ]);
  });

  it('keeps what is a real difference: tinyint(1), nullability, a default, auto_increment, a collation', () => {
    expect([
      mysqlColumn({ ...mysql8, column_type: 'tinyint(1)', data_type: 'tinyint' }, '', false),
      mysqlColumn({ ...mysql8, is_nullable: 'YES', column_default: null }, '', false),
      mysqlColumn(
        { ...mariadb, column_default: 'NULL', is_nullable: 'YES', extra: 'auto_increment' },
        '',
        true,
      ),
      mysqlColumn(
        {
          ...mysql8,
          column_type: 'varchar(10)',
          data_type: 'varchar',
          column_default: null,
          collation_name: 'utf8mb4_bin',
        },
        'utf8mb4_general_ci',
        false,
      ),
    ]).toEqual([
      'tinyint(1) not null default 0',
      'int',
      'int auto_increment',
      'varchar(10) collate utf8mb4_bin not null',
    ]);
  });

  it('reads foreign key actions from SHOW CREATE TABLE and normalizes expressions', () => {
    const actions = foreignKeyActions(
      'CREATE TABLE `u` (\n  `t_id` int(11) DEFAULT NULL,\n  KEY `fk` (`t_id`),\n  CONSTRAINT `fk` FOREIGN KEY (`t_id`) REFERENCES `t` (`id`) ON DELETE CASCADE,\n  CONSTRAINT `fk2` FOREIGN KEY (`t_id`) REFERENCES `t` (`id`)\n) ENGINE=InnoDB',
    );
    expect(Object.fromEntries(actions)).toEqual({
      fk: { update_rule: 'RESTRICT', delete_rule: 'CASCADE' },
      fk2: { update_rule: 'RESTRICT', delete_rule: 'RESTRICT' },
    });
    expect([expression('`price` >= 0'), expression('NOW()')]).toEqual([
      'price >= 0',
      'current_timestamp',
    ]);
  });

  it('names one collation one way', () => {
    expect(
      ['utf8mb3_general_ci', 'utf8_general_ci', 'en_US.UTF-8', 'POSIX', '"C"'].map(
        normalizeCollation,
      ),
    ).toEqual(['utf8_general_ci', 'utf8_general_ci', 'en_us.utf8', 'c', 'c']);
  });
});

describe('migration tables', () => {
  const table = (name: string, columns: string[] = ['id']): Table => ({
    name,
    sql: name,
    columns: new Map(columns.map((c) => [c, 'text'])),
    indexes: new Map(),
    constraints: new Map(),
  });

  it('finds each tool by its table, with its companions as bookkeeping', () => {
    const tables = [
      table('django_migrations'),
      table('schema_migrations', ['version']),
      table('ar_internal_metadata'),
      table('knex_migrations'),
      table('knex_migrations_lock'),
      table('core_user'),
    ];
    const found = migrationTables(tables, 'auto');
    expect(found.map((t) => [t.tool, t.bookkeeping.map((b) => b.name)])).toEqual([
      ['django', ['django_migrations']],
      ['rails', ['schema_migrations', 'ar_internal_metadata']],
      ['knex', ['knex_migrations', 'knex_migrations_lock']],
    ]);
    expect(migrationTables(tables, 'django').map((t) => t.tool)).toEqual(['django']);
    expect(migrationTables(tables, 'none')).toEqual([]);
  });

  it("does not take golang-migrate's schema_migrations for Rails'", () => {
    expect(migrationTables([table('schema_migrations', ['version', 'dirty'])], 'auto')).toEqual([]);
  });
});
