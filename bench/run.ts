/**
 * parity's benchmark (`npm run bench`): moto_server and an App Runner fake behind a proxy that
 * adds a round-trip time to every request, a seeded two-environment world, and ratios measured
 * in one run — parity against the round-trip lower bound, against the same data fetched by the
 * AWS CLI one command after another, `--version` against `node -e 0`, bundle scanning against
 * ripgrep, peak memory on a large bundle, compare + rules on 10,000 keys a side, and a `schema`
 * source reading 200 tables × 20 columns from a local PostgreSQL and MariaDB.
 *
 *   npm run bench -- [--rtt 50] [--params 100,1000,5000] [--bundle-mb 5,50] [--rtt-sweep 100,200]
 *                    [--only world,ssm,version,bundle,compare,schema] [--quick]
 *
 * Figures are printed and written to bench/results.json. Not a test: nothing here asserts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../src/engine/audit.js';
import { nodeBundle } from '../scripts/bundle-options.mjs';
import { toFact } from '../src/snapshot/facts.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { startAppRunnerFake } from '../test/support/apprunner-fake.js';
import { startFaultProxy } from '../test/support/fault-proxy.js';
import type { FaultProxy } from '../test/support/fault-proxy.js';
import {
  seedBucket,
  seedCloudFront,
  seedEcs,
  seedRds,
  seedSecret,
  seedSsm,
} from '../test/support/moto.js';
import { startMotoServer } from '../test/support/moto-server.js';

// The SDK clients that seed moto warn about Node 20 on stderr; not part of the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/parity.js');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const quick = args.includes('--quick');
const SCENARIOS = ['world', 'ssm', 'version', 'bundle', 'compare', 'schema', 'log'];
const ONLY = arg('only', SCENARIOS.join(',')).split(',');
const RTT_SWEEP = arg('rtt-sweep', quick ? '' : '100,200')
  .split(',')
  .filter(Boolean)
  .map(Number);
const RTT = Number(arg('rtt', '50'));
const PARAMS = arg('params', quick ? '100' : '100,1000,5000')
  .split(',')
  .map(Number);
const BUNDLE_MB = arg('bundle-mb', quick ? '5' : '5,50')
  .split(',')
  .map(Number);

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  rttMs: RTT,
  machine: machine(),
};
const lines: string[] = [];
const say = (text: string): void => {
  lines.push(text);
  console.log(text);
};

function machine(): string {
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], {
    encoding: 'utf8',
  }).trim();
  return `${cpu}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, node ${process.version}`;
}

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
}

function timed(
  cmd: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, [...argv], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout }));
  });
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const ms = (x: number): string => `${Math.round(x)} ms`;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-bench-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const awsEnv = (endpoint: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  NO_COLOR: '1',
  ...extra,
});

async function main(): Promise<void> {
  say(`# parity benchmark — ${results.date as string}`);
  say(`machine: ${results.machine as string}; injected round trip ${RTT} ms per request`);
  const moto = await startMotoServer();
  const proxies: FaultProxy[] = [];
  const proxy = async (
    upstream: string,
    plan: Parameters<typeof startFaultProxy>[1] = {},
  ): Promise<FaultProxy> => {
    const p = await startFaultProxy(upstream, { latencyMs: RTT, ...plan });
    proxies.push(p);
    return p;
  };
  try {
    if (ONLY.includes('world')) await worldScenario(moto.endpoint, proxy);
    if (ONLY.includes('ssm')) for (const n of PARAMS) await ssmScenario(moto.endpoint, proxy, n);
    if (ONLY.includes('version')) await versionScenario();
    if (ONLY.includes('bundle')) for (const mb of BUNDLE_MB) await bundleScenario(mb);
    if (ONLY.includes('compare')) compareScenario(10_000);
    if (ONLY.includes('schema')) await schemaScenario(200, 20);
    if (ONLY.includes('log')) await logScenario(200, 1000);
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    moto.process.kill('SIGTERM');
  }
  const out = path.join(
    ROOT,
    ONLY.length < SCENARIOS.length ? 'bench/results.partial.json' : 'bench/results.json',
  );
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nfigures written to ${path.relative(ROOT, out)}`);
}

/** A whole seed world with every source type, a few dozen parameters. */
async function worldScenario(
  moto: string,
  proxy: (u: string, p?: Parameters<typeof startFaultProxy>[1]) => Promise<FaultProxy>,
): Promise<void> {
  const app = `bw${Date.now().toString(36)}`;
  const acct = '123456789012';
  // dev is read only by the several-environments measure (SPEC §13).
  const ENVS = ['staging', 'production', 'dev'];
  for (const env of ENVS) {
    await seedSsm(
      moto,
      Array.from({ length: 30 }, (_, i) => ({
        name: `/${app}/${env}/P${String(i).padStart(2, '0')}`,
        value: `https://${env}.${app}.io/${i}`,
      })),
    );
    await seedSecret(
      moto,
      `${app}/${env}/config`,
      JSON.stringify({ username: 'app', password: `pw-${env}-123456`, host: `db-${env}` }),
    );
    await seedEcs(moto, `${app}-${env}`, `${app}-${env}-svc`, `${app}-${env}-task`, [
      {
        name: `web-${env}`,
        image: `${acct}.dkr.ecr.us-east-1.amazonaws.com/${app}:v1`,
        environment: { MODE: env },
      },
    ]);
    await seedRds(moto, {
      id: `${app}-${env}-db`,
      engine: 'postgres',
      version: '15.4',
      instanceClass: 'db.t3.micro',
    });
    await seedBucket(moto, `${app}-${env}`, [
      { key: 'index.html', body: `<script src="/app.js"></script>`, contentType: 'text/html' },
      { key: 'app.js', body: `fetch("https://api.${env}.${app}.io")`.repeat(200) },
    ]);
  }
  const dists = await Promise.all(
    ENVS.map((env) =>
      seedCloudFront(moto, {
        aliases: [`${env}.${app}.io`],
        originId: `o-${env}`,
        originDomain: `${app}-${env}.s3.amazonaws.com`,
      }),
    ),
  );
  const fake = await startAppRunnerFake(
    ENVS.map((env) => ({
      ServiceName: `${app}-${env}`,
      SourceConfiguration: {
        ImageRepository: {
          ImageIdentifier: `${acct}.dkr.ecr.us-east-1.amazonaws.com/${app}:${env}`,
          ImageRepositoryType: 'ECR',
          ImageConfiguration: {
            Port: '8000',
            RuntimeEnvironmentSecrets: {
              DB: `arn:aws:ssm:us-east-1:${acct}:parameter/${app}/${env}/P00`,
            },
          },
        },
      },
    })),
  );
  const config = `version: 1
environments:
  staging: { vars: { dist: ${dists[0] ?? ''} } }
  production: { vars: { dist: ${dists[1] ?? ''} } }
  dev: { vars: { dist: ${dists[2] ?? ''} } }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  secret: { type: secrets-manager, secret: "${app}/\${env}/config" }
  api: { type: apprunner, service: "${app}-\${env}" }
  task: { type: ecs, cluster: "${app}-\${env}", service: "${app}-\${env}-svc" }
  web: { type: cloudfront, distribution: "\${vars.dist}" }
  bundle: { type: s3-bundle, bucket: "${app}-\${env}" }
  db: { type: rds, instance: "${app}-\${env}-db" }
`;
  const dir = repo({ 'parity.yaml': config });
  const floor = await floorProgram();
  const paths = ['staging', 'production'].map((e) => `/${app}/${e}/`);
  const diff = [BIN, 'diff', 'staging', 'production', '-q'];

  // parity's fixed cost: the same diff against the endpoints with no added latency.
  const direct = awsEnv(moto, { AWS_ENDPOINT_URL_APPRUNNER: fake.endpoint });
  await timed(process.execPath, diff, direct, dir); // warms the file cache
  const fixedRuns: number[] = [];
  for (let i = 0; i < 5; i++) fixedRuns.push((await timed(process.execPath, diff, direct, dir)).ms);
  const fixed = median(fixedRuns);

  // Longest chain of requests that must follow each other: SSM's DescribeParameters pages at
  // 10 on moto (30 parameters → 3 pages and the empty last page moto adds: 4 in a row; each
  // page's GetParameters overlaps the next page). App Runner ListServices → DescribeService →
  // the reference's GetParameters is 3; ECS DescribeServices → DescribeTaskDefinition 2.
  const chain = Math.max(4, 3, 2, 1);
  const measure = async (rtt: number, runs: number) => {
    const aws = await proxy(moto, { latencyMs: rtt });
    const runner = await proxy(fake.endpoint, { latencyMs: rtt });
    const env = awsEnv(aws.endpoint, { AWS_ENDPOINT_URL_APPRUNNER: runner.endpoint });
    await timed(process.execPath, diff, env, dir);
    const parityRuns: number[] = [];
    const floorRuns: number[] = [];
    // Interleaved, so that both see the same machine.
    const upstream = { parity: [] as number[], floor: [] as number[], parityRequests: 0 };
    const chainTimes = (from: number): number[] =>
      aws.served
        .slice(from)
        .filter((o) => o.operation === 'DescribeParameters')
        .map((o) => o.upstreamMs);
    for (let i = 0; i < runs; i++) {
      let mark = aws.served.length + runner.served.length;
      let markAws = aws.served.length;
      parityRuns.push((await timed(process.execPath, diff, env, dir)).ms);
      upstream.parityRequests += aws.served.length + runner.served.length - mark;
      upstream.parity.push(...chainTimes(markAws));
      mark = aws.served.length;
      markAws = mark;
      floorRuns.push(
        (
          await timed(
            process.execPath,
            [floor, ...paths],
            awsEnv(aws.endpoint, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }),
          )
        ).ms,
      );
      upstream.floor.push(...chainTimes(markAws));
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      requestsPerRun: upstream.parityRequests / runs,
      describeUpstreamMs: { parity: mean(upstream.parity), floor: mean(upstream.floor) },
      rtt,
      aws,
      runner,
      parityMs: median(parityRuns),
      floorMs: median(floorRuns),
      boundMs: chain * rtt,
    };
  };
  const main = await measure(RTT, 7);
  const several = await severalEnvironments(dir, main.aws.endpoint, main.runner.endpoint);
  const sweep = [];
  for (const rtt of RTT_SWEEP) sweep.push(await measure(rtt, 5));
  const cli = await awsCliWorld(app, dists, main.aws.endpoint, main.runner.endpoint);
  await fake.close();
  const parity = main.parityMs;
  const lowerBound = main.boundMs;
  results.world = {
    parityMs: parity,
    lowerBoundMs: lowerBound,
    chain,
    floorMs: main.floorMs,
    awsCliMs: cli,
    noLatencyMs: fixed,
    vsLowerBound: parity / lowerBound,
    vsFloor: parity / main.floorMs,
    floorVsLowerBound: main.floorMs / lowerBound,
    requestsPerRun: main.requestsPerRun,
    describeParametersUpstreamMs: main.describeUpstreamMs,
    cliOverParity: cli / parity,
    sweep: sweep.map(({ rtt, parityMs, floorMs, boundMs }) => ({
      rttMs: rtt,
      parityMs,
      floorMs,
      boundMs,
      vsLowerBound: parityMs / boundMs,
      vsFloor: parityMs / floorMs,
    })),
  };
  say(`\n## whole world (7 source types × 2 environments, 30 parameters each)`);
  say(
    `parity diff ${ms(parity)} · round-trip lower bound ${ms(lowerBound)} (${chain} sequential round trips) → ${ratio(parity, lowerBound)} of the bound`,
  );
  say(
    `floor (bench/floor.ts: the SDK reading only that chain, bundled like parity) ${ms(main.floorMs)} → ${ratio(main.floorMs, lowerBound)} of the bound; parity at ${ratio(parity, main.floorMs)} of the floor`,
  );
  say(
    `the same diff with no added latency ${ms(fixed)} (Node start-up, module loading, moto's own time)`,
  );
  say(
    `moto's own time for one DescribeParameters page (on the chain): ${main.describeUpstreamMs.parity.toFixed(1)} ms under parity's ${main.requestsPerRun.toFixed(0)} concurrent requests, ${main.describeUpstreamMs.floor.toFixed(1)} ms under the floor's`,
  );
  for (const w of sweep) {
    say(
      `at ${w.rtt} ms: parity ${ms(w.parityMs)} · bound ${ms(w.boundMs)} → ${ratio(w.parityMs, w.boundMs)}; floor ${ms(w.floorMs)} → parity at ${ratio(w.parityMs, w.floorMs)} of it`,
    );
  }
  say(`AWS CLI script ${ms(cli)} → parity is ${ratio(cli, parity)} faster`);
  results.several = several;
  say(`\n## three environments against two (SPEC §13), ${RTT} ms per request`);
  say(
    `diff dev staging production ${ms(several.threeMs)} vs diff staging production ${ms(several.twoMs)} → ${ratio(several.threeMs, several.twoMs)} (target ≤ 1.2×: environments are read concurrently)`,
  );
}

