/**
 * The `schema` source against a real PostgreSQL 15 and a real MariaDB (SPEC §12): one story on
 * both engines. Staging was restored months ago and migrated by hand: it lacks the
 * multi-tenancy table, a column and an index, keeps an abandoned import table, misses one
 * migration and has one production has not. Everything else that differs is legitimate: the
 * database names, owners, row counts, sequence values, table comments, collations spelled
 * differently, integer display widths. Asserted from outside parity: every table's checksum is
 * unchanged after the run, and the password is in no output and no written file.
 */
import { beforeAll, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { adminQuery, createMariadbDatabase, describeWithMariadb } from '../support/mariadb.js';
import type { Mariadb } from '../support/mariadb.js';
import { createDatabase, describeWithPostgres } from '../support/postgres.js';
import type { Pg } from '../support/postgres.js';
import { findingLines, repo, withPasswordFrom, writtenFiles } from './worlds/helpers.js';

const PASSWORD = { staging: 'schema-canary-stg-H3k9', production: 'schema-canary-prd-J8n2' };

/** The findings the story holds, the same on both engines. */
const EXPECTED = [
  'migration-drift db:migrations.django.core.0003_add_tenant error',
  'migration-drift db:migrations.django.core.0004_staging_experiment warning',
  'schema-drift db:table.core_tenant error',
  'schema-drift db:table.core_user.column.tenant_id error',
  'schema-drift db:table.core_user.index.core_user_email_idx error',
  'schema-drift db:table.legacy_import error',
];

const migrations = (names: readonly string[]): string =>
  names.map((n) => `('core', '${n}', '2026-01-01 00:00:00')`).join(', ');

const config = (urls: { staging: string; production: string }): string => `version: 1
environments:
  staging:
    allowHosts: [127.0.0.1]
    sources: { db: { connection: "${withPasswordFrom(urls.staging, 'DB_STAGING')}" } }
  production:
    allowHosts: [127.0.0.1]
    sources: { db: { connection: "${withPasswordFrom(urls.production, 'DB_PRODUCTION')}" } }
sources:
  db:
    type: schema
`;

const passwordsOf = (urls: { staging: string; production: string }) => ({
  DB_STAGING: decodeURIComponent(new URL(urls.staging).password),
  DB_PRODUCTION: decodeURIComponent(new URL(urls.production).password),
});

/** The story's run: the six findings and nothing else, the password nowhere, stored snapshots diff the same. */
async function expectStory(
  urls: { staging: string; production: string },
  checksums: () => Promise<unknown>,
): Promise<void> {
  const before = await checksums();
  const dir = repo({ 'parity.yaml': config(urls) });
  const env = passwordsOf(urls);
  const result = await runCli(
    ['diff', 'staging', 'production', '-f', 'json', '--sarif', 'out.sarif'],
    { cwd: dir, env },
  );
  expect(result.stderr).toBe('');
  const report = jsonReport(result);
  expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
  expect(findingLines(report.findings).map((l) => l.replace(/ staging,production$/, ''))).toEqual(
    EXPECTED.map((l) => l.replace(/ (error|warning)$/, '')),
  );
  expect(report.findings.map((f) => `${f.rule} ${f.key} ${f.severity}`).sort()).toEqual(EXPECTED);
  expect(result.code).toBe(1);
  // Normalized definitions, as the docs give them, the same on both engines.
  const valuesOf = (key: string) => report.findings.find((f) => f.key === key)?.values;
  expect(valuesOf('db:table.core_user.column.tenant_id')).toEqual({ production: 'bigint' });
  expect(valuesOf('db:table.core_user.index.core_user_email_idx')).toEqual({
    production: 'btree (email)',
  });
  const text = await runCli(['diff', 'staging', 'production'], { cwd: dir, env });
  expect(text.stdout).toContain(
    'staging is behind production: django migration core.0003_add_tenant not applied',
  );
  expect(text.stdout).toContain('table core_tenant exists in production only, not in staging');
  // Stored snapshots keep the facts' kinds: their diff is the live one.
  for (const name of ['staging', 'production'])
    expect((await runCli(['snapshot', name, '-o', `${name}.json`], { cwd: dir, env })).code).toBe(
      0,
    );
  const stored = await runCli(['diff', 'staging.json', 'production.json', '-f', 'json'], {
    cwd: dir,
  });
  expect(findingLines(jsonReport(stored).findings)).toEqual(findingLines(report.findings));
  const output = [result, text, stored].map((r) => r.stdout + r.stderr).join('\n');
  for (const secret of [...Object.values(env), ...Object.values(PASSWORD)]) {
    expect(output).not.toContain(secret);
    expect(writtenFiles(dir)).not.toContain(secret);
  }
  expect(await checksums()).toEqual(before);
}

/**
 * Each migration tool's own table as the tool creates it (shapes from each tool's docs), with
 * rows that count and rows that do not: a failed and a repeatable flyway run, a rolled-back and
 * an unfinished prisma migration.
 */
function toolTables(engine: 'postgres' | 'mysql'): string[] {
  const stamp = engine === 'postgres' ? 'timestamptz' : 'datetime';
  const serial = engine === 'postgres' ? 'serial' : 'int AUTO_INCREMENT';
  const q = (name: string) => (engine === 'postgres' ? `"${name}"` : `\`${name}\``);
  return [
    `CREATE TABLE alembic_version (version_num varchar(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
    `INSERT INTO alembic_version VALUES ('3f2a9c1d0e4b')`,
    `CREATE TABLE flyway_schema_history (installed_rank int NOT NULL PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum int, installed_by varchar(100) NOT NULL, installed_on ${stamp} NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time int NOT NULL, success boolean NOT NULL)`,
    `INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'ci', 5, true), (2, '1.1', 'add tenant', 'SQL', 'V1_1__add_tenant.sql', 2, 'ci', 5, true), (3, NULL, 'views', 'SQL', 'R__views.sql', 3, 'ci', 5, true), (4, '1.2', 'broken', 'SQL', 'V1_2__broken.sql', 4, 'ci', 5, false)`,
    `CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at ${stamp} NULL, migration_name varchar(255) NOT NULL, logs text, rolled_back_at ${stamp} NULL, started_at ${stamp} NOT NULL DEFAULT CURRENT_TIMESTAMP, applied_steps_count int NOT NULL DEFAULT 0)`,
    `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at, started_at) VALUES ('a', 'c1', '2026-01-01 00:00:01', '20260101000000_init', NULL, '2026-01-01 00:00:00'), ('b', 'c2', '2026-02-01 00:00:01', '20260201000000_tenant', NULL, '2026-02-01 00:00:00'), ('c', 'c3', NULL, '20260301000000_half', NULL, '2026-03-01 00:00:00'), ('d', 'c4', '2026-03-02 00:00:01', '20260302000000_undone', '2026-03-02 00:00:02', '2026-03-02 00:00:00')`,
    `CREATE TABLE schema_migrations (version varchar(255) NOT NULL PRIMARY KEY)`,
    `CREATE TABLE ar_internal_metadata (${q('key')} varchar(255) NOT NULL PRIMARY KEY, value varchar(255), created_at ${stamp} NOT NULL, updated_at ${stamp} NOT NULL)`,
    `INSERT INTO schema_migrations VALUES ('20260101120000'), ('20260202120000')`,
    `CREATE TABLE knex_migrations (id ${serial} PRIMARY KEY, name varchar(255), batch int, migration_time ${stamp})`,
    `CREATE TABLE knex_migrations_lock (${q('index')} ${serial} PRIMARY KEY, is_locked int)`,
    `INSERT INTO knex_migrations (name, batch) VALUES ('20260101_init.js', 1), ('20260105_tenant.js', 2)`,
    `CREATE TABLE core_user (id bigint PRIMARY KEY)`,
  ];
}

/** What the schema source reads of toolTables(): every tool's ids, and core_user as the only table. */
const TOOL_FACTS = [
  'migrations.alembic.latest = 3f2a9c1d0e4b',
  'migrations.flyway.1 = true',
  'migrations.flyway.1.1 = true',
  'migrations.flyway.latest = 1.1',
  'migrations.knex.20260101_init.js = true',
  'migrations.knex.20260105_tenant.js = true',
  'migrations.knex.latest = 20260105_tenant.js',
  'migrations.prisma.20260101000000_init = true',
  'migrations.prisma.20260201000000_tenant = true',
  'migrations.prisma.latest = 20260201000000_tenant',
  'migrations.rails.20260101120000 = true',
  'migrations.rails.20260202120000 = true',
  'migrations.rails.latest = 20260202120000',
  'table.core_user = true',
  'tables = 1',
];

/** `path = value` of each fact a `parity snapshot` of a lone schema source holds, but columns and constraints. */
async function snapshotFacts(url: string): Promise<string[]> {
  const dir = repo({
    'parity.yaml': `version: 1
