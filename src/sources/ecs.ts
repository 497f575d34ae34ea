/**
 * `ecs`: a service's task definition (cluster + service → DescribeServices →
 * DescribeTaskDefinition), or a task definition directly, or an `export:` of one (SPEC §11: the
 * whole `aws ecs describe-task-definition` output, the bare task definition its `--query
 * taskDefinition` or the console prints, or the `register-task-definition --cli-input-json`
 * input). Container names have the environment's aliases replaced in keys, so `web-staging` and
 * `web-production` compare as one container. Live, the S3 objects of `environmentFiles` are read
 * and their variables join the container's env.
 */
import { declaredOption } from './_declared.js';
import * as z from 'zod';
import { awsCall, describeAwsError } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import type { FactLocation, RawFact, Scalar } from '../snapshot/types.js';
import { byCodeUnit } from '../util/order.js';
import {
  allowSkippedOption,
  bareOrWrapped,
  exportOrLive,
  keySegment,
  liveIdentifier,
} from './_export.js';
import type { SecretReference } from './_references.js';
import { resolveReferences } from './_references.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('ecs'),
  allowSkipped: allowSkippedOption,
  declared: declaredOption,
  cluster: z
    .string()
    .min(1)
    .optional()
    .describe("The cluster of `service:` (default: the account's default cluster)."),
  service: z.string().min(1).optional().describe('Service name or ARN; not needed with `export:`.'),
  taskDefinition: z
    .string()
    .min(1)
    .optional()
    .describe('family, family:revision or ARN; not needed with `export:`.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A task definition file instead of calling AWS: `describe-task-definition` output (whole or `--query taskDefinition`), `register-task-definition` input, or console JSON.',
    ),
  resolveSecrets: z
    .boolean()
    .default(true)
    .describe('Check that every `valueFrom` exists (read-only GetParameters/GetSecretValue).'),
});
// `.nullish()` throughout: the console's JSON writes `null` for every absent field.
const keyValue = z
  .array(z.object({ name: z.string().nullish(), value: z.string().nullish() }))
  .nullish();
const container = z.object({
  name: z.string(),
  image: z.string().nullish(),
  essential: z.boolean().nullish(),
  environment: keyValue,
  environmentFiles: z.array(z.object({ value: z.string(), type: z.string().nullish() })).nullish(),
  secrets: z.array(z.object({ name: z.string(), valueFrom: z.string() })).nullish(),
  healthCheck: z.object({ command: z.array(z.string()).nullish() }).nullish(),
});
type Container = z.infer<typeof container>;
type EnvironmentFile = NonNullable<Container['environmentFiles']>[number];
// Task sizes are strings in the API; hand-written register inputs sometimes give numbers.
const size = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v)));
const taskDefinitionShape = z.object({
  taskDefinitionArn: z.string().nullish(),
  family: z.string().nullish(),
  /** Who registered this revision: who last changed the task definition's facts. */
  registeredBy: z.string().nullish(),
  cpu: size,
  memory: size,
  containerDefinitions: z.array(container).default([]),
});
type TaskDefinition = z.infer<typeof taskDefinitionShape>;
// What makes a file a task definition (SPEC §7a: identifying fields stay required): every
// shape of one, registered or not, has its family and its containers.
const exportFile = bareOrWrapped(
  taskDefinitionShape.extend({
    family: z.string().min(1),
    containerDefinitions: z.array(container).min(1),
  }),
  ['taskDefinition'],
);

interface ServiceInfo {
  readonly taskDefinition: string;
  readonly desiredCount?: number | undefined;
  readonly launchType?: string | undefined;
  readonly arn?: string | undefined;
}

