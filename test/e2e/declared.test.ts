/**
 * Declared vs deployed (SPEC §14) against moto: the task definitions and SSM parameters committed
 * to the repository, and what each environment runs. Staging runs what Git declares; production
 * had a variable edited and one added by hand in the console, and an SSM parameter changed. Each
 * is one undeclared-change, located at the declared file and line; nothing where Git and live
 * agree; the drift between the environments folds into it.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { awsTestEnv, describeWithMoto, seedEcs, seedSsm } from '../support/moto.js';
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
    for (const env of ['staging', 'production'])
      await seedSsm(endpoint, [
        { name: `/${app}/${env}/WORKERS`, value: '4' },
        { name: `/${app}/${env}/TIMEOUT`, value: env === 'production' ? '90' : '30' },
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
      'config/ssm-staging.yaml': 'WORKERS: 4\nTIMEOUT: 30\n',
      'config/ssm-production.yaml': `# production parameters\n/${app}/production/WORKERS: 4\n/${app}/production/TIMEOUT: 30\n`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
      env: awsTestEnv(endpoint),
    });
    expect(result.stderr).toBe('');
    const report = jsonReport(result);
    expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
    expect(findingLines(report.findings)).toEqual([
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
    expect(report.findings.map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(
      report.findings.find((f) => f.key === 'task:container.api.env.DEBUG_SQL')?.related,
    ).toEqual([{ rule: 'missing-key', key: 'task:container.api.env.DEBUG_SQL' }]);
    expect(
      report.findings.find((f) => f.key === 'task:container.api.env.DATABASE_NAME')?.message,
    ).toBe(`production differs from what deploy/task-production.json declares (${app}_production)`);
    expect(result.code).toBe(1);
  });
});