/** The same world's diff of two and of three environments through the same proxies, interleaved. */
async function severalEnvironments(
  dir: string,
  aws: string,
  runner: string,
): Promise<{ twoMs: number; threeMs: number; ratio: number }> {
  const env = awsEnv(aws, { AWS_ENDPOINT_URL_APPRUNNER: runner });
  const two = [BIN, 'diff', 'staging', 'production', '-q'];
  const three = [BIN, 'diff', 'dev', 'staging', 'production', '-q'];
  await timed(process.execPath, three, env, dir);
  const twoRuns: number[] = [];
  const threeRuns: number[] = [];
  for (let i = 0; i < 7; i++) {
    twoRuns.push((await timed(process.execPath, two, env, dir)).ms);
    threeRuns.push((await timed(process.execPath, three, env, dir)).ms);
  }
  const twoMs = median(twoRuns);
  const threeMs = median(threeRuns);
  return { twoMs, threeMs, ratio: threeMs / twoMs };
}

/** bench/floor.ts bundled with the options scripts/build.mjs bundles parity with. */
async function floorProgram(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'parity-floor-')), 'floor.mjs');
  await build({ ...nodeBundle, entryPoints: [path.join(ROOT, 'bench/floor.ts')], outfile });
  return outfile;
}

/** What a user's script would run, one AWS CLI command after another, for both environments. */
async function awsCliWorld(
  app: string,
  dists: readonly string[],
  endpoint: string,
  runner: string,
): Promise<number> {
  const env = awsEnv(endpoint);
  const started = performance.now();
  for (const [i, e] of ['staging', 'production'].entries()) {
    const aws = (...a: string[]) => timed('aws', a, env);
    await aws(
      'ssm',
      'get-parameters-by-path',
      '--path',
      `/${app}/${e}/`,
      '--recursive',
      '--with-decryption',
    );
    await aws('secretsmanager', 'get-secret-value', '--secret-id', `${app}/${e}/config`);
    const list = await timed('aws', ['apprunner', 'list-services', '--endpoint-url', runner], env);
    const arn = /"ServiceArn": "([^"]+)"/.exec(list.stdout)?.[1] ?? '';
    await timed(
      'aws',
      ['apprunner', 'describe-service', '--service-arn', arn, '--endpoint-url', runner],
      env,
    );
    await aws(
      'ecs',
      'describe-services',
      '--cluster',
      `${app}-${e}`,
      '--services',
      `${app}-${e}-svc`,
    );
    await aws('ecs', 'describe-task-definition', '--task-definition', `${app}-${e}-task`);
    await aws('cloudfront', 'get-distribution-config', '--id', dists[i] ?? '');
    await aws('rds', 'describe-db-instances', '--db-instance-identifier', `${app}-${e}-db`);
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-bench-sync-'));
    await aws('s3', 'sync', `s3://${app}-${e}`, dir);
    await timed('grep', ['-rhoE', 'https?://[^"]+', dir], {});
  }
  return performance.now() - started;
}

