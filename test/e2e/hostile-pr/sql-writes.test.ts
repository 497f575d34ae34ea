/**
 * Hostile queries against a real PostgreSQL, with a role that owns its database (the worst case:
 * the database would let it write). The assertions read the database afterwards, from outside
 * parity: every row and table as it was.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDatabase, describeWithPostgres } from '../../support/postgres.js';
import { pullRequestProbe } from './helpers.js';

const PASSWORD = 'hostile-canary-pg-owner-7';
const HASH = 'pbkdf2_sha256$600000$hostileCanarySalt$hostileCanaryHash8=';

async function state(url: string): Promise<string> {
  const { default: pgLib } = await import('pg');
  const db = new pgLib.Client({ connectionString: url });
  await db.connect();
  const tables = await db.query<{ t: string }>(
    "SELECT string_agg(tablename, ',' ORDER BY tablename) AS t FROM pg_tables WHERE schemaname = 'public'",
  );
  const plans = await db.query<{ p: string }>(
    "SELECT string_agg(name || '=' || price_cents, ',' ORDER BY name) AS p FROM plans",
  );
  await db.end();
  return `${tables.rows[0]?.t ?? ''} | ${plans.rows[0]?.p ?? ''}`;
}

describeWithPostgres('hostile pull request: sql writes and leaks (real PostgreSQL)', (pg) => {
  let url = '';
  let before = '';
  beforeAll(async () => {
    url = await createDatabase(
      pg,
      `CREATE TABLE plans (name text PRIMARY KEY, price_cents int NOT NULL);
       INSERT INTO plans VALUES ('Growth', 29900), ('Pro', 49900);
       CREATE TABLE auth_user (name text PRIMARY KEY, password text NOT NULL);
       INSERT INTO auth_user VALUES ('admin', '${HASH}');`,
      PASSWORD,
    );
    before = await state(url);
  });

  const run = async (query: string) => {
    const { result, output, error } = await pullRequestProbe(url, pg.host, query, PASSWORD);
    expect(output).not.toContain('hostileCanaryHash8');
    return { result, error };
  };

  it.each([
    [
      'stacked statements after a COMMIT',
      'SELECT 1 AS name; COMMIT; DELETE FROM plans; CREATE TABLE pwned (x int)',
    ],
    ['a writable CTE', 'WITH gone AS (DELETE FROM plans RETURNING name) SELECT name FROM gone'],
    ['an anonymous code block', 'DO $$BEGIN DELETE FROM plans; CREATE TABLE pwned (x int); END$$'],
    ['a read-write transaction first', 'SET TRANSACTION READ WRITE; DELETE FROM plans'],
    [
      'a function that writes',
      "SELECT set_config('default_transaction_read_only', 'off', false) AS name; DROP TABLE plans",
    ],
  ])('%s: refused, the database unchanged', async (_name, query) => {
    const { result } = await run(query);
    expect(result.code).toBe(2);
    expect(await state(url)).toBe(before);
  });

  it('a CAST error that would quote a password hash: only the SQLSTATE is shown', async () => {
    const { result, error } = await run('SELECT name, CAST(password AS int) AS n FROM auth_user');
    expect(result.code).toBe(2);
    expect(error).toMatch(/^query failed on 127\.0\.0\.1:\d+: 22P02 invalid_text_representation$/);
  });

  it('a column alias that passes a password hash off as a plan price: read, never displayed', async () => {
    const { result } = await run('SELECT name, password AS price_cents FROM auth_user');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"plans:rows.admin.price_cents"');
    expect(result.stdout).toContain('<redacted>');
  });

  it('an ordinary query still reads', async () => {
    const { result } = await run('SELECT name, price_cents FROM plans ORDER BY name');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"plans:rows.Growth.price_cents"');
  });
});
