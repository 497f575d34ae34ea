/**
 * The `sql` source without a server: rows from a JSON file, the row facts and their kinds, and
 * what it refuses before connecting. Queries against a real PostgreSQL are in test/e2e.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mysqlErrorCode } from '../../../src/sources/database/mysql.js';
import { rowFacts, sqlSource, toScalar } from '../../../src/sources/sql.js';
import { exportContext, values } from '../../support/source-context.js';

describe('sql', () => {
  it('reads rows keyed by a column into rows.<key>.<column>, rowCount and empty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-sql-'));
    writeFileSync(
      path.join(dir, 'plans.json'),
      JSON.stringify([
        { name: 'Starter', price_cents: '4900', active: true },
        { name: 'Growth', price_cents: 29900, active: false },
      ]),
    );
    const opts = sqlSource.options.parse({ type: 'sql', file: 'plans.json', key: 'name' });
    const { facts } = await sqlSource.load(opts, exportContext(dir));
    expect(values(facts)).toEqual({
      'rows.Starter.price_cents': 4900,
      'rows.Starter.active': true,
      'rows.Growth.price_cents': 29900,
      'rows.Growth.active': false,
      rowCount: 2,
      empty: false,
    });
  });

  it('refuses duplicate and missing keys with one line each', () => {
    expect(() => rowFacts([{ id: 1 }, { id: 1 }], ['id'], {})).toThrow(
      'two rows share the key "1" (choose a unique key)',
    );
    expect(() => rowFacts([{ other: 1 }], ['id'], {})).toThrow('a row has no key column id');
  });

  it('keeps numbers as numbers and large integers exact', () => {
    expect([toScalar('12.50'), toScalar('9007199254740993'), toScalar(7n), toScalar(null)]).toEqual(
      [12.5, '9007199254740993', 7, null],
    );
  });

  it('refuses a host the environment does not declare before connecting', async () => {
    const opts = sqlSource.options.parse({
      type: 'sql',
      connection: 'postgres://reader@db.elsewhere.example:5432/app',
      query: 'select 1 as id',
      key: 'id',
    });
    await expect(sqlSource.load(opts, exportContext())).rejects.toThrow(/db\.elsewhere\.example/);
  });

  it('caps the statement timeout at 60 s in the schema', () => {
    expect(
      sqlSource.options.safeParse({ type: 'sql', file: 'x.json', key: 'id', timeoutMs: 600_000 })
        .success,
    ).toBe(false);
  });

  describe('MySQL / MariaDB URLs', () => {
    const load = (connection: string) => {
      const opts = sqlSource.options.parse({
        type: 'sql',
        connection,
        query: 'select 1 as id',
        key: 'id',
      });
      const ctx = {
        ...exportContext(),
        probeHosts: () => Promise.resolve(new Set(['db.example.com'])),
      };
      return sqlSource.load(opts, ctx);
    };

    it.each([
      [
        'mysql://reader:pw@db.elsewhere.example/app',
        /^connection host db\.elsewhere\.example is not among/,
      ],
      [
        'mariadb://reader:pw@db.elsewhere.example:3307/app',
        /^connection host db\.elsewhere\.example is not among/,
      ],
      [
        'mysql://reader:pw@db.example.com/app?multipleStatements=true',
        'connection parameter "multipleStatements" is not allowed (it could redirect the connection or change the session); only ssl-mode is',
      ],
      [
        'mysql://reader:pw@db.example.com/app?sslmode=require',
        /"sslmode" is not allowed.*only ssl-mode is$/,
      ],
      ['mysql://reader:pw@db.example.com/app?ssl-mode=SOMETIMES', /"ssl-mode" is not allowed/],
      [
        'mysql://reader:pw@db.example.com/app?ssl-mode=REQUIRED&localAddress=10.0.0.1',
        /"localAddress" is not allowed/,
      ],
      [
        'postgres://reader:pw@db.example.com/app?ssl-mode=REQUIRED',
        /"ssl-mode" is not allowed.*only sslmode is$/,
      ],
      [
        'mssql://reader:pw@db.example.com/app',
        'connection scheme mssql is not supported (postgres://…, mysql://…, mariadb://…)',
      ],
    ])('refuses %s before connecting, without quoting the URL', async (connection, expected) => {
      const error = await load(connection).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).not.toContain('pw@');
    });

    it('names MySQL errors by number, name and SQLSTATE only', () => {
      expect(
        mysqlErrorCode({
          errno: 1792,
          code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION',
          sqlState: '25006',
          message: 'row value canary',
        }),
      ).toBe('1792 ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION (SQLSTATE 25006)');
      expect(mysqlErrorCode({ errno: 1969, sqlState: '70100' })).toBe(
        '1969 ER_STATEMENT_TIMEOUT (SQLSTATE 70100)',
      );
      expect(mysqlErrorCode({ errno: -111, code: 'ECONNREFUSED' })).toBe('ECONNREFUSED');
      expect(mysqlErrorCode({ code: 'a message with spaces' })).toBe('error');
      expect(mysqlErrorCode(new Error('text'))).toBe('error');
    });
  });
});