export const ecsSource = defineSource({
  type: 'ecs',
  description: 'An ECS service or task definition: containers, env, secret references, cpu/memory.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an
  // override). An export is the whole input: identifiers beside it are not used.
  check: (o) => {
    if (o.export) return undefined;
    if (o.cluster && !o.service && !o.taskDefinition) return 'cluster: needs service:';
    return o.service || o.taskDefinition
      ? undefined
      : 'give service (+ cluster), taskDefinition, or export';
  },
  services: ['ecs', 'ssm', 'secretsmanager', 's3'],
  requestChain: 3, // DescribeServices → DescribeTaskDefinition → secret references, env files
  kinds: {
    image: 'image',
    'container.*.image': 'image',
    'container.*.secret.*': 'reference',
    'container.*.environmentFiles': 'reference',
    'container.*.healthCheck': 'command',
    cpu: 'size',
    memory: 'size',
    desiredCount: 'size',
  },
  declaration: {
    covers: ['image', 'cpu', 'memory', 'container.*'],
    // No reader: the declared file is read as an `export:` (offline: no AWS call).
  },
  async load(opts, ctx) {
    const { value, file } = await exportOrLive(
      ctx,
      opts.export,
      {
        schema: exportFile,
        command: 'aws ecs describe-task-definition',
        accepts:
          '`aws ecs describe-task-definition` output (whole, or its `--query taskDefinition`), a `register-task-definition --cli-input-json` file, or the console JSON',
        pick: (data): { task: TaskDefinition; service?: ServiceInfo } => ({ task: data }),
      },
      async () => {
        const service = opts.service
          ? await describeService(ctx.aws, opts.cluster, opts.service)
          : undefined;
        const id = opts.taskDefinition ?? service?.taskDefinition;
        const task = await describeTask(ctx.aws, liveIdentifier(id, 'taskDefinition or service'));
        return { task, ...(service ? { service } : {}) };
      },
      opts.allowSkipped,
    );
    const { task, service } = value;
    const location: FactLocation = {
      uri: task.taskDefinitionArn ?? `ecs:${task.family ?? ''}`,
      ...(file ? { file } : {}),
    };
    const facts: RawFact[] = [];
    // The service's own facts (desiredCount, launchType) were not set by the registration.
    const by = task.registeredBy ?? undefined;
    const add = (path: string, value: Scalar | readonly Scalar[] | undefined): void => {
      if (value === undefined || value === null) return;
      const own = by && path !== 'desiredCount' && path !== 'launchType';
      facts.push({ path, value, location, ...(own ? { modifiedBy: by } : {}) });
    };
    const main =
      task.containerDefinitions.find((c) => c.essential !== false) ?? task.containerDefinitions[0];
    add('image', main?.image);
    add('cpu', task.cpu);
    add('memory', task.memory);
    add('desiredCount', service?.desiredCount);
    add('launchType', service?.launchType);
    const refs: SecretReference[] = [];
    for (const c of task.containerDefinitions) {
      const prefix = `container.${keySegment(c.name, ctx.environment.aliases)}`;
      add(`${prefix}.image`, c.image);
      const own = new Set<string>();
      for (const e of c.environment ?? []) {
        if (!e.name) continue;
        own.add(e.name);
        add(`${prefix}.env.${e.name}`, e.value ?? '');
      }
      const files = c.environmentFiles ?? [];
      if (files.length > 0) {
        // Which files a container reads is compared too (a reference), live or not.
        add(
          `${prefix}.environmentFiles`,
          files.map((f) => environmentFileUri(f.value)).sort(byCodeUnit),
        );
        // An export comes from the pull request (SPEC §7a): it must not make parity read the
        // S3 objects it names, so only the live task definition's files are read.
        if (!file) {
          const read = await readEnvironmentFiles(ctx.aws, c.name, files, opts.allowSkipped);
          // ECS: a variable of the task definition's own `environment` takes precedence over
          // the same variable in an environment file (ContainerDefinition.environmentFiles).
          for (const v of read.filter((v) => !own.has(v.name)))
            facts.push({ path: `${prefix}.env.${v.name}`, value: v.value, location: v.location });
        }
      }
      for (const s of c.secrets ?? []) {
        add(`${prefix}.secret.${s.name}`, s.valueFrom);
        refs.push({ at: `${prefix}.secret.${s.name}`, target: s.valueFrom, location });
      }
      if (c.healthCheck?.command) add(`${prefix}.healthCheck`, c.healthCheck.command.join(' '));
    }
    const references =
      opts.resolveSecrets && !opts.export && refs.length > 0
        ? await resolveReferences(ctx.sourceName, refs, ctx.aws)
        : [];
    return { facts, references };
  },
});

async function describeService(
  aws: AwsClients,
  cluster: string | undefined,
  service: string,
): Promise<ServiceInfo> {
  const client = await aws.client('ecs');
  const { DescribeServicesCommand } = await import('../aws/sdk/ecs.js');
  const where = cluster ?? 'the default cluster';
  const out = await awsCall(aws, 'ecs', `ECS service ${service} in ${where}`, () =>
    client.send(
      new DescribeServicesCommand({ ...(cluster ? { cluster } : {}), services: [service] }),
    ),
  );
  const found = out.services?.[0];
  if (!found?.taskDefinition) {
    throw new ParityError('SOURCE_FAILED', `ECS service ${service} not found in ${where}`);
  }
  return {
    taskDefinition: found.taskDefinition,
    desiredCount: found.desiredCount,
    launchType: found.launchType ?? found.capacityProviderStrategy?.[0]?.capacityProvider,
    arn: found.serviceArn,
  };
}