/** N parameters per environment: each SSM strategy, AWS's page size modelled where moto differs. */
async function ssmScenario(
  moto: string,
  proxy: (u: string, p?: Parameters<typeof startFaultProxy>[1]) => Promise<FaultProxy>,
  n: number,
): Promise<void> {
  const app = `bs${n}${Date.now().toString(36)}`;
  // Seeded in 8 parallel streams: 10,000 puts one after another take most of a minute.
  const all = ['staging', 'production'].flatMap((env) =>
    Array.from({ length: n }, (_, i) => ({
      name: `/${app}/${env}/K${String(i).padStart(5, '0')}`,
      value: `v${i}`,
    })),
  );
  const streams = 8;
  await Promise.all(
    Array.from({ length: streams }, (_, k) =>
      seedSsm(
        moto,
        all.filter((_, i) => i % streams === k),
      ),
    ),
  );
  const config = (strategy: string) =>
    repo({
      'parity.yaml': `version: 1\nenvironments: { staging: {}, production: {} }\nsources:\n  params: { type: ssm, path: "/${app}/\${env}/", strategy: ${strategy} }\n`,
    });
  const plain = await proxy(moto);
  const modelled = await proxy(moto, { describePageSize: 50 });
  const run = async (strategy: string, endpoint: string): Promise<number> =>
    (
      await timed(
        process.execPath,
        [BIN, 'diff', 'staging', 'production', '-q'],
        awsEnv(endpoint),
        config(strategy),
      )
    ).ms;
  // moto's own time per request of each operation, from the proxy (no added latency in it).
  const upstream = (proxy: FaultProxy, from: number, operation: string): number => {
    const xs = proxy.served.slice(from).filter((o) => o.operation === operation);
    return xs.reduce((a, o) => a + o.upstreamMs, 0) / Math.max(1, xs.length);
  };
  let mark = plain.served.length;
  const byPath = await run('by-path', plain.endpoint);
  const byPathServer = upstream(plain, mark, 'GetParametersByPath');
  mark = plain.served.length;
  const describeMoto = await run('describe', plain.endpoint);
  const describeServer = upstream(plain, mark, 'DescribeParameters');
  await run('describe', modelled.endpoint); // fills the model's listing, read from moto once
  mark = modelled.served.length;
  const describeModel = await run('describe', modelled.endpoint);
  const getServer = upstream(modelled, mark, 'GetParameters');
  // Parameter Store's standard throughput: 40 GetParameter* requests a second, shared by the
  // account (DescribeParameters apart). Both strategies must finish under it (adaptive retries).
  const QUOTA = 40;
  const quotaPlain = await proxy(moto, { ssmGetTps: QUOTA });
  const quotaModel = await proxy(moto, { ssmGetTps: QUOTA, describePageSize: 50 });
  await run('describe', quotaModel.endpoint); // the model's listing, as above
  quotaModel.injected.throttle = 0;
  const underQuota = async (strategy: string, p: FaultProxy) => {
    const result = await timed(
      process.execPath,
      [BIN, 'diff', 'staging', 'production', '-q'],
      awsEnv(p.endpoint),
      config(strategy),
    );
    const throttled = p.injected.throttle;
    p.injected.throttle = 0;
    return { ms: result.ms, exitCode: result.code, throttled };
  };
  const quotaByPath = await underQuota('by-path', quotaPlain);
  const quotaDescribe = await underQuota('describe', quotaModel);
  // Requests in the quota: by-path's pages, or describe's GetParameters batches (10 names each).
  const boundQuota = (2 * Math.ceil(n / 10) * 1000) / QUOTA;
  // moto ends an exact multiple of 10 with an empty page: the last full page's GetParameters
  // runs alongside it. The model's last page is full and its GetParameters follows it.
  const pages10 = Math.floor(n / 10) + 1;
  const boundByPath = pages10 * RTT;
  const boundDescribeMoto = pages10 * RTT;
  const boundDescribeModel = (Math.ceil(n / 50) + 1) * RTT;
  const cliStarted = performance.now();
  for (const env of ['staging', 'production']) {
    await timed(
      'aws',
      [
        'ssm',
        'get-parameters-by-path',
        '--path',
        `/${app}/${env}/`,
        '--recursive',
        '--with-decryption',
      ],
      awsEnv(plain.endpoint),
    );
  }
  const cli = performance.now() - cliStarted;
  results[`ssm${n}`] = {
    byPathMs: byPath,
    boundByPathMs: boundByPath,
    describeMotoMs: describeMoto,
    boundDescribeMotoMs: boundDescribeMoto,
    describeModel50Ms: describeModel,
    boundDescribeModel50Ms: boundDescribeModel,
    awsCliMs: cli,
    standardThroughput: {
      tps: QUOTA,
      byPath: quotaByPath,
      describeModel50: quotaDescribe,
      boundMs: boundQuota,
    },
    motoMsPerRequest: {
      GetParametersByPath: byPathServer,
      DescribeParameters: describeServer,
      GetParameters: getServer,
    },
  };
  say(`\n## SSM, ${n} parameters per environment`);
  say(
    `by-path (moto, 10 a page)      ${ms(byPath)} · bound ${ms(boundByPath)} → ${ratio(byPath, boundByPath)}`,
  );
  say(
    `describe (moto, 10 a page)     ${ms(describeMoto)} · bound ${ms(boundDescribeMoto)} → ${ratio(describeMoto, boundDescribeMoto)}`,
  );
  say(
    `describe (model: AWS's 50)     ${ms(describeModel)} · bound ${ms(boundDescribeModel)} → ${ratio(describeModel, boundDescribeModel)}   [modelled page size]`,
  );
  say(
    `aws ssm get-parameters-by-path ${ms(cli)} → parity (describe, modelled) ${ratio(cli, describeModel)} faster; parity (by-path, moto) ${ratio(cli, byPath)} faster`,
  );
  say(
    `under the standard throughput (${QUOTA} GetParameter* a second, modelled): by-path ${ms(quotaByPath.ms)} (exit ${quotaByPath.exitCode}, ${quotaByPath.throttled} throttled), describe ${ms(quotaDescribe.ms)} (exit ${quotaDescribe.exitCode}, ${quotaDescribe.throttled} throttled) · the quota's own bound ${ms(boundQuota)}`,
  );
  say(
    `moto's own time per request: GetParametersByPath ${byPathServer.toFixed(1)} ms, DescribeParameters ${describeServer.toFixed(1)} ms, GetParameters ${getServer.toFixed(1)} ms — by-path against a bound that counts it: ${ratio(byPath, pages10 * (RTT + byPathServer))}`,
  );
}