environments: { staging: { allowHosts: [127.0.0.1] } }
sources: { db: { type: schema, connection: "${withPasswordFrom(url, 'DB_PW')}" } }
`,
  });
  const result = await runCli(['snapshot', 'staging'], {
    cwd: dir,
    env: { DB_PW: decodeURIComponent(new URL(url).password) },
  });
  expect([result.code, result.stderr]).toEqual([0, '']);
  const snapshot = JSON.parse(result.stdout) as {
    sources: { facts: { path: string; value: unknown }[] }[];
  };
  return (snapshot.sources[0]?.facts ?? [])
    .filter((f) => !/\.(column|constraint|index)\./.test(f.path))
    .map((f) => `${f.path} = ${String(f.value)}`)
    .sort();
}

describeWithPostgres('schema source against PostgreSQL', (pg: Pg) => {
  let urls = { staging: '', production: '' };
  beforeAll(async () => {
    const migrationsTable = `CREATE TABLE django_migrations (id serial PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied timestamptz NOT NULL)`;
    const plans = `CREATE TABLE core_subscriptionplan (id serial PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL CHECK (price_cents >= 0))`;
    urls = {
      production: await createDatabase(
        pg,
        `CREATE TABLE core_tenant (id bigserial PRIMARY KEY, slug varchar(64) NOT NULL UNIQUE, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE core_user (id bigserial PRIMARY KEY, email varchar(254) NOT NULL, tenant_id bigint REFERENCES core_tenant(id) ON DELETE CASCADE, nickname text COLLATE "POSIX");
CREATE INDEX core_user_email_idx ON core_user (email);
CREATE INDEX core_user_tenant_idx ON core_user (tenant_id);
${plans};
COMMENT ON TABLE core_subscriptionplan IS 'plans as sold';
INSERT INTO core_subscriptionplan (name, price_cents) VALUES ('Starter', 4900), ('Growth', 29900), ('Pro', 49900), ('Team', 79900), ('Enterprise', 99900);
SELECT setval('core_subscriptionplan_id_seq', 500);
${migrationsTable};
INSERT INTO django_migrations (app, name, applied) VALUES ${migrations(['0001_initial', '0002_plans', '0003_add_tenant'])};`,
        PASSWORD.production,
      ),
      staging: await createDatabase(
        pg,
        `CREATE TABLE core_user (id bigserial PRIMARY KEY, email varchar(254) NOT NULL, nickname text COLLATE "C");
${plans};
COMMENT ON TABLE core_subscriptionplan IS 'restored from production, 2026-06';
INSERT INTO core_subscriptionplan (name, price_cents) VALUES ('Starter', 4900), ('Growth', 19900), ('Pro', 49900);
CREATE TABLE legacy_import (id integer, payload text);
${migrationsTable};
INSERT INTO django_migrations (app, name, applied) VALUES ${migrations(['0001_initial', '0002_plans', '0004_staging_experiment'])};`,
        PASSWORD.staging,
      ),
    };
  });

  /** Each table's rows hashed by the server's administrator, per database. */
  const checksums = async () => {
    const { default: pgLib } = await import('pg');
    const sums: Record<string, Record<string, string>> = {};
    for (const url of Object.values(urls)) {
      const database = new URL(url).pathname.slice(1);
      const admin = new pgLib.Client({ host: pg.host, port: pg.port, user: pg.user, database });
      await admin.connect();
      const tables = await admin.query<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      );
      sums[database] = {};
      for (const { t } of tables.rows) {
        const sum = await admin.query<{ sum: string }>(
          `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${t}" x`,
        );
        sums[database][t] = sum.rows[0]?.sum ?? '';
      }
      await admin.end();
    }
    return sums;
  };

  it('finds the missing table, column and index, the abandoned table and the migrations behind and ahead; nothing else', async () => {
    await expectStory(urls, checksums);
  });

  it("reads every migration tool's own table, and leaves those tables out of table.*", async () => {
    const url = await createDatabase(pg, `${toolTables('postgres').join(';\n')};`, 'tools-pw');
    expect(await snapshotFacts(url)).toEqual(TOOL_FACTS);
  });
});

