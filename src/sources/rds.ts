/**
 * `rds`: one DB instance (DescribeDBInstances), its parameter group's user-modified parameters
 * when `parameters: true`; or an `aws rds describe-db-instances` export.
 */
import * as z from 'zod';
import { awsCall, describeAwsError } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { engineMajor } from '../snapshot/versions.js';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { allowSkippedOption, exportOrLive } from './_export.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('rds'),
  allowSkipped: allowSkippedOption,
  instance: z.string().min(1).describe('DB instance identifier.'),
  parameters: z
    .boolean()
    .default(false)
    .describe('Also read the parameter group’s modified parameters.'),
  export: z.string().min(1).optional().describe('`aws rds describe-db-instances` JSON.'),
});

const instanceShape = z.object({
  DBInstanceIdentifier: z.string(),
  DBInstanceArn: z.string().optional(),
  Engine: z.string().optional(),
  EngineVersion: z.string().optional(),
  DBInstanceClass: z.string().optional(),
  AllocatedStorage: z.number().optional(),
  MultiAZ: z.boolean().optional(),
  BackupRetentionPeriod: z.number().optional(),
  StorageEncrypted: z.boolean().optional(),
  DeletionProtection: z.boolean().optional(),
  PubliclyAccessible: z.boolean().optional(),
  DBParameterGroups: z.array(z.object({ DBParameterGroupName: z.string().optional() })).optional(),
  Endpoint: z.object({ Address: z.string().optional() }).nullish(),
});
type Instance = z.infer<typeof instanceShape>;
const exportFile = z.object({ DBInstances: z.array(instanceShape) });

export const rdsSource = defineSource({
  type: 'rds',
  description:
    'An RDS DB instance: engine and version, class, storage, backups, encryption, parameters.',
  options,
  services: ['rds'],
  requestChain: 2, // DescribeDBInstances → DescribeDBParameters
  kinds: {
    engineVersion: 'version',
    engineMajor: 'version-major',
    instanceClass: 'size',
    allocatedStorage: 'size',
  },
  providesHosts: true,
  async load(opts, ctx) {
    const { value: instance, file } = await exportOrLive(
      ctx,
      opts.export,
      exportFile,
      'aws rds describe-db-instances',
      (data) => data.DBInstances.find((i) => i.DBInstanceIdentifier === opts.instance),
      () => describe(ctx.aws, opts.instance),
      opts.allowSkipped,
    );
    if (!instance)
      throw new ParityError('SOURCE_FAILED', `RDS instance ${opts.instance} not found`);
    const location = {
      uri: instance.DBInstanceArn ?? `rds:${opts.instance}`,
      ...(file ? { file } : {}),
    };
    const facts: RawFact[] = [];
    const family = instance.Engine;
    const add = (path: string, value: Scalar | undefined): void => {
      if (value !== undefined) facts.push({ path, value, location });
    };
    // Versions carry their engine: a major is counted per engine (snapshot/versions.ts).
    const addVersion = (path: string, value: string | undefined): void => {
      if (value !== undefined) facts.push({ path, value, location, ...(family ? { family } : {}) });
    };
    const group = instance.DBParameterGroups?.[0]?.DBParameterGroupName;
    add('engine', instance.Engine);
    addVersion('engineVersion', instance.EngineVersion);
    addVersion(
      'engineMajor',
      instance.EngineVersion ? engineMajor(family, instance.EngineVersion) : undefined,
    );
    add('instanceClass', instance.DBInstanceClass);
    add('allocatedStorage', instance.AllocatedStorage);
    add('multiAZ', instance.MultiAZ);
    add('backupRetentionPeriod', instance.BackupRetentionPeriod);
    add('storageEncrypted', instance.StorageEncrypted);
    add('deletionProtection', instance.DeletionProtection);
    add('publiclyAccessible', instance.PubliclyAccessible);
    add('parameterGroup', group);
    if (opts.parameters && group && !opts.export) {
      for (const [name, value] of await parameters(ctx.aws, group))
        add(`parameters.${name}`, value);
    }
    // The endpoint AWS reports is one a probe may connect to; an export's is only a claim.
    const endpoint = file ? undefined : instance.Endpoint?.Address;
    return { facts, ...(endpoint ? { hosts: [endpoint] } : {}) };
  },
});

async function describe(aws: AwsClients, id: string): Promise<Instance | undefined> {
  const client = await aws.client('rds');
  const { DescribeDBInstancesCommand } = await import('../aws/sdk/rds.js');
  try {
    const out = await aws.limit('rds', () =>
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
    );
    const found = out.DBInstances?.[0];
    return found ? instanceShape.parse(found) : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'DBInstanceNotFoundFault') return undefined;
    throw new ParityError('AWS_ERROR', describeAwsError(error, `RDS instance ${id}`));
  }
}

async function parameters(aws: AwsClients, group: string): Promise<[string, string][]> {
  const client = await aws.client('rds');
  const { DescribeDBParametersCommand } = await import('../aws/sdk/rds.js');
  const out: [string, string][] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall(aws, 'rds', `RDS parameter group ${group}`, () =>
      client.send(
        new DescribeDBParametersCommand({
          DBParameterGroupName: group,
          Source: 'user',
          Marker: marker,
        }),
      ),
    );
    for (const p of page.Parameters ?? []) {
      if (p.ParameterName && p.ParameterValue !== undefined)
        out.push([p.ParameterName, p.ParameterValue]);
    }
    marker = page.Marker;
  } while (marker);
  return out;
}