async function versionScenario(): Promise<void> {
  const node: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < 11; i++) {
    node.push((await timed(process.execPath, ['-e', '0'], {})).ms);
    version.push((await timed(process.execPath, [BIN, '--version'], {})).ms);
  }
  results.version = { parityMs: median(version), nodeMs: median(node) };
  say(`\n## startup`);
  say(
    `parity --version ${ms(median(version))} · node -e 0 ${ms(median(node))} → ${ratio(median(version), median(node))}`,
  );
}

/** A bundle of `mb` MB of JavaScript full of URLs, scanned by parity (dir mode) and by ripgrep. */
async function bundleScenario(mb: number): Promise<void> {
  const files: Record<string, string> = {
    'parity.yaml':
      'version: 1\nenvironments: { staging: {} }\nsources:\n  bundle: { type: s3-bundle, dir: dist }\n',
  };
  const chunk =
    'function a(){return fetch("https://api.example.com/v1/items?x=1")}var s="http://localhost:3000/checkout/success";\n';
  const perFile = 1024 * 1024;
  for (let i = 0; i < mb; i++)
    files[`dist/assets/chunk-${i}.js`] = chunk.repeat(Math.floor(perFile / chunk.length));
  const dir = repo(files);
  // Medians of three runs each (peak RSS: the highest), interleaved: a 2-core machine shared
  // with moto varies from one run to the next.
  const hasRg = spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
  const parityRuns: { ms: number; rssMB: number }[] = [];
  const rgRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    parityRuns.push(await timedRss(process.execPath, [BIN, 'snapshot', 'staging', '-q'], dir));
    if (hasRg)
      rgRuns.push(
        (await timed('rg', ['-o', '--no-filename', `https?://[^"'\\s]+`, 'dist'], {}, dir)).ms,
      );
  }
  const parityRun = {
    ms: median(parityRuns.map((r) => r.ms)),
    rssMB: Math.max(...parityRuns.map((r) => r.rssMB)),
  };
  const rg = hasRg ? median(rgRuns) : 0;
  const parityMBs = mb / (parityRun.ms / 1000);
  const rgMBs = hasRg ? mb / (rg / 1000) : 0;
  // The scan alone: the same command on a one-file bundle is parity's start-up and config cost.
  const tiny = repo({ 'parity.yaml': files['parity.yaml'] ?? '', 'dist/app.js': chunk });
  const startRuns: number[] = [];
  for (let i = 0; i < 3; i++)
    startRuns.push(
      (await timed(process.execPath, [BIN, 'snapshot', 'staging', '-q'], {}, tiny)).ms,
    );
  const startup = median(startRuns);
  const scanMBs = mb / (Math.max(1, parityRun.ms - startup) / 1000);
  results[`bundle${mb}`] = {
    parityMs: parityRun.ms,
    parityStartupMs: startup,
    parityMBps: parityMBs,
    parityScanMBps: scanMBs,
    rgMs: rg,
    rgMBps: rgMBs,
    peakRssMB: parityRun.rssMB,
  };
  say(`\n## bundle scan, ${mb} MB`);
  say(
    `parity ${ms(parityRun.ms)} (${parityMBs.toFixed(0)} MB/s, peak RSS ${parityRun.rssMB.toFixed(0)} MB)${hasRg ? ` · rg ${ms(rg)} (${rgMBs.toFixed(0)} MB/s) → parity at ${ratio(parityMBs, rgMBs)} of rg's throughput` : ' · rg not installed (apt-get install ripgrep)'}`,
  );
  say(
    `scan alone (minus the ${ms(startup)} a one-file bundle takes): ${scanMBs.toFixed(0)} MB/s${hasRg ? ` → ${ratio(scanMBs, rgMBs)} of rg's throughput` : ''}`,
  );
}

