/**
 * `apprunner`: one App Runner service (DescribeService; by name through ListServices, as the API
 * takes ARNs only), or an `export:` of it (SPEC §11: the whole `aws apprunner describe-service`
 * output or its bare `Service`, as `--query Service` prints it). Secret references are resolved
 * read-only so that a reference to nothing is a `dangling-reference`.
 */
import { declaredOption, lineOf } from './_declared.js';
import { parse as parseYaml } from 'yaml';
import { readTextFile } from '../util/files.js';
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import {
  allowSkippedOption,
  bareOrWrapped,
  exportOrLive,
  liveIdentifier,
  toDate,
} from './_export.js';
import type { SecretReference } from './_references.js';
import { resolveReferences } from './_references.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('apprunner'),
  allowSkipped: allowSkippedOption,
  declared: declaredOption,
  service: z.string().min(1).optional().describe('Service name or ARN; not needed with `export:`.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A service file instead of calling AWS: `aws apprunner describe-service` output, whole or its bare `Service`.',
    ),
  resolveSecrets: z
    .boolean()
    .default(true)
    .describe('Check that every secret reference exists (read-only GetParameters/GetSecretValue).'),
});

// `.nullish()` throughout: console and SDK-serialized JSON write `null` for absent fields.
const stringMap = z.record(z.string(), z.string()).nullish();
const codeValues = z
  .object({
    Runtime: z.string().nullish(),
    BuildCommand: z.string().nullish(),
    StartCommand: z.string().nullish(),
    Port: z.string().nullish(),
    RuntimeEnvironmentVariables: stringMap,
    RuntimeEnvironmentSecrets: stringMap,
  })
  .nullish();

