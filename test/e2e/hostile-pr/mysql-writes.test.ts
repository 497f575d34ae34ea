/**
 * Hostile queries against a real MariaDB, with a user that has every privilege on its database
 * (the worst case: the database would let it write). The assertions read the database
 * afterwards, from outside parity: the tables' checksums and list as they were.
 */
import { beforeAll, expect, it } from 'vitest';
import { adminQuery, createMariadbDatabase, describeWithMariadb } from '../../support/mariadb.js';
import type { Mariadb } from '../../support/mariadb.js';
import { pullRequestProbe } from './helpers.js';

const PASSWORD = 'hostile-canary-my-owner-9';

async function state(db: Mariadb, name: string): Promise<string> {
  const tables = (await adminQuery(db, [
    `SELECT GROUP_CONCAT(table_name ORDER BY table_name) AS t FROM information_schema.tables WHERE table_schema = '${name}'`,
  ])) as { t: string | null }[];
  const sums = (await adminQuery(db, [`CHECKSUM TABLE ${name}.plans, ${name}.audit`])) as {
    Table: string;
    Checksum: number | string | null;
  }[];
  return `${tables[0]?.t ?? ''} | ${sums.map((s) => `${s.Table}=${String(s.Checksum)}`).join(',')}`;
}

describeWithMariadb('hostile pull request: sql writes over mysql:// (real MariaDB)', (db) => {
  let url = '';
  let name = '';
  let before = '';
  beforeAll(async () => {
    const created = await createMariadbDatabase(
      db,
      [
        'CREATE TABLE plans (name varchar(40) PRIMARY KEY, price_cents int NOT NULL)',
        "INSERT INTO plans VALUES ('Growth', 29900), ('Pro', 49900)",
        'CREATE TABLE audit (name varchar(40) PRIMARY KEY)',
        "INSERT INTO audit VALUES ('seed')",
        'CREATE PROCEDURE wipe() BEGIN DELETE FROM plans; SELECT 1 AS name; END',
        'CREATE PROCEDURE commit_then_wipe() BEGIN COMMIT; DELETE FROM plans; CREATE TABLE pwned (x int); SELECT 1 AS name; END',
      ],
      PASSWORD,
    );
    url = created.readWriteUrl;
    name = created.name;
    before = await state(db, name);
    expect(before).toMatch(/^audit,plans \| .*plans=\d+/);
  });

  const run = async (query: string) => {
    const { result, error } = await pullRequestProbe(url, db.host, query, PASSWORD);
    return { result, error };
  };

  const READ_ONLY =
    /^query failed on 127\.0\.0\.1:\d+: 1792 ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION \(SQLSTATE 25006\)$/;
  it.each([
    ['a DELETE', 'DELETE FROM plans', READ_ONLY],
    [
      'stacked statements',
      'SELECT 1 AS name; DELETE FROM plans',
      /: 1064 ER_PARSE_ERROR \(SQLSTATE 42000\)$/,
    ],
    [
      'stacked statements after a COMMIT',
      'COMMIT; DELETE FROM plans; CREATE TABLE pwned (x int)',
      /: 1064 ER_PARSE_ERROR/,
    ],
    ['an INSERT … SELECT', 'INSERT INTO audit SELECT name FROM plans', READ_ONLY],
    ['a locking read', 'SELECT name FROM plans FOR UPDATE', READ_ONLY],
    ['DDL (which commits implicitly first)', 'CREATE TABLE pwned (x int)', READ_ONLY],
    ['a stored procedure that writes', 'CALL wipe()', READ_ONLY],
    ['a stored procedure that commits, then writes', 'CALL commit_then_wipe()', READ_ONLY],
  ])('%s: refused by the server, the tables unchanged', async (_name, query, expected) => {
    const { result, error } = await run(query);
    expect(result.code).toBe(2);
    expect(error).toMatch(expected);
    expect(await state(db, name)).toBe(before);
  });

  it('an ordinary query still reads', async () => {
    const { result } = await run('SELECT name, price_cents FROM plans ORDER BY name');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"plans:rows.Growth.price_cents"');
  });
});