/** Wall time and peak resident memory (GNU time's %M, in KB) of one command. */
function timedRss(
  cmd: string,
  argv: readonly string[],
  cwd: string,
): Promise<{ ms: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...argv], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH },
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      const kb = Number(err.trim().split('\n').pop());
      resolve({ ms: performance.now() - started, rssMB: Number.isFinite(kb) ? kb / 1024 : NaN });
    });
  });
}

/** compare + rules on `n` keys a side, in process, CPU time. */
function compareScenario(n: number): void {
  const make = (name: string, tier: 'production' | 'nonproduction'): Snapshot => ({
    identity: { name, tier, aliases: [name], hosts: { app: `${name}.example.com` } },
    capturedAt: new Date().toISOString(),
    references: [],
    origin: { kind: 'live' },
    sources: [
      {
        name: 'params',
        type: 'ssm',
        status: 'ok',
        durationMs: 0,
        // Mostly equal after normalization (hosts, environment names), with real drift mixed
        // in: values that differ (1 in 17), keys one side lacks (1 in 19), a localhost URL in
        // staging (1 in 23) and secrets (1 in 13), so that rules fire and findings are built.
        facts: Array.from({ length: n }, (_, i) => i)
          .filter((i) => tier !== 'production' || i % 19 !== 0)
          .map((i) =>
            toFact({
              path: `KEY_${i}`,
              value:
                i % 23 === 0 && tier !== 'production'
                  ? `http://localhost:${3000 + i}/cb`
                  : i % 17 === 0
                    ? `value-${i}-${tier === 'production' ? 'b' : 'a'}`
                    : i % 7 === 0
                      ? `https://${name}.example.com/p/${i}`
                      : i % 11 === 0
                        ? `${name}-only-${i}`
                        : `value-${i}`,
              ...(i % 13 === 0 ? { sensitive: true } : {}),
            }),
          ),
      },
    ],
  });
  const a = make('staging', 'nonproduction');
  const b = make('production', 'production');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = audit({
    command: 'diff',
    snapshots: [a, b],
    identities: [a.identity, b.identity],
    settings: { differ: [], equal: [], sharedSecretsAllowed: [], staleAfterDays: 30 },
    severities: {},
    ignores: [],
    failOn: 'error',
    now: new Date(),
  });
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  results.compare10k = {
    cpuMs,
    wallMs: performance.now() - started,
    findings: report.findings.length,
  };
  say(`\n## compare + rules, ${n} keys a side`);
  say(`${ms(cpuMs)} of CPU (${report.findings.length} findings) — target under 1000 ms`);
}

