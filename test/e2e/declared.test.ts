/**
 * Declared vs deployed (SPEC §14) against moto: the task definitions and SSM parameters committed
 * to the repository, and what each environment runs. Staging runs what Git declares; production
 * had a variable edited and one added by hand in the console, and an SSM parameter changed. Each
 * is one undeclared-change, located at the declared file and line; nothing where Git and live
 * agree; the drift between the environments folds into it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { awsTestEnv, describeWithMoto, seedEcs, seedSsm } from '../support/moto.js';
import { git, gitRepo, writeFiles } from '../support/repo.js';
import { findingLines, repo } from './worlds/helpers.js';

describeWithMoto('declared: what Git says against what runs', (endpoint) => {
  it('finds what was changed and added by hand in production, at the declared line; quiet where Git and live agree', async () => {
    const app = `dcl${randomUUID().slice(0, 6)}`;
    const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}:1.4.2`;
    const declaredEnv = (env: string) => ({
      DATABASE_NAME: `${app}_${env}`,
      LOG_LEVEL: 'info',
      PUBLIC_URL: `https://${env === 'production' ? '' : `${env}.`}${app}.example.com`,
    });
    // The committed task definitions, as `aws ecs register-task-definition --cli-input-json` takes them.
    const taskFile = (env: string) =>
      `${JSON.stringify(
        {
          family: `${app}-${env}`,
          cpu: '512',
          memory: '1024',
          containerDefinitions: [
            {
              name: 'api',
              image,
              essential: true,
              environment: Object.entries(declaredEnv(env)).map(([name, value]) => ({
                name,
                value,
              })),
            },
          ],
        },
        null,
        2,
      )}\n`;
    await seedEcs(endpoint, `${app}-staging`, `${app}-api-staging`, `${app}-staging`, [
      { name: 'api', image, environment: declaredEnv('staging') },
    ]);
    await seedEcs(endpoint, `${app}-production`, `${app}-api-production`, `${app}-production`, [
      {
        name: 'api',
        image,
        // Edited in the console, and a variable added there.
        environment: {
          ...declaredEnv('production'),
          DATABASE_NAME: `${app}_prod_old`,
          DEBUG_SQL: 'true',
        },
      },
    ]);
    // A secret declared in Git (a bad habit that happens): compared through fingerprints only.
    const TOKENS = {
      staging: 'declared-canary-staging-Zx81',
      production: 'declared-canary-production-Qw27',
      rotated: 'live-canary-production-rotated-Lk55',
    };
    for (const env of ['staging', 'production'] as const)
      await seedSsm(endpoint, [
        { name: `/${app}/${env}/WORKERS`, value: '4' },
        { name: `/${app}/${env}/TIMEOUT`, value: env === 'production' ? '90' : '30' },
        {
          name: `/${app}/${env}/API_TOKEN`,
          value: env === 'production' ? TOKENS.rotated : TOKENS.staging,
          type: 'SecureString',
        },
      ]);
    const dir = repo({
      'parity.yaml': `version: 1
environments:
  staging: { hosts: { app: staging.${app}.example.com } }
  production: { hosts: { app: ${app}.example.com } }
sources:
  task:
    type: ecs
    cluster: "${app}-\${env}"
    service: "${app}-api-\${env}"
    declared: "deploy/task-\${env}.json"
  params:
    type: ssm
    path: "/${app}/\${env}/"
    declared: "config/ssm-\${env}.yaml"
`,
      'deploy/task-staging.json': taskFile('staging'),
      'deploy/task-production.json': taskFile('production'),
      'config/ssm-staging.yaml': `WORKERS: 4\nTIMEOUT: 30\nAPI_TOKEN: ${TOKENS.staging}\n`,
      'config/ssm-production.yaml': `# production parameters\n/${app}/production/WORKERS: 4\n/${app}/production/TIMEOUT: 30\n/${app}/production/API_TOKEN: ${TOKENS.production}\n`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: awsTestEnv(endpoint),
    });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(findingLines(report.findings)).toEqual([
      'undeclared-change params:API_TOKEN production',
      'undeclared-change params:TIMEOUT production',
      'undeclared-change task:container.api.env.DATABASE_NAME production',
      'undeclared-change task:container.api.env.DEBUG_SQL production',
    ]);
    const at = Object.fromEntries(report.findings.map((f) => [f.key, f.location]));
    const taskText = taskFile('production').split('\n');
    expect(at['task:container.api.env.DATABASE_NAME']).toEqual({
      file: 'deploy/task-production.json',
      line: taskText.findIndex((l) => l.includes('"DATABASE_NAME"')) + 1,
    });
    expect(at['task:container.api.env.DEBUG_SQL']).toEqual({ file: 'deploy/task-production.json' });
    expect(at['params:TIMEOUT']).toEqual({ file: 'config/ssm-production.yaml', line: 3 });
    // Production is the production tier: errors, and the drift between the two folded in.
    expect(report.findings.map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error']);
    // Neither the declared nor the live secret in any format, nor in the message.
    expect(report.findings.find((f) => f.key === 'params:API_TOKEN')?.message).toBe(
      'production differs from what config/ssm-production.yaml declares (<redacted>)',
    );
    for (const format of ['text', 'markdown', 'sarif', 'html', 'json']) {
      const out = await runCli(['diff', 'staging', 'production', '-v', '-f', format], {
        cwd: dir,
        env: awsTestEnv(endpoint),
      });
      for (const token of Object.values(TOKENS)) {
        expect(out.stdout + out.stderr).not.toContain(token);
      }
    }
    expect(
      report.findings.find((f) => f.key === 'task:container.api.env.DEBUG_SQL')?.related,
    ).toEqual([{ rule: 'missing-key', key: 'task:container.api.env.DEBUG_SQL' }]);
    expect(
      report.findings.find((f) => f.key === 'task:container.api.env.DATABASE_NAME')?.message,
    ).toBe(`production differs from what deploy/task-production.json declares (${app}_production)`);
    // All three sides: declared in the message, both environments' values.
    expect(
      report.findings.find((f) => f.key === 'task:container.api.env.DATABASE_NAME')?.values,
    ).toEqual({ staging: `${app}_staging`, production: `${app}_prod_old` });
    expect(result.code).toBe(1);
  });
});

describe('builtFrom: was the deployed bundle built from the dotenv in Git?', () => {
  const env = (name: string, host: string) =>
    [
      `VITE_API_URL=https://api.${host}`,
      `VITE_CHECKOUT_SUCCESS_URL=https://${host}/checkout/success`,
      `VITE_STRIPE_PUBLISHABLE_KEY=pk_${name === 'production' ? 'live' : 'test'}_51Abc${name}0000000000`,
      'VITE_ENABLE_ANALYTICS=true',
      'SECRET_BUILD_TOKEN=never-in-a-bundle',
    ].join('\n');
  const bundle = (api: string, success: string, key: string) =>
    `const e={API:"${api}",SUCCESS:"${success}",KEY:"${key}",ANALYTICS:"true"};fetch(e.API+"/v1/plans");`;

  it('finds the staging bundle built from an old config (localhost) while Git says otherwise; quiet on production', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments:
  staging: { hosts: { app: staging.shop.example.com, api: api.staging.shop.example.com } }
  production: { hosts: { app: shop.example.com, api: api.shop.example.com } }
sources:
  frontend-env: { type: dotenv, file: "frontend/.env.\${env}" }
  bundle: { type: s3-bundle, dir: "frontend/dist-\${env}", builtFrom: frontend-env }
`,
      'frontend/.env.staging': `${env('staging', 'staging.shop.example.com')}\n`,
      'frontend/.env.production': `${env('production', 'shop.example.com')}\n`,
      'frontend/dist-staging/index.html': '<script src="/assets/index-3f2a9c.js"></script>',
      'frontend/dist-staging/assets/index-3f2a9c.js': bundle(
        'https://api.staging.shop.example.com',
        'http://localhost:3000/checkout/success',
        'pk_test_51Abcstaging0000000000',
      ),
      'frontend/dist-production/index.html': '<script src="/assets/index-9b7e1d.js"></script>',
      'frontend/dist-production/assets/index-9b7e1d.js': bundle(
        'https://api.shop.example.com',
        'https://shop.example.com/checkout/success',
        'pk_live_51Abcproduction0000000000',
      ),
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    const stale = report.findings.filter((f) => f.rule === 'stale-build');
    expect(stale.map((f) => [f.key, f.environments, f.location, f.message])).toEqual([
      [
        'bundle:built.VITE_CHECKOUT_SUCCESS_URL',
        ['staging'],
        { file: 'frontend/.env.staging', line: 2 },
        'the deployed bundle was not built from frontend/.env.staging: VITE_CHECKOUT_SUCCESS_URL is not in it, the bundle holds http://localhost:3000/checkout/success instead',
      ],
    ]);
    // The bundle's own localhost URL is still reported, once; nothing on production.
    expect(
      findingLines(report.findings).filter(
        (l) => l.includes('production') && !l.includes('staging'),
      ),
    ).toEqual([]);
    expect(report.findings.some((f) => f.rule === 'localhost-url' && f.key === 'bundle:urls')).toBe(
      true,
    );
    // Nothing of the dotenv's non-public variables is ever looked for or shown.
    expect(result.stdout).not.toContain('never-in-a-bundle');
  });

  it('refuses builtFrom naming no declared source, in one line', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments: { staging: {} }
sources:
  bundle: { type: s3-bundle, dir: dist, builtFrom: frontend-env }
`,
      'dist/index.html': '<p>hi</p>',
    });
    const result = await runCli(['check', 'staging'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'parity: parity.yaml:4 sources.bundle: reads "frontend-env", which is no declared source\n',
    );
  });
});

describe('deploysFrom: is the deployed build behind its branch?', () => {
  it('counts the commits the branch has that the deployed build does not, from the local history', async () => {
    const config = `version: 1
environments:
  staging: { deploysFrom: main }
  production: { deploysFrom: main }
sources:
  bundle: { type: s3-bundle, dir: "dist-\${env}", manifest: build.json }
`;
    const { dir, commit: built } = gitRepo({ 'parity.yaml': config, 'src/app.ts': 'v1\n' });
    for (const n of [2, 3]) {
      writeFiles(dir, { 'src/app.ts': `v${n}\n` });
      git(dir, 'commit', '-qam', `v${n}`);
    }
    const head = git(dir, 'rev-parse', 'HEAD');
    writeFiles(dir, {
      'dist-staging/index.html': '<p>app</p>',
      'dist-staging/build.json': JSON.stringify({ commit: built }),
      'dist-production/index.html': '<p>app</p>',
      'dist-production/build.json': JSON.stringify({ commit: head }),
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    expect(
      report.findings.map((f) => [f.rule, f.key, f.severity, f.environments, f.message]),
    ).toEqual([
      [
        'undeployed-commits',
        'bundle:build.commit',
        'info',
        ['staging'],
        `the deployed build ${built.slice(0, 12)} is 2 commits behind main`,
      ],
    ]);
    // A build the local history does not have (a shallow checkout): said, not guessed.
    writeFiles(dir, { 'dist-production/build.json': JSON.stringify({ commit: 'f'.repeat(40) }) });
    const unknown = jsonReport(await runCli(['check', 'production', '-f', 'json'], { cwd: dir }));
    expect(unknown.findings.map((f) => f.message)).toEqual([
      `cannot tell how far the deployed build ${'f'.repeat(12)} is behind main: the local history does not have both`,
    ]);
  });
});