async function describeTask(aws: AwsClients, taskDefinition: string): Promise<TaskDefinition> {
  const client = await aws.client('ecs');
  const { DescribeTaskDefinitionCommand } = await import('../aws/sdk/ecs.js');
  const out = await awsCall(aws, 'ecs', `ECS task definition ${taskDefinition}`, () =>
    client.send(new DescribeTaskDefinitionCommand({ taskDefinition })),
  );
  const parsed = taskDefinitionShape.safeParse(out.taskDefinition);
  if (!parsed.success)
    throw new ParityError(
      'SOURCE_FAILED',
      `ECS task definition ${taskDefinition}: unexpected response`,
    );
  return parsed.data;
}

/** `arn:aws:s3:::bucket/key.env` → bucket and key (the only form ECS takes). */
function s3Object(arn: string): { bucket: string; key: string } | undefined {
  const m = /^arn:aws[\w-]*:s3:::([^/]+)\/(.+)$/.exec(arn);
  return m?.[1] && m[2] ? { bucket: m[1], key: m[2] } : undefined;
}

/** An environment file as users see S3 objects: `s3://bucket/key` (anything else as written). */
function environmentFileUri(value: string): string {
  const object = s3Object(value);
  return object ? `s3://${object.bucket}/${object.key}` : value;
}

interface FileVariable {
  readonly name: string;
  readonly value: string;
  readonly location: FactLocation;
}

/**
 * The variables of a container's environment files, read from S3 in parallel. Files are
 * applied in their order, a later file's variable replacing an earlier one's (ECS processes
 * them "from the top down", as `docker run --env-file` does). A file that cannot be read fails
 * the source (SPEC §11: fail closed) unless `allowSkipped`, which leaves its variables out.
 */
async function readEnvironmentFiles(
  aws: AwsClients,
  containerName: string,
  files: readonly EnvironmentFile[],
  allowSkipped: boolean,
): Promise<FileVariable[]> {
  const read = await Promise.all(
    files.map(async (f) => {
      try {
        return await readEnvironmentFile(aws, f);
      } catch (error) {
        if (allowSkipped) return [];
        const reason =
          error instanceof ParityError ? error.message : describeAwsError(error, f.value);
        throw new ParityError(
          'SOURCE_FAILED',
          `environment file of container ${containerName}: ${reason}`,
          {
            hint: 'grant s3:GetObject on it, or set allowSkipped: true to read the task definition without it',
          },
        );
      }
    }),
  );
  const merged = new Map<string, FileVariable>();
  for (const v of read.flat()) merged.set(v.name, v);
  return [...merged.values()].sort((a, b) => byCodeUnit(a.name, b.name));
}

/** ECS sets no size limit; parity refuses a larger object rather than hold it in memory. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

async function readEnvironmentFile(
  aws: AwsClients,
  file: EnvironmentFile,
): Promise<FileVariable[]> {
  const object = s3Object(file.value);
  if ((file.type ?? 's3') !== 's3' || !object) {
    throw new ParityError(
      'SOURCE_FAILED',
      `${file.value}: not an S3 object ARN (arn:aws:s3:::bucket/key)`,
    );
  }
  const uri = environmentFileUri(file.value);
  const client = await aws.client('s3');
  const { GetObjectCommand } = await import('../aws/sdk/s3.js');
  const bytes = await awsCall(aws, 's3', uri, async () => {
    const out = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    if ((out.ContentLength ?? 0) > MAX_ENV_FILE_BYTES || !out.Body) return undefined;
    return out.Body.transformToByteArray();
  });
  if (!bytes || bytes.length > MAX_ENV_FILE_BYTES) {
    throw new ParityError(
      'SOURCE_FAILED',
      `${uri}: empty answer or over ${MAX_ENV_FILE_BYTES / 1024} KB`,
    );
  }
  if (bytes.includes(0))
    throw new ParityError('SOURCE_FAILED', `${uri}: binary content, expected text`);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  return envFileAssignments(text, uri).map((a) => ({
    name: a.name,
    value: a.value,
    location: { uri, line: a.line },
  }));
}

/**
 * The assignments of an ECS environment file. Not dotenv syntax: ECS hands the file to the
 * container as a Docker env-file, where "spaces or quotation marks are included as part of the
 * values" and nothing is expanded (Amazon ECS developer guide, "Pass environment variables to
 * a container"), so dotenv's unquoting, inline comments and `${VAR}` expansion would report
 * values the container never sees. `#` lines and blank lines are skipped; any other line
 * without `VAR=` is refused, as the dotenv source refuses it, rather than silently dropped.
 * Errors name the line, never its content (a value may be a secret).
 */
export function envFileAssignments(
  text: string,
  uri: string,
): { name: string; value: string; line: number }[] {
  const out: { name: string; value: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq) : '';
    if (!name || /\s/.test(name)) {
      throw new ParityError('SOURCE_FAILED', `${uri}:${i + 1}: not a VAR=value line`);
    }
    out.push({ name, value: line.slice(eq + 1), line: i + 1 });
  }
  return out;
}
