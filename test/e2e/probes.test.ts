/**
 * Data probes end to end: the stale subscription plans story against a real PostgreSQL (one
 * database per environment), a write refused by the database's read-only transaction, and an
 * http probe that may only reach the environment's own hosts.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { createDatabase, describeWithPostgres } from '../support/postgres.js';
import { findingLines, repo, withPasswordFrom } from './worlds/helpers.js';

const PASSWORDS = { staging: 'pg-canary-stg-Q7w3', production: 'pg-canary-prd-R9x4' };
const table = (
  rows: [string, number, string][],
) => `CREATE TABLE core_subscriptionplan (name text PRIMARY KEY, price_cents bigint NOT NULL, stripe_price_id text, updated_at timestamptz DEFAULT '2026-01-01T00:00:00Z');
INSERT INTO core_subscriptionplan (name, price_cents, stripe_price_id) VALUES ${rows.map(([n, p, s]) => `('${n}', ${p}, '${s}')`).join(', ')};`;

describeWithPostgres('sql probe against PostgreSQL', (pg) => {
  let urls: { staging: string; production: string } = { staging: '', production: '' };
  beforeAll(async () => {
    urls = {
      staging: await createDatabase(
        pg,
        table([
          ['Starter', 4900, 'price_s1'],
          ['Growth', 19900, 'price_s2'],
          ['Pro', 49900, 'price_s3'],
        ]),
        PASSWORDS.staging,
      ),
      production: await createDatabase(
        pg,
        table([
          ['Starter', 4900, 'price_p1'],
          ['Growth', 29900, 'price_p2'],
          ['Pro', 49900, 'price_p3'],
          ['Enterprise', 99900, 'price_p4'],
        ]),
        PASSWORDS.production,
      ),
    };
  });

  const config = (
    query = 'SELECT name, price_cents, stripe_price_id FROM core_subscriptionplan ORDER BY name',
    stagingUrl = urls.staging,
  ) => `version: 1
environments:
  staging:
    allowHosts: [127.0.0.1]
    sources: { plans: { connection: "${withPasswordFrom(stagingUrl, 'PG_STAGING')}" } }
  production:
    allowHosts: [127.0.0.1]
    sources: { plans: { connection: "${withPasswordFrom(urls.production, 'PG_PRODUCTION')}" } }
sources:
  plans:
    type: sql
    query: "${query}"
    key: name
compare:
  differ: ["plans:rows.*.stripe_price_id"]
`;
  const passwords = { PG_STAGING: PASSWORDS.staging, PG_PRODUCTION: PASSWORDS.production };

  it('reports every differing plan as stale-data, nothing for price ids, never the connection string', async () => {
    const dir = repo({ 'parity.yaml': config() });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: passwords,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0); // stale-data is a warning
    const report = jsonReport(result);
    expect(findingLines(report.findings)).toEqual(
      [
        'missing-key plans:rowCount staging,production',
        'stale-data plans:rows.Enterprise staging,production',
        'stale-data plans:rows.Growth staging,production',
      ].filter((l) => !l.startsWith('missing-key')),
    );
    const messages = report.findings.filter((f) => f.rule === 'stale-data').map((f) => f.message);
    expect(messages).toEqual([
      'Enterprise: only in production',
      'Growth: price_cents 19900 → 29900',
    ]);
    const output = result.stdout + result.stderr;
    for (const secret of [...Object.values(PASSWORDS), urls.staging, urls.production])
      expect(output).not.toContain(secret);
  });

  it('takes the connection from another source of the same environment', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments: { staging: { allowHosts: [127.0.0.1] }, production: { allowHosts: [127.0.0.1] } }
sources:
  env: { type: dotenv, file: ".env.\${env}" }
  plans: { type: sql, connection: "\${env:DATABASE_URL}", query: "SELECT name, price_cents FROM core_subscriptionplan", key: name }
`,
      '.env.staging': `DATABASE_URL=${urls.staging}\n`,
      '.env.production': `DATABASE_URL=${urls.production}\n`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(
      jsonReport(result)
        .findings.filter((f) => f.rule === 'stale-data')
        .map((f) => f.key),
    ).toEqual(['plans:rows.Enterprise', 'plans:rows.Growth']);
    for (const secret of Object.values(PASSWORDS))
      expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('a write is refused by the database (read-only transaction), not by string matching', async () => {
    const dir = repo({
      'parity.yaml': config(
        'UPDATE core_subscriptionplan SET price_cents = 1 RETURNING name, price_cents',
      ),
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: passwords,
    });
    expect(result.code).toBe(2);
    const errors = jsonReport(result).sources.map((s) => s.error);
    expect(errors[0]).toMatch(
      /^query failed on 127\.0\.0\.1:\d+: 25006 read_only_sql_transaction$/,
    );
    // And nothing was written.
    const check = await runCli(['check', 'staging', '-f', 'json', '-v'], {
      cwd: repo({ 'parity.yaml': config() }),
      env: passwords,
    });
    expect(check.stdout).toContain('"plans:rows.Growth.price_cents"');
    expect(check.stdout).toContain('"staging": "19900"');
  });

  it('a connection failure names the host only', async () => {
    const bad = 'postgresql://someone:x@127.0.0.1:1/db';
    const dir = repo({ 'parity.yaml': config(undefined, bad) });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: { ...passwords, PG_STAGING: 'pg-canary-unreachable' },
    });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources.find((s) => s.environment === 'staging')?.error).toBe(
      'cannot connect to PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)',
    );
    expect(result.stdout).not.toContain('pg-canary-unreachable');
  });
});

describe('http probe', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const env = req.url?.startsWith('/staging') ? 'staging' : 'production';
      if (req.url?.endsWith('/redirect')) {
        res.writeHead(302, { location: 'http://example.org/' });
        res.end();
        return;
      }
      if (req.headers.authorization !== 'Bearer http-canary-token') {
        res.writeHead(401);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          data: {
            plans:
              env === 'staging'
                ? [{ id: 'growth', price: 199 }]
                : [
                    { id: 'growth', price: 299 },
                    { id: 'pro', price: 499 },
                  ],
          },
          version: '1.2.3',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = (url: string, extra = '') => `version: 1
environments:
  staging: { hosts: { api: 127.0.0.1 } }
  production: { hosts: { api: 127.0.0.1 } }
sources:
  plans:
    type: http
    url: "${url}"
    headers: { Authorization: "\${ENV:API_AUTH}" }
    select: data.plans
    key: id
${extra}`;

  it('reads rows from a JSON endpoint on a declared host, with a secret header', async () => {
    const dir = repo({ 'parity.yaml': config(`http://127.0.0.1:${port}/\${env}/plans`) });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: { API_AUTH: 'Bearer http-canary-token' },
    });
    const report = jsonReport(result);
    expect(report.findings.filter((f) => f.rule === 'stale-data').map((f) => f.message)).toEqual([
      'growth: price 199 → 299',
      'pro: only in production',
    ]);
    expect(result.stdout + result.stderr).not.toContain('http-canary-token');
  });

  it.each([
    [
      'a host outside hosts',
      'http://localhost:${port}/x',
      /^http probe host localhost is not among this environment's hosts or allowHosts$/,
    ],
    [
      'a redirect',
      'http://127.0.0.1:${port}/staging/redirect',
      /redirected \(HTTP 302\); http probes do not follow redirects$/,
    ],
    ['an error status', 'http://127.0.0.1:${port}/nope/plans', /HTTP 401$/],
  ])('refuses %s: source-error, exit 2', async (_name, url, expected) => {
    const dir = repo({ 'parity.yaml': config(url.replace('${port}', String(port))) });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: { API_AUTH: url.includes('nope') ? 'wrong' : 'Bearer http-canary-token' },
    });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources[0]?.error).toMatch(expected);
  });

  it('refuses ${ENV:…} in a URL: the host cannot come from the environment', async () => {
    const dir = repo({ 'parity.yaml': config('http://${ENV:EVIL_HOST}/x') });
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { EVIL_HOST: 'attacker.example', API_AUTH: 'Bearer http-canary-token' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /sources\.plans\.url: \$\{ENV:EVIL_HOST\} is only allowed as the whole password of a database connection URL \(sql, schema\) or the whole value of an http header/,
    );
  });
});
