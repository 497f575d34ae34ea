/**
 * SPEC §7 proven against real parts through a fault-injecting proxy: transient faults are
 * survived with the right findings, a permanently failing source fails closed (exit 2) while
 * every other source still reports, nothing hangs past parity's own timeout, no stack trace is
 * printed, and every AWS operation of every command is a Get/Describe/List/Head.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAppRunnerFake } from '../support/apprunner-fake.js';
import type { AppRunnerFake } from '../support/apprunner-fake.js';
import { jsonReport, runCli } from '../support/cli.js';
import type { FaultPlan, FaultProxy } from '../support/fault-proxy.js';
import { isReadOnly, startFaultProxy } from '../support/fault-proxy.js';
import {
  awsTestEnv,
  describeWithMoto,
  seedBucket,
  seedCloudFront,
  seedRds,
  seedSecret,
  seedSsm,
} from '../support/moto.js';
import { findingLines, repo } from './worlds/helpers.js';

const CANARIES = [
  'rel-canary-db-pw-5Tq9',
  'rel-canary-api-key-Wk27xPz',
  'rel-canary-shared-token-0Lm4',
];

describeWithMoto('reliability: faults, fail-closed, read-only', (endpoint) => {
  let dir = '';
  let fake: AppRunnerFake | undefined;
  const proxies: FaultProxy[] = [];
  let baseline: string[] = [];

  beforeAll(async () => {
    const app = `rel${randomUUID().slice(0, 6)}`;
    await seedSsm(endpoint, [
      ...Array.from({ length: 14 }, (_, i) => ({ name: `/${app}/staging/P${i}`, value: `v${i}` })),
      ...Array.from({ length: 15 }, (_, i) => ({
        name: `/${app}/production/P${i}`,
        value: `v${i}`,
      })),
      { name: `/${app}/staging/DB_PASSWORD`, value: CANARIES[0] ?? '', type: 'SecureString' },
      {
        name: `/${app}/production/DB_PASSWORD`,
        value: `${CANARIES[0] ?? ''}-prd`,
        type: 'SecureString',
      },
      { name: `/${app}/staging/CALLBACK`, value: 'http://localhost:8000/cb' },
      { name: `/${app}/production/CALLBACK`, value: `https://api.${app}.io/cb` },
    ]);
    await seedSecret(
      endpoint,
      `${app}/staging/api`,
      JSON.stringify({ key: CANARIES[1], token: CANARIES[2] }),
    );
    await seedSecret(
      endpoint,
      `${app}/production/api`,
      JSON.stringify({ key: `${CANARIES[1] ?? ''}-prd`, token: CANARIES[2], extra: 'x' }),
    );
    for (const env of ['staging', 'production']) {
      await seedBucket(endpoint, `${app}-${env}`, [
        {
          key: 'index.html',
          body: `<a href="https://${env === 'staging' ? 'staging.' : ''}${app}.io/">home</a>`,
          contentType: 'text/html',
        },
        {
          key: 'app.js',
          body: `fetch("https://api${env === 'staging' ? '-staging' : ''}.${app}.io")`,
        },
      ]);
      await seedRds(endpoint, {
        id: `${app}-${env}-db`,
        engine: 'postgres',
        version: env === 'staging' ? '15.4' : '16.2',
        instanceClass: 'db.t3.micro',
      });
    }
    const stgDist = await seedCloudFront(endpoint, {
      aliases: [`staging.${app}.io`],
      originId: `${app}-staging`,
      originDomain: `${app}-staging.s3.amazonaws.com`,
    });
    const prdDist = await seedCloudFront(endpoint, {
      aliases: [`${app}.io`],
      originId: `${app}-production`,
      originDomain: `${app}-production.s3.amazonaws.com`,
    });
    fake = await startAppRunnerFake(
      ['staging', 'production'].map((env) => ({
        ServiceName: `${app}-${env}`,
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: `1.dkr.ecr.us-east-1.amazonaws.com/${app}:${env}`,
            ImageRepositoryType: 'ECR',
            ImageConfiguration: { Port: '8000' },
          },
        },
      })),
    );
    dir = repo({
      'parity.yaml': `version: 1
environments:
  staging: { hosts: { app: staging.${app}.io, api: api-staging.${app}.io }, vars: { dist: ${stgDist} } }
  production: { hosts: { app: ${app}.io, api: api.${app}.io }, vars: { dist: ${prdDist} } }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  secret: { type: secrets-manager, secret: "${app}/\${env}/api" }
  bundle: { type: s3-bundle, bucket: "${app}-\${env}" }
  db: { type: rds, instance: "${app}-\${env}-db" }
  web: { type: cloudfront, distribution: "\${vars.dist}" }
  api: { type: apprunner, service: "${app}-\${env}" }
compare:
  sharedSecretsAllowed: []
`,
    });
  });

  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await fake?.close();
  });

  async function run(
    args: readonly string[],
    plan: FaultPlan = {},
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    const aws = await startFaultProxy(endpoint, plan);
    const runner = await startFaultProxy(fake?.endpoint ?? '', plan);
    proxies.push(aws, runner);
    const env = {
      ...awsTestEnv(aws.endpoint),
      AWS_ENDPOINT_URL_APPRUNNER: runner.endpoint,
      PARITY_AWS_MAX_ATTEMPTS: '5',
      ...extraEnv,
    };
    const result = await runCli(args, { cwd: dir, env, timeoutMs: 60_000 });
    const output = result.stdout + result.stderr;
    expect(output, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
    for (const canary of CANARIES) expect(output).not.toContain(canary);
    return {
      result,
      operations: [...aws.operations, ...runner.operations],
      injected: {
        throttle: aws.injected.throttle + runner.injected.throttle,
        error500: aws.injected.error500 + runner.injected.error500,
        reset: aws.injected.reset + runner.injected.reset,
      },
    };
  }

  it('baseline: every AWS operation of diff, check and snapshot is read-only', async () => {
    const diff = await run(['diff', 'staging', 'production', '-f', 'json']);
    expect(diff.result.code).toBe(1);
    baseline = findingLines(jsonReport(diff.result).findings);
    expect(baseline).toEqual(
      expect.arrayContaining([
        'localhost-url params:CALLBACK staging',
        'missing-key params:P14 staging,production',
        'missing-key secret:extra staging,production',
        'shared-secret secret:token staging,production',
        'version-skew db:engineVersion staging,production',
      ]),
    );
    const check = await run(['check', 'production', '-f', 'json']);
    const snapshot = await run(['snapshot', 'staging']);
    expect(snapshot.result.code).toBe(0);
    const all = [...diff.operations, ...check.operations, ...snapshot.operations];
    const names = [...new Set(all.map((o) => `${o.service}:${o.operation}`))].sort();
    console.log(
      `[reliability] ${all.length} AWS operations observed across diff, check and snapshot: ${names.join(', ')}`,
    );
    expect(all.filter((o) => !isReadOnly(o))).toEqual([]);
    for (const service of ['ssm', 'secretsmanager', 's3', 'rds', 'cloudfront', 'apprunner']) {
      expect(
        names.some((n) => n.startsWith(`${service}:`)),
        service,
      ).toBe(true);
    }
  });

  it('survives 20 % transient faults (throttling, 500s, resets) with the same findings', async () => {
    const faulty = await run(['diff', 'staging', 'production', '-f', 'json'], {
      transientRate: 0.2,
      seed: 7,
    });
    const injected = faulty.injected.throttle + faulty.injected.error500 + faulty.injected.reset;
    console.log(
      `[reliability] 20% transient faults: ${injected} injected (${faulty.injected.throttle} throttles, ${faulty.injected.error500} 500s, ${faulty.injected.reset} resets) over ${faulty.operations.length} requests; survived: ${faulty.result.code === 1}`,
    );
    expect(injected).toBeGreaterThan(3);
    expect(faulty.result.code).toBe(1);
    expect(findingLines(jsonReport(faulty.result).findings)).toEqual(baseline);
  });

  it('a permanently denied service fails closed: source-error, exit 2 even with --fail-on never, the rest reported', async () => {
    const denied = await run(
      ['diff', 'staging', 'production', '-f', 'json', '--fail-on', 'never'],
      { deny: ['ssm'] },
    );
    expect(denied.result.code).toBe(2);
    const report = jsonReport(denied.result);
    const lines = findingLines(report.findings);
    expect(lines).toEqual(
      expect.arrayContaining(['source-error params production', 'source-error params staging']),
    );
    // Every other source still reports its findings.
    expect(lines).toEqual(expect.arrayContaining(baseline.filter((l) => !l.includes(' params:'))));
    expect(report.sources.find((s) => s.name === 'params')?.error).toMatch(
      /^access denied reading SSM parameters under \/.+\/ \(AccessDeniedException\)$/,
    );
  });

  it('a service slower than the timeout never hangs the audit: source-error, exit 2', async () => {
    const started = Date.now();
    const slow = await run(
      ['diff', 'staging', 'production', '-f', 'json'],
      { slow: ['secretsmanager'], slowMs: 20_000 },
      { PARITY_AWS_TIMEOUT_MS: '400', PARITY_AWS_MAX_ATTEMPTS: '2' },
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `[reliability] secrets-manager 20 s slower than a 0.4 s timeout: audit ended in ${seconds.toFixed(1)} s with exit ${String(slow.result.code)}`,
    );
    expect(slow.result.code).toBe(2);
    const report = jsonReport(slow.result);
    expect(report.sources.filter((s) => s.status === 'error').map((s) => s.name)).toEqual([
      'secret',
      'secret',
    ]);
    expect(report.sources.find((s) => s.name === 'secret')?.error).toMatch(
      /did not answer in time|timed out|timeout/i,
    );
  });
});
