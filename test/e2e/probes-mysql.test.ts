/**
 * The `sql` probe over MySQL's protocol against a real MariaDB (SPEC §12): the stale plans story
 * with one database per environment on the one server, the password in no output, a statement
 * timeout that stops a long query, and a host outside the environment refused before connecting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { createMariadbDatabase, describeWithMariadb } from '../support/mariadb.js';
import { startListener } from './hostile-pr/helpers.js';
import { findingLines, repo, withPasswordFrom, writtenFiles } from './worlds/helpers.js';

const PASSWORD = { staging: 'my-canary-stg-K4p8', production: 'my-canary-prd-V2m6' };
const plans = (rows: [string, number, string][]): string[] => [
  `CREATE TABLE core_subscriptionplan (name varchar(40) PRIMARY KEY, price_cents bigint NOT NULL, stripe_price_id varchar(40), updated_at datetime DEFAULT '2026-01-01 00:00:00')`,
  `INSERT INTO core_subscriptionplan (name, price_cents, stripe_price_id) VALUES ${rows.map(([n, p, s]) => `('${n}', ${p}, '${s}')`).join(', ')}`,
];

describeWithMariadb('sql probe against MariaDB (mysql://)', (db) => {
  let urls = { staging: '', production: '' };
  beforeAll(async () => {
    const staging = await createMariadbDatabase(
      db,
      plans([
        ['Starter', 4900, 'price_s1'],
        ['Growth', 19900, 'price_s2'],
        ['Pro', 49900, 'price_s3'],
      ]),
      PASSWORD.staging,
    );
    const production = await createMariadbDatabase(
      db,
      plans([
        ['Starter', 4900, 'price_p1'],
        ['Growth', 29900, 'price_p2'],
        ['Pro', 49900, 'price_p3'],
        ['Enterprise', 99900, 'price_p4'],
      ]),
      PASSWORD.production,
    );
    urls = { staging: staging.readOnlyUrl, production: production.readOnlyUrl };
  });

  const passwords = () => ({
    MY_STAGING: decodeURIComponent(new URL(urls.staging).password),
    MY_PRODUCTION: decodeURIComponent(new URL(urls.production).password),
  });
  const config = (
    query = 'SELECT name, price_cents, stripe_price_id, updated_at FROM core_subscriptionplan ORDER BY name',
    { stagingUrl = urls.staging, timeoutMs = 10_000 } = {},
  ) => `version: 1
environments:
  staging:
    allowHosts: [127.0.0.1]
    sources: { plans: { connection: "${withPasswordFrom(stagingUrl, 'MY_STAGING')}" } }
  production:
    allowHosts: [127.0.0.1]
    sources: { plans: { connection: "${withPasswordFrom(urls.production, 'MY_PRODUCTION')}" } }
sources:
  plans:
    type: sql
    query: "${query}"
    key: name
    timeoutMs: ${timeoutMs}
compare:
  differ: ["plans:rows.*.stripe_price_id"]
`;

  it('reports every differing plan as stale-data; the password is in no output and no written file', async () => {
    const dir = repo({ 'parity.yaml': config() });
    const result = await runCli(
      ['diff', 'staging', 'production', '-f', 'json', '--sarif', 'out.sarif'],
      { cwd: dir, env: passwords() },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0); // stale-data is a warning
    const report = jsonReport(result);
    expect(findingLines(report.findings)).toEqual([
      'stale-data plans:rows.Enterprise staging,production',
      'stale-data plans:rows.Growth staging,production',
    ]);
    expect(report.findings.map((f) => f.message)).toEqual([
      'Enterprise: only in production',
      'Growth: price_cents 19900 → 29900',
    ]);
    const markdown = await runCli(
      ['diff', 'staging', 'production', '-f', 'markdown', '-o', 'r.md'],
      {
        cwd: dir,
        env: passwords(),
      },
    );
    const snapshot = await runCli(['snapshot', 'staging', '-o', 'staging.json'], {
      cwd: dir,
      env: passwords(),
    });
    expect([markdown.code, snapshot.code]).toEqual([0, 0]);
    // Rows mapped as PostgreSQL's are: bigint as a number, datetime as ISO.
    const snap = readFileSync(path.join(dir, 'staging.json'), 'utf8');
    expect(snap).toContain('"2026-01-01T00:00:00.000Z"');
    const output = [result, markdown, snapshot].map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of [...Object.values(passwords()), ...Object.values(PASSWORD)]) {
      expect(output).not.toContain(secret);
      expect(writtenFiles(dir)).not.toContain(secret);
    }
  });

  it('a long query is stopped by the statement timeout: source error, exit 2', async () => {
    const dir = repo({ 'parity.yaml': config('SELECT SLEEP(30) AS name', { timeoutMs: 1000 }) });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: passwords(),
    });
    expect(result.code).toBe(2);
    for (const source of jsonReport(result).sources)
      expect(source.error).toMatch(
        /^query failed on 127\.0\.0\.1:\d+: 1969 ER_STATEMENT_TIMEOUT \(SQLSTATE 70100\)$/,
      );
  });

  it('a server error shows the code only, never its text (which quotes the query)', async () => {
    const dir = repo({ 'parity.yaml': config('SELECT name FROM secret_table_canary') });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: passwords(),
    });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources[0]?.error).toMatch(
      /^query failed on 127\.0\.0\.1:\d+: 1146 ER_NO_SUCH_TABLE \(SQLSTATE 42S02\)$/,
    );
    expect(result.stdout + result.stderr).not.toContain('secret_table_canary');
  });

  it('a connection failure names the host and the code only', async () => {
    const wrong = new URL(urls.staging);
    wrong.password = 'wrong-canary-pw';
    for (const [url, expected] of [
      ['mysql://someone:x@127.0.0.1:1/db', 'cannot connect to MySQL at 127.0.0.1:1 (ECONNREFUSED)'],
      [
        wrong.href,
        `cannot connect to MySQL at 127.0.0.1:${db.port} (1045 ER_ACCESS_DENIED_ERROR (SQLSTATE 28000))`,
      ],
    ] as const) {
      const dir = repo({ 'parity.yaml': config(undefined, { stagingUrl: url }) });
      const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
        cwd: dir,
        env: { ...passwords(), MY_STAGING: 'my-canary-unreachable' },
      });
      expect(result.code).toBe(2);
      expect(jsonReport(result).sources.find((s) => s.environment === 'staging')?.error).toBe(
        expected,
      );
      expect(result.stdout + result.stderr).not.toContain('my-canary-unreachable');
      expect(result.stdout + result.stderr).not.toContain(new URL(urls.staging).username);
    }
  });

  it.each([
    [
      'a host the environment does not declare',
      'allowHosts: [127.0.0.1]',
      '',
      /^connection host 127\.0\.0\.2 is not among this environment's hosts, allowHosts or RDS endpoints \(declare it there\)$/,
    ],
    [
      'a session-altering URL parameter',
      'allowHosts: [127.0.0.2]',
      '?multipleStatements=true',
      /^connection parameter "multipleStatements" is not allowed \(it could redirect the connection or change the session\); only ssl-mode is$/,
    ],
    [
      'a redirecting URL parameter',
      'allowHosts: [127.0.0.2]',
      '?host=127.0.0.1',
      /^connection parameter "host" is not allowed/,
    ],
  ])(
    '%s is refused before connecting: the host receives nothing',
    async (_name, hosts, query, expected) => {
      const listener = await startListener('127.0.0.2');
      try {
        const dir = repo({
          'parity.yaml': `version: 1
environments: { staging: { ${hosts} } }
sources:
  plans:
    type: sql
    connection: "mariadb://reader:\${ENV:MY_PW}@127.0.0.2:${listener.port}/app${query}"
    query: SELECT 1 AS name
    key: name
`,
        });
        const result = await runCli(['check', 'staging', '-f', 'json'], {
          cwd: dir,
          env: { MY_PW: 'my-canary-listener-pw' },
        });
        expect(result.code).toBe(2);
        expect(jsonReport(result).sources[0]?.error).toMatch(expected);
        expect(listener.connections()).toBe(0);
        expect(result.stdout + result.stderr).not.toContain('my-canary-listener-pw');
      } finally {
        await listener.close();
      }
    },
  );
});