/**
 * `parity log` over a directory store of `count` snapshots of `keys` keys each, about one in
 * fifty keys changing from one snapshot to the next (SPEC §15), as users run it.
 */
async function logScenario(count: number, keys: number): Promise<void> {
  say(`\n## parity log, ${count} snapshots of ${keys} keys`);
  const store = mkdtempSync(path.join(tmpdir(), 'parity-bench-store-'));
  mkdirSync(path.join(store, 'production'));
  const start = Date.parse('2026-06-01T00:00:00.000Z');
  for (let n = 0; n < count; n++) {
    const capturedAt = new Date(start + n * 3_600_000).toISOString();
    const facts = Array.from({ length: keys }, (_, i) => ({
      path: `KEY_${i}`,
      kind: 'value',
      // Each key changes every fifty snapshots, at its own offset.
      value: `v-${i}-${Math.floor((n + i) / 50)}`,
      sensitive: false,
      credential: false,
    }));
    const file = {
      schemaVersion: 1,
      kind: 'parity-snapshot',
      tool: { name: 'parity', version: 'bench' },
      environment: 'production',
      tier: 'production',
      identity: { aliases: ['production'], hosts: {} },
      capturedAt,
      fingerprints: 'none',
      sources: [{ name: 'params', type: 'ssm', status: 'ok', durationMs: 0, facts }],
      references: [],
    };
    writeFileSync(path.join(store, 'production', `${capturedAt}.json`), JSON.stringify(file));
  }
  const runs: Timed[] = [];
  for (let i = 0; i < 3; i++)
    runs.push(
      await timed(process.execPath, [BIN, 'log', 'production', '--store', store, '-f', 'json'], {
        NO_COLOR: '1',
      }),
    );
  const wall = median(runs.map((r) => r.ms));
  const changes = (runs[0]?.stdout.match(/"change":/g) ?? []).length;
  results.log = { snapshots: count, keys, wallMs: wall, changes, exit: runs[0]?.code };
  say(`${ms(wall)} for ${changes} changes (exit ${runs[0]?.code ?? '?'}) — target under 2000 ms`);
}