/** The fields of DescribeService parity reads; SDK output and CLI JSON share this shape. */
const serviceShape = z.object({
  ServiceName: z.string().nullish(),
  ServiceArn: z.string().nullish(),
  ServiceUrl: z.string().nullish(),
  UpdatedAt: z.union([z.date(), z.string(), z.number()]).nullish(),
  SourceConfiguration: z
    .object({
      AutoDeploymentsEnabled: z.boolean().nullish(),
      ImageRepository: z
        .object({
          ImageIdentifier: z.string().nullish(),
          ImageRepositoryType: z.string().nullish(),
          ImageConfiguration: z
            .object({
              Port: z.string().nullish(),
              StartCommand: z.string().nullish(),
              RuntimeEnvironmentVariables: stringMap,
              RuntimeEnvironmentSecrets: stringMap,
            })
            .nullish(),
        })
        .nullish(),
      CodeRepository: z
        .object({
          RepositoryUrl: z.string().nullish(),
          SourceCodeVersion: z
            .object({ Type: z.string().nullish(), Value: z.string().nullish() })
            .nullish(),
          CodeConfiguration: z.object({ CodeConfigurationValues: codeValues }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  InstanceConfiguration: z
    .object({ Cpu: z.string().nullish(), Memory: z.string().nullish() })
    .nullish(),
  HealthCheckConfiguration: z
    .object({ Protocol: z.string().nullish(), Path: z.string().nullish() })
    .nullish(),
  AutoScalingConfigurationSummary: z
    .object({ AutoScalingConfigurationName: z.string().nullish() })
    .nullish(),
});
type Service = z.infer<typeof serviceShape>;
// What makes a file a service (SPEC §7a: identifying fields stay required): its name, which
// every DescribeService answer carries.
const exportFile = bareOrWrapped(serviceShape.extend({ ServiceName: z.string().min(1) }), [
  'Service',
]);

export const appRunnerSource = defineSource({
  type: 'apprunner',
  description:
    'An AWS App Runner service: image, port, env, secret references, instance, health check.',
  options,
  // An export is the whole input; a live read needs the service's name or ARN.
  check: (o) => (o.export || o.service ? undefined : 'give service or export'),
  services: ['apprunner', 'ssm', 'secretsmanager'],
  requestChain: 3, // ListServices → DescribeService → secret references
  kinds: {
    image: 'image',
    imageTag: 'image',
    'secret.*': 'reference',
    'instance.*': 'size',
    'autoscaling.*': 'size',
    startCommand: 'command',
  },
  declaration: {
    // apprunner.yaml declares how a source-code service runs; a service JSON declares it all.
    covers: (o) =>
      isAppRunnerYaml(o.declared)
        ? ['port', 'startCommand', 'env.*', 'secret.*']
        : [
            'image',
            'imageTag',
            'port',
            'startCommand',
            'env.*',
            'secret.*',
            'instance.*',
            'healthCheck.*',
          ],
    // A service JSON is read as an `export:` (offline: no AWS call).
    read: async (o, ctx) =>
      isAppRunnerYaml(o.declared) ? readAppRunnerYaml(o.declared ?? '', ctx) : undefined,
  },
  async load(opts, ctx) {
    const { value: service, file } = await exportOrLive(
      ctx,
      opts.export,
      {
        schema: exportFile,
        command: 'aws apprunner describe-service',
        accepts:
          '`aws apprunner describe-service` output, whole or its bare `Service` (`--query Service`)',
        pick: (data): Service => data,
      },
      () => describe(ctx.aws, liveIdentifier(opts.service, 'service')),
      opts.allowSkipped,
    );
    const location = {
      uri: service.ServiceArn ?? `apprunner:${opts.service ?? service.ServiceName ?? ''}`,
      ...(file ? { file } : {}),
    };
    const updated = toDate(service.UpdatedAt);
    const facts: RawFact[] = [];
    const add = (
      path: string,
      value: string | number | boolean | undefined | null,
      sensitive = false,
    ): void => {
      if (value === undefined || value === null) return;
      facts.push({
        path,
        value,
        location,
        ...(sensitive ? { sensitive } : {}),
        ...(updated ? { lastModified: updated } : {}),
      });
    };
    const src = service.SourceConfiguration;
    const image = src?.ImageRepository;
    const code = src?.CodeRepository;
    const config = image?.ImageConfiguration ?? code?.CodeConfiguration?.CodeConfigurationValues;
    if (image?.ImageIdentifier) {
      add('image', image.ImageIdentifier);
      add('imageTag', imageTag(image.ImageIdentifier));
    } else if (code?.RepositoryUrl) {
      add('image', code.RepositoryUrl);
      add('imageTag', code.SourceCodeVersion?.Value);
    }
    add('port', config?.Port);
    add('startCommand', config?.StartCommand);
    for (const [name, value] of Object.entries(config?.RuntimeEnvironmentVariables ?? {}))
      add(`env.${name}`, value);
    const refs: SecretReference[] = [];
    for (const [name, target] of Object.entries(config?.RuntimeEnvironmentSecrets ?? {})) {
      add(`secret.${name}`, target);
      refs.push({ at: `secret.${name}`, target, location });
    }
    add('instance.cpu', service.InstanceConfiguration?.Cpu);
    add('instance.memory', service.InstanceConfiguration?.Memory);
    add('healthCheck.path', service.HealthCheckConfiguration?.Path);
    add('healthCheck.protocol', service.HealthCheckConfiguration?.Protocol);
    add('autoDeploy', src?.AutoDeploymentsEnabled);
    add('autoscaling.name', service.AutoScalingConfigurationSummary?.AutoScalingConfigurationName);
    add(
      'url',
      service.ServiceUrl ? `https://${service.ServiceUrl.replace(/^https?:\/\//, '')}` : undefined,
    );
    const references =
      opts.resolveSecrets && !opts.export && refs.length > 0
        ? await resolveReferences(ctx.sourceName, refs, ctx.aws)
        : [];
    return { facts, references };
  },
});

/** The tag (`:staging`) or digest (`@sha256:…`) of an image identifier. */
export function imageTag(identifier: string): string | undefined {
  const at = identifier.indexOf('@');
  if (at >= 0) return identifier.slice(at + 1);
  const slash = identifier.lastIndexOf('/');
  const colon = identifier.lastIndexOf(':');
  return colon > slash ? identifier.slice(colon + 1) : 'latest';
}

async function describe(aws: AwsClients, service: string): Promise<Service> {
  const client = await aws.client('apprunner');
  const { DescribeServiceCommand, ListServicesCommand } = await import('../aws/sdk/apprunner.js');
  let arn = service.startsWith('arn:') ? service : undefined;
  let token: string | undefined;
  while (!arn) {
    const page = await awsCall(aws, 'apprunner', `App Runner services`, () =>
      client.send(new ListServicesCommand({ MaxResults: 20, NextToken: token })),
    );
    arn = page.ServiceSummaryList?.find((s) => s.ServiceName === service)?.ServiceArn;
    token = page.NextToken;
    if (!arn && !token) {
      throw new ParityError('SOURCE_FAILED', `App Runner service ${service} not found`);
    }
  }
  const serviceArn = arn;
  const out = await awsCall(aws, 'apprunner', `App Runner service ${service}`, () =>
    client.send(new DescribeServiceCommand({ ServiceArn: serviceArn })),
  );
  const parsed = serviceShape.safeParse(out.Service);
  if (!parsed.success)
    throw new ParityError('SOURCE_FAILED', `App Runner service ${service}: unexpected response`);
  return parsed.data;
}

const isAppRunnerYaml = (file: string | undefined): boolean => /\.ya?ml$/i.test(file ?? '');

// The App Runner configuration file (`apprunner.yaml`): what a source-code service runs.
const appRunnerYamlShape = z.object({
  run: z
    .object({
      command: z.string().optional(),
      network: z.object({ port: z.union([z.number(), z.string()]).optional() }).optional(),
      env: z
        .array(
          z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
        )
        .optional(),
      secrets: z.array(z.object({ name: z.string(), 'value-from': z.string() })).optional(),
    })
    .optional(),
});

async function readAppRunnerYaml(
  file: string,
  ctx: { readonly baseDir: string; readonly rootDir: string },
): Promise<RawFact[]> {
  const { text, displayPath } = await readTextFile(ctx.baseDir, file, ctx.rootDir);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: not valid YAML`);
  }
  const parsed = appRunnerYamlShape.safeParse(data);
  if (!parsed.success)
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: not an apprunner.yaml (run: command, network, env, secrets)`,
    );
  const run = parsed.data.run ?? {};
  const facts: RawFact[] = [];
  // Each at the line of its YAML key (`command:`, `port:`, `- name: X`).
  const add = (path: string, value: string, key: string): void => {
    const line = lineOf(text, key);
    facts.push({ path, value, location: { file: displayPath, ...(line ? { line } : {}) } });
  };
  if (run.command !== undefined) add('startCommand', run.command, 'command');
  if (run.network?.port !== undefined) add('port', String(run.network.port), 'port');
  for (const e of run.env ?? []) add(`env.${e.name}`, String(e.value), e.name);
  for (const e of run.secrets ?? []) add(`secret.${e.name}`, e['value-from'], e.name);
  return facts;
}
