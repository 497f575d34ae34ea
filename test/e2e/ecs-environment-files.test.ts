/**
 * ECS `environmentFiles` read live (SPEC §11), against moto_server: the built CLI reads each
 * task definition's S3 env files, and their variables join `container.<name>.env.<VAR>` with
 * their `s3://` location; the task definition's own `environment` wins over a file, a later file
 * over an earlier one. A file that cannot be read fails the source (exit 2) unless
 * `allowSkipped: true`. Each test uses its own random app name, so files share one moto server.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { awsTestEnv, describeWithMoto, sdkConfig, seedBucket } from '../support/moto.js';
import { tempRepo } from '../support/repo.js';
import { FIXTURES } from '../support/source-context.js';

interface SnapshotFact {
  readonly path: string;
  readonly kind: string;
  readonly value?: unknown;
  readonly location?: { readonly uri?: string; readonly line?: number };
}

const SECRET_IN_FILE = 'canary-envfile-pw-Qz81Lm4Rt7';

/** Registers `family` with one container `api-<env>` reading `files` (S3 object ARNs). */
async function registerTask(
  endpoint: string,
  family: string,
  env: string,
  files: readonly string[],
): Promise<void> {
  const { ECSClient, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  const client = new ECSClient(sdkConfig(endpoint));
  try {
    await client.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          {
            name: `api-${env}`,
            image: 'public.ecr.aws/acme/api:1.0.0',
            essential: true,
            environment: [
              { name: 'SPRING_PROFILES_ACTIVE', value: env },
              { name: 'LOG_LEVEL', value: 'warn' },
            ],
            environmentFiles: files.map((value) => ({ value, type: 's3' as const })),
          },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
}

const config = (app: string, extra = ''): string => `version: 1
project: ${app}
environments:
  staging:
    aliases: [staging]
    hosts: { app: staging.${app}.io }
  production:
    aliases: [production]
    hosts: { app: ${app}.io }
sources:
  task: { type: ecs, taskDefinition: "${app}-api-\${env}"${extra} }
`;

describeWithMoto('ecs environmentFiles against moto_server', (endpoint) => {
  const env = awsTestEnv(endpoint);

  /** Two environments whose containers read `app.env` (+ `extra.env`) from their own bucket. */
  async function seedWorld(app: string, production: { missing?: boolean } = {}): Promise<void> {
    for (const name of ['staging', 'production']) {
      const bucket = `${app}-${name}-config`;
      await seedBucket(endpoint, bucket, [
        {
          key: 'api/app.env',
          body: [
            '# written by the deploy job',
            `APP_URL=https://${name === 'staging' ? 'staging.' : ''}${app}.io`,
            'LOG_LEVEL=debug',
            `DB_PASSWORD=${SECRET_IN_FILE}-${name}`,
            'GREETING="hello world"',
            'QUEUE=first',
          ].join('\n'),
        },
        { key: 'api/extra.env', body: 'QUEUE=second\n' },
      ]);
      const files = [`arn:aws:s3:::${bucket}/api/app.env`, `arn:aws:s3:::${bucket}/api/extra.env`];
      if (name === 'production' && production.missing)
        files.push(`arn:aws:s3:::${bucket}/api/missing.env`);
      await registerTask(endpoint, `${app}-api-${name}`, name, files);
    }
  }

  it('reads the variables of every env file with their s3:// location', async () => {
    const app = `ef${randomUUID().slice(0, 8)}`;
    await seedWorld(app);
    const dir = tempRepo({ 'parity.yaml': config(app) });
    const result = await runCli(['snapshot', 'staging'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const snapshot = JSON.parse(result.stdout) as { sources: { facts: SnapshotFact[] }[] };
    const facts = new Map(snapshot.sources.flatMap((s) => s.facts).map((f) => [f.path, f]));
    const app_env = `s3://${app}-staging-config/api/app.env`;
    expect(facts.get('container.api-{env}.env.APP_URL')).toMatchObject({
      value: `https://staging.${app}.io`,
      location: { uri: app_env, line: 2 },
    });
    // ECS keeps quotes as part of the value (a Docker env-file, not dotenv).
    expect(facts.get('container.api-{env}.env.GREETING')?.value).toBe('"hello world"');
    // The task definition's own environment wins over the file…
    expect(facts.get('container.api-{env}.env.LOG_LEVEL')).toMatchObject({
      value: 'warn',
      location: { uri: expect.stringMatching(/^arn:aws:ecs:.*task-definition\//) as unknown },
    });
    // …and a later file over an earlier one.
    expect(facts.get('container.api-{env}.env.QUEUE')).toMatchObject({
      value: 'second',
      location: { uri: `s3://${app}-staging-config/api/extra.env`, line: 1 },
    });
    expect(facts.get('container.api-{env}.env.DB_PASSWORD')).toMatchObject({
      location: { uri: app_env },
    });
    expect(facts.get('container.api-{env}.environmentFiles')).toMatchObject({
      kind: 'reference',
      value: [app_env, `s3://${app}-staging-config/api/extra.env`],
    });
    expect(result.stdout).not.toContain(SECRET_IN_FILE);
  });

  it('an env file that cannot be read fails the source (exit 2), unless allowSkipped: true', async () => {
    const app = `ef${randomUUID().slice(0, 8)}`;
    await seedWorld(app, { missing: true });
    const strict = tempRepo({ 'parity.yaml': config(app) });
    const failed = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: strict,
      env,
    });
    expect(failed.code).toBe(2);
    const report = jsonReport(failed);
    const production = report.sources.find((s) => s.environment === 'production');
    expect(production).toMatchObject({ status: 'error', code: 'SOURCE_FAILED' });
    expect(production?.error).toBe(
      `environment file of container api-production: s3://${app}-production-config/api/missing.env: not found (NoSuchKey)`,
    );
    expect(report.findings.map((f) => [f.rule, f.key])).toContainEqual(['source-error', 'task']);
    expect(failed.stdout + failed.stderr).not.toContain(SECRET_IN_FILE);

    const lenient = tempRepo({ 'parity.yaml': config(app, ', allowSkipped: true') });
    const skipped = await runCli(['diff', 'staging', 'production', '-f', 'json'], {
      cwd: lenient,
      env,
    });
    expect(skipped.code).not.toBe(2);
    const lenientReport = jsonReport(skipped);
    expect(lenientReport.sources.every((s) => s.status === 'ok')).toBe(true);
    expect(lenientReport.findings.map((f) => f.rule)).not.toContain('source-error');
    // The readable files still count; the list of files names the one that was skipped.
    expect(lenientReport.findings.map((f) => f.key)).toContain(
      'task:container.api-{env}.environmentFiles',
    );
    expect(skipped.stdout + skipped.stderr).not.toContain(SECRET_IN_FILE);
  });

  it('reads the real-world pair live: the production env file names staging', async () => {
    const corpus = (file: string) => readFileSync(`${FIXTURES}real-world/ecs/${file}`, 'utf8');
    const { ECSClient, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
    const client = new ECSClient(sdkConfig(endpoint));
    try {
      for (const name of ['staging', 'production']) {
        await seedBucket(endpoint, `acme-${name}-config`, [
          { key: 'api/app.env', body: corpus(`s3/acme-${name}-config/api/app.env`) },
        ]);
        // The describe output, registered again: only what RegisterTaskDefinition takes.
        const { taskDefinition: t } = JSON.parse(corpus(`environment-files.${name}.json`)) as {
          taskDefinition: RegisterTaskDefinitionCommandInput;
        };
        await client.send(
          new RegisterTaskDefinitionCommand({
            family: t.family,
            containerDefinitions: t.containerDefinitions,
            cpu: t.cpu,
            memory: t.memory,
            networkMode: t.networkMode,
            requiresCompatibilities: t.requiresCompatibilities,
          }),
        );
      }
    } finally {
      client.destroy();
    }
    const dir = tempRepo({
      'parity.yaml': `version: 1
project: acme
environments:
  staging:
    aliases: [staging, stg]
    hosts: { app: staging.acme.com, search: search.staging.acme.com }
  production:
    aliases: [production, prod]
    hosts: { app: acme.com, search: search.acme.com }
sources:
  task: { type: ecs, taskDefinition: "acme-search-api-\${env}", resolveSecrets: false }
`,
    });
    const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir, env });
    const report = jsonReport(result);
    expect(report.sources.map((s) => s.status)).toEqual(['ok', 'ok']);
    const found = report.findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`);
    expect(found).toContain(
      'cross-env-reference task:container.api-{env}.env.SEARCH_URL production',
    );
    const search = report.findings.find((f) => f.key === 'task:container.api-{env}.env.SEARCH_URL');
    expect(search?.location?.uri).toBe('s3://acme-production-config/api/app.env');
  });
});