/**
 * A `schema` source on a database of `tables` tables × `columns` columns (each with a primary
 * key, an index and a foreign key to the previous table), read by `parity snapshot` as users run
 * it, against a local PostgreSQL 15 and MariaDB; against `node -e 0` for Node's own start-up.
 */
async function schemaScenario(tables: number, columns: number): Promise<void> {
  say(`\n## schema source, ${tables} tables × ${columns} columns`);
  const ddl = (engine: 'postgres' | 'mysql'): string[] =>
    Array.from({ length: tables }, (_, t) => {
      const cols = Array.from({ length: columns - 2 }, (_, c) =>
        c % 3 === 0
          ? `c${c} varchar(${40 + c}) NOT NULL DEFAULT 'x'`
          : c % 3 === 1
            ? `c${c} ${engine === 'postgres' ? 'timestamptz' : 'datetime'} DEFAULT CURRENT_TIMESTAMP`
            : `c${c} numeric(12,2)`,
      );
      const fk =
        t > 0
          ? `, CONSTRAINT t${t}_parent_fk FOREIGN KEY (parent_id) REFERENCES t${t - 1} (id)`
          : '';
      return `CREATE TABLE t${t} (id bigint PRIMARY KEY, parent_id bigint, ${cols.join(', ')}${fk})`;
    }).flatMap((create, t) => [create, `CREATE INDEX t${t}_c0_idx ON t${t} (c0)`]);
  const node = median(
    await Promise.all([0, 1, 2].map(() => timed(process.execPath, ['-e', '0'], {}))).then((r) =>
      r.map((x) => x.ms),
    ),
  );
  const figures: Record<string, unknown> = { tables, columns, nodeStartMs: node };
  const { startPostgres } = await import('../test/support/postgres-server.js');
  const { createDatabase } = await import('../test/support/postgres.js');
  const { startMariadb } = await import('../test/support/mariadb-server.js');
  const { createMariadbDatabase } = await import('../test/support/mariadb.js');
  const servers: { name: string; url: () => Promise<string>; stop: () => Promise<void> }[] = [];
  const pg = await startPostgres();
  servers.push({
    name: 'PostgreSQL 15',
    url: () => createDatabase(pg, ddl('postgres').join(';\n'), 'bench-pw'),
    stop: () => pg.stop(),
  });
  const maria = await startMariadb();
  servers.push({
    name: 'MariaDB',
    url: async () => (await createMariadbDatabase(maria, ddl('mysql'), 'bench-pw')).readOnlyUrl,
    stop: () => maria.stop(),
  });
  try {
    for (const server of servers) {
      const url = await server.url();
      const dir = repo({
        'parity.yaml': `version: 1\nenvironments:\n  staging: { allowHosts: [127.0.0.1] }\nsources:\n  db: { type: schema, connection: "${url}" }\n`,
      });
      const runs: Timed[] = [];
      for (let i = 0; i < 3; i += 1)
        runs.push(
          await timed(process.execPath, [BIN, 'snapshot', 'staging'], { NO_COLOR: '1' }, dir),
        );
      const facts = (runs[0]?.stdout.match(/"path":/g) ?? []).length;
      const wall = median(runs.map((r) => r.ms));
      figures[server.name] = { wallMs: wall, facts, exit: runs[0]?.code };
      say(
        `${server.name}: ${ms(wall)} for ${facts} facts (exit ${runs[0]?.code ?? '?'}) — target under 2000 ms; ${ratio(wall, node)} of node -e 0`,
      );
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  results.schema = figures;
}

await main();
