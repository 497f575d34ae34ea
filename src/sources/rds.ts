/**
 * `rds`: one DB instance (DescribeDBInstances), its parameter group's user-modified parameters
 * when `parameters: true`; or an `export:` of it (SPEC §11: `aws rds describe-db-instances`
 * output, its `--query DBInstances` list or `DBInstances[0]` object, or the `{"DBInstance": …}`
 * that create/modify print).
 */
import * as z from 'zod';
import { awsCall, describeAwsError } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { engineMajor } from '../snapshot/versions.js';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import {
  allowSkippedOption,
  bareOrWrapped,
  exportOrLive,
  liveIdentifier,
  pickOne,
} from './_export.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('rds'),
  allowSkipped: allowSkippedOption,
  instance: z
    .string()
    .min(1)
    .optional()
    .describe(
      'DB instance identifier; with `export:`, needed only when the export lists several instances.',
    ),
  parameters: z
    .boolean()
    .default(false)
    .describe('Also read the parameter group’s modified parameters.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe(
      'An instance file instead of calling AWS: `aws rds describe-db-instances` output, its `DBInstances` list or one `DBInstance` object.',
    ),
});

const instanceShape = z.object({
  DBInstanceIdentifier: z.string(),
  DBInstanceArn: z.string().nullish(),
  Engine: z.string().nullish(),
  EngineVersion: z.string().nullish(),
  DBInstanceClass: z.string().nullish(),
  AllocatedStorage: z.number().nullish(),
  MultiAZ: z.boolean().nullish(),
  BackupRetentionPeriod: z.number().nullish(),
  StorageEncrypted: z.boolean().nullish(),
  DeletionProtection: z.boolean().nullish(),
  PubliclyAccessible: z.boolean().nullish(),
  DBParameterGroups: z.array(z.object({ DBParameterGroupName: z.string().nullish() })).nullish(),
  Endpoint: z.object({ Address: z.string().nullish() }).nullish(),
});
type Instance = z.infer<typeof instanceShape>;
// Every shape as a list of instances, each identified by its DBInstanceIdentifier.
const exportFile = bareOrWrapped(
  z.preprocess((data) => (Array.isArray(data) ? data : [data]), z.array(instanceShape)),
  ['DBInstances'],
  ['DBInstance'],
);

export const rdsSource = defineSource({
  type: 'rds',
  description:
    'An RDS DB instance: engine and version, class, storage, backups, encryption, parameters.',
  options,
  // An export is the whole input (`instance:` picks one of several); a live read needs the id.
  check: (o) => (o.export || o.instance ? undefined : 'give instance or export'),
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
      {
        schema: exportFile,
        command: 'aws rds describe-db-instances',
        accepts:
          '`aws rds describe-db-instances` output, its `DBInstances` list, one `DBInstance` object, or `{"DBInstance": …}`',
        pick: (data): Instance => pickOne(data, INSTANCES, opts.instance),
      },
      () => describe(ctx.aws, liveIdentifier(opts.instance, 'instance')),
      opts.allowSkipped,
    );
    const location = {
      uri: instance.DBInstanceArn ?? `rds:${instance.DBInstanceIdentifier}`,
      ...(file ? { file } : {}),
    };
    const facts: RawFact[] = [];
    const family = instance.Engine ?? undefined;
    const add = (path: string, value: Scalar | undefined): void => {
      if (value !== undefined && value !== null) facts.push({ path, value, location });
    };
    // Versions carry their engine: a major is counted per engine (snapshot/versions.ts).
    const addVersion = (path: string, value: string | undefined | null): void => {
      if (value !== undefined && value !== null)
        facts.push({ path, value, location, ...(family ? { family } : {}) });
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

const INSTANCES = {
  noun: 'RDS instance',
  option: 'instance',
  nameOf: (i: Instance) => i.DBInstanceIdentifier,
};

async function describe(aws: AwsClients, id: string): Promise<Instance> {
  const client = await aws.client('rds');
  const { DescribeDBInstancesCommand } = await import('../aws/sdk/rds.js');
  try {
    const out = await aws.limit('rds', () =>
      client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
    );
    const found = out.DBInstances?.[0];
    if (found) return instanceShape.parse(found);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'DBInstanceNotFoundFault'))
      throw new ParityError('AWS_ERROR', describeAwsError(error, `RDS instance ${id}`));
  }
  throw new ParityError('SOURCE_FAILED', `RDS instance ${id} not found`);
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
