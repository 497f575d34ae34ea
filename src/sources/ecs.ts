/**
 * `ecs`: a service's task definition (cluster + service → DescribeServices →
 * DescribeTaskDefinition), or a task definition directly, or an `aws ecs
 * describe-task-definition` export. Container names have the environment's aliases replaced in
 * keys, so `web-staging` and `web-production` compare as one container.
 */
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import { allowSkippedOption, exportOrLive, keySegment } from './_export.js';
import type { SecretReference } from './_references.js';
import { resolveReferences } from './_references.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('ecs'),
  allowSkipped: allowSkippedOption,
  cluster: z
    .string()
    .min(1)
    .optional()
    .describe("The cluster of `service:` (default: the account's default cluster)."),
  service: z.string().min(1).optional().describe('Service name or ARN (needs cluster).'),
  taskDefinition: z.string().min(1).optional().describe('family, family:revision or ARN.'),
  export: z.string().min(1).optional().describe('`aws ecs describe-task-definition` JSON.'),
  resolveSecrets: z
    .boolean()
    .default(true)
    .describe('Check that every `valueFrom` exists (read-only GetParameters/GetSecretValue).'),
});

const keyValue = z
  .array(z.object({ name: z.string().optional(), value: z.string().optional() }))
  .optional();
const container = z.object({
  name: z.string(),
  image: z.string().optional(),
  essential: z.boolean().optional(),
  environment: keyValue,
  secrets: z.array(z.object({ name: z.string(), valueFrom: z.string() })).optional(),
  healthCheck: z.object({ command: z.array(z.string()).optional() }).optional(),
});
const taskDefinitionShape = z.object({
  taskDefinitionArn: z.string().optional(),
  family: z.string().optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
  containerDefinitions: z.array(container).default([]),
});
type TaskDefinition = z.infer<typeof taskDefinitionShape>;
const exportFile = z.object({ taskDefinition: taskDefinitionShape });

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
  // Checked on each environment's merged options (a shared declaration may be completed by an override).
  check: (o) =>
    o.export || o.taskDefinition || (o.service && o.cluster)
      ? undefined
      : 'give cluster + service, taskDefinition, or export',
  services: ['ecs', 'ssm', 'secretsmanager'],
  requestChain: 3, // DescribeServices → DescribeTaskDefinition → secret references
  kinds: {
    image: 'image',
    'container.*.image': 'image',
    'container.*.secret.*': 'reference',
    'container.*.healthCheck': 'command',
    cpu: 'size',
    memory: 'size',
    desiredCount: 'size',
  },
  async load(opts, ctx) {
    const { value, file } = await exportOrLive(
      ctx,
      opts.export,
      exportFile,
      'aws ecs describe-task-definition',
      (data): { task: TaskDefinition; service?: ServiceInfo } => ({ task: data.taskDefinition }),
      async () => {
        const service =
          opts.service && opts.cluster
            ? await describeService(ctx.aws, opts.cluster, opts.service)
            : undefined;
        const task = await describeTask(
          ctx.aws,
          opts.taskDefinition ?? service?.taskDefinition ?? '',
        );
        return { task, ...(service ? { service } : {}) };
      },
      opts.allowSkipped,
    );
    const { task, service } = value;
    const location = {
      uri: task.taskDefinitionArn ?? `ecs:${task.family ?? ''}`,
      ...(file ? { file } : {}),
    };
    const facts: RawFact[] = [];
    const add = (path: string, value: string | number | undefined): void => {
      if (value !== undefined) facts.push({ path, value, location });
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
      for (const e of c.environment ?? [])
        if (e.name) add(`${prefix}.env.${e.name}`, e.value ?? '');
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
  cluster: string,
  service: string,
): Promise<ServiceInfo> {
  const client = await aws.client('ecs');
  const { DescribeServicesCommand } = await import('../aws/sdk/ecs.js');
  const out = await awsCall(aws, 'ecs', `ECS service ${service} in ${cluster}`, () =>
    client.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
  const found = out.services?.[0];
  if (!found?.taskDefinition) {
    throw new ParityError(
      'SOURCE_FAILED',
      `ECS service ${service} not found in cluster ${cluster}`,
    );
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