describeWithMariadb('schema source against MariaDB', (db: Mariadb) => {
  let urls = { staging: '', production: '' };
  let names = { staging: '', production: '' };
  beforeAll(async () => {
    const migrationsTable = `CREATE TABLE django_migrations (id int AUTO_INCREMENT PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime(6) NOT NULL)`;
    const production = await createMariadbDatabase(
      db,
      [
        `CREATE TABLE core_tenant (id bigint AUTO_INCREMENT PRIMARY KEY, slug varchar(64) NOT NULL, name varchar(200) NOT NULL, created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY core_tenant_slug_key (slug)) CHARSET utf8mb3 COLLATE utf8mb3_general_ci COMMENT 'tenants'`,
        `CREATE TABLE core_user (id bigint AUTO_INCREMENT PRIMARY KEY, email varchar(254) NOT NULL, tenant_id bigint, nickname varchar(40), KEY core_user_email_idx (email), CONSTRAINT core_user_tenant_fk FOREIGN KEY (tenant_id) REFERENCES core_tenant (id) ON DELETE CASCADE) CHARSET utf8 COLLATE utf8_general_ci`,
        `CREATE TABLE core_subscriptionplan (id int(11) AUTO_INCREMENT PRIMARY KEY, name varchar(40) NOT NULL, price_cents int NOT NULL CHECK (price_cents >= 0)) AUTO_INCREMENT=500 COMMENT 'plans as sold'`,
        `INSERT INTO core_subscriptionplan (name, price_cents) VALUES ('Starter', 4900), ('Growth', 29900), ('Pro', 49900), ('Team', 79900), ('Enterprise', 99900)`,
        migrationsTable,
        `INSERT INTO django_migrations (app, name, applied) VALUES ${migrations(['0001_initial', '0002_plans', '0003_add_tenant'])}`,
      ],
      PASSWORD.production,
    );
    const staging = await createMariadbDatabase(
      db,
      [
        `CREATE TABLE core_user (id bigint(20) AUTO_INCREMENT PRIMARY KEY, email varchar(254) NOT NULL, nickname varchar(40)) CHARSET utf8mb3 COLLATE utf8mb3_general_ci`,
        `CREATE TABLE core_subscriptionplan (id int AUTO_INCREMENT PRIMARY KEY, name varchar(40) NOT NULL, price_cents int(11) NOT NULL CHECK (price_cents >= 0)) COMMENT 'restored from production, 2026-06'`,
        `INSERT INTO core_subscriptionplan (name, price_cents) VALUES ('Starter', 4900), ('Growth', 19900), ('Pro', 49900)`,
        `CREATE TABLE legacy_import (id int, payload text)`,
        migrationsTable,
        `INSERT INTO django_migrations (app, name, applied) VALUES ${migrations(['0001_initial', '0002_plans', '0004_staging_experiment'])}`,
      ],
      PASSWORD.staging,
    );
    urls = { staging: staging.readOnlyUrl, production: production.readOnlyUrl };
    names = { staging: staging.name, production: production.name };
  });

  /** CHECKSUM TABLE of every table, by the administrator. */
  const checksums = async () => {
    const sums: Record<string, unknown> = {};
    for (const name of Object.values(names)) {
      const tables = (await adminQuery(db, [
        `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${name}' ORDER BY 1`,
      ])) as { t: string }[];
      sums[name] = await adminQuery(db, [
        `CHECKSUM TABLE ${tables.map(({ t }) => `${name}.${t}`).join(', ')}`,
      ]);
    }
    return sums;
  };

  it('finds the same story with a read-only user, MariaDB spelling and all', async () => {
    await expectStory(urls, checksums);
  });

  it("reads every migration tool's own table, and leaves those tables out of table.*", async () => {
    const tools = await createMariadbDatabase(db, toolTables('mysql'), 'tools-pw');
    expect(await snapshotFacts(tools.readOnlyUrl)).toEqual(TOOL_FACTS);
  });
});
