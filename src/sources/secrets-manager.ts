/**
 * `secrets-manager`: one secret (`secret:`) or every secret under a name `prefix:`. JSON secrets
 * are split by key; every value is sensitive. Live or from an `export:` (SPEC §11: `aws
 * secretsmanager get-secret-value` output, a list of those, or `batch-get-secret-value` output).
 */
import { declaredOption, readNameValues } from './_declared.js';
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { allowSkippedOption, exportOrLive, pickOne, toDate } from './_export.js';
import { defineSource } from './types.js';
import { byCodeUnit } from '../util/order.js';

const options = z.strictObject({
  type: z.literal('secrets-manager'),
  allowSkipped: allowSkippedOption,
  declared: declaredOption,
  secret: z
    .string()
    .min(1)
    .optional()
    .describe('A secret name or ARN; with `export:`, needed only when the export holds several.'),
  prefix: z.string().min(1).optional().describe('Every secret whose name starts with this.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Secret values instead of calling AWS: `aws secretsmanager get-secret-value` output (one, or a list for a prefix) or `batch-get-secret-value` output.',
    ),
});

const secretValue = z.object({
  ARN: z.string().nullish(),
  Name: z.string(),
  SecretString: z.string().nullish(),
  SecretBinary: z.string().nullish().describe('base64, as the AWS CLI prints it'),
  CreatedDate: z.union([z.string(), z.number()]).nullish(),
  LastChangedDate: z.union([z.string(), z.number()]).nullish(),
});
// `batch-get-secret-value` answers the secrets it could read and lists the others in Errors.
const batchError = z.object({ SecretId: z.string().optional(), ErrorCode: z.string().optional() });
const exportFile = z.union([
  secretValue,
  z.array(secretValue),
  z.object({ Secrets: z.array(secretValue) }),
  z.object({ SecretValues: z.array(secretValue), Errors: z.array(batchError).nullish() }),
]);

function exportedSecrets(data: z.infer<typeof exportFile>, allowSkipped: boolean) {
  if (Array.isArray(data)) return data;
  if ('Secrets' in data) return data.Secrets;
  if ('SecretValues' in data) {
    const failed = data.Errors ?? [];
    if (failed.length > 0 && !allowSkipped) {
      throw new ParityError(
        'SOURCE_FAILED',
        `the batch-get-secret-value export lists ${failed.length} secret${failed.length === 1 ? '' : 's'} it could not read (${failed
          .slice(0, 3)
          .map((e) => `${e.SecretId ?? '?'}: ${e.ErrorCode ?? 'error'}`)
          .join(', ')}); set allowSkipped: true to accept`,
      );
    }
    return data.SecretValues;
  }
  return [data];
}

interface SecretRecord {
  readonly name: string;
  readonly arn?: string | undefined;
  /** The text, or `binary:<base64>` for a binary secret (sensitive: only its HMAC is ever compared). */
  readonly value: string | undefined;
  readonly lastModified?: Date | undefined;
}

/** A binary secret as a value that two different binaries cannot share (never `null`). */
function binaryValue(bytes: Uint8Array | string): string {
  return `binary:${typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64')}`;
}

export const secretsManagerSource = defineSource({
  type: 'secrets-manager',
  description: 'AWS Secrets Manager: one secret, or all under a prefix; JSON secrets split by key.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an
  // override). An export holding one secret needs neither: it is that secret.
  check: (o) => {
    if (o.secret && o.prefix) return 'give one of secret or prefix, not both';
    return o.secret || o.prefix || o.export ? undefined : 'give secret, prefix, or export';
  },
  services: ['secretsmanager'],
  requestChain: 2, // ListSecrets pages → GetSecretValue
  declaration: {
    covers: ['*'],
    // A mapping of the secret's JSON keys (or, with prefix:, `<name>/<key>`) to values.
    read: (opts, ctx) => readNameValues(opts.declared ?? '', ctx),
  },
  async load(opts, ctx) {
    const { value: secrets, file } = await exportOrLive(
      ctx,
      opts.export,
      {
        schema: exportFile,
        command: 'aws secretsmanager get-secret-value',
        accepts:
          '`aws secretsmanager get-secret-value` output (one object, or a list of them) or `batch-get-secret-value` output',
        pick: (data): SecretRecord[] => {
          const exported = exportedSecrets(data, opts.allowSkipped);
          const { prefix } = opts;
          const chosen = prefix
            ? exported.filter((s) => s.Name.startsWith(prefix))
            : [pickOne(exported, SECRETS, opts.secret, (s, w) => matchesSecret(s.Name, s.ARN, w))];
          return chosen.map((s) => ({
            name: s.Name,
            arn: s.ARN ?? undefined,
            value: s.SecretString ?? (s.SecretBinary ? binaryValue(s.SecretBinary) : undefined),
            lastModified: toDate(s.LastChangedDate ?? s.CreatedDate),
          }));
        },
      },
      async () =>
        opts.secret
          ? [await fetchSecret(ctx.aws, opts.secret)]
          : fetchPrefix(ctx.aws, opts.prefix ?? ''),
      opts.allowSkipped,
    );
    if (secrets.length === 0) {
      throw new ParityError(
        'SOURCE_FAILED',
        opts.secret
          ? `secret ${opts.secret} not found`
          : `no secrets under the prefix ${opts.prefix ?? ''}`,
      );
    }
    const facts: RawFact[] = [];
    for (const secret of secrets) {
      const base = opts.prefix ? `${relativeName(secret.name, opts.prefix)}/` : '';
      const location = {
        uri: secret.arn ?? `secretsmanager:${secret.name}`,
        ...(file ? { file } : {}),
      };
      if (secret.value === undefined) {
        // Neither text nor binary: nothing was read, and nothing must "match" another nothing.
        throw new ParityError('SOURCE_FAILED', `secret ${secret.name} has no value`);
      }
      for (const [key, value] of splitSecret(secret.value)) {
        facts.push({
          path: `${base}${key}`,
          value,
          sensitive: true,
          location,
          ...(secret.lastModified ? { lastModified: secret.lastModified } : {}),
        });
      }
    }
    return { facts: facts.sort((a, b) => byCodeUnit(a.path, b.path)) };
  },
});

const SECRETS = { noun: 'secret', option: 'secret', nameOf: (s: { Name: string }) => s.Name };

function matchesSecret(name: string, arn: string | null | undefined, wanted: string): boolean {
  return (
    name === wanted ||
    arn === wanted ||
    (typeof arn === 'string' && wanted.startsWith('arn:') && arn.startsWith(wanted))
  );
}

function relativeName(name: string, prefix: string): string {
  return name.slice(prefix.length).replace(/^\/+/, '') || name;
}

/** JSON objects split by key (nested objects flattened with `.`); anything else is `value`. */
export function splitSecret(text: string | undefined): [string, Scalar][] {
  if (text === undefined) return [['value', null]];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [['value', text]];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return [['value', text]];
  const out: [string, Scalar][] = [];
  const walk = (obj: object, prefix: string): void => {
    for (const [key, value] of Object.entries(obj)) {
      const path = `${prefix}${key}`;
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        walk(value, `${path}.`);
      else if (
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'boolean'
      ) {
        out.push([path, value]);
      } else if (value === null) out.push([path, null]);
      else out.push([path, JSON.stringify(value)]);
    }
  };
  walk(parsed, '');
  return out;
}

async function fetchSecret(aws: AwsClients, id: string): Promise<SecretRecord> {
  const client = await aws.client('secretsmanager');
  const { GetSecretValueCommand, DescribeSecretCommand } =
    await import('../aws/sdk/secrets-manager.js');
  const what = `secret ${id}`;
  const [value, meta] = await Promise.all([
    awsCall(aws, 'secretsmanager', what, () =>
      client.send(new GetSecretValueCommand({ SecretId: id })),
    ),
    awsCall(aws, 'secretsmanager', what, () =>
      client.send(new DescribeSecretCommand({ SecretId: id })),
    ),
  ]);
  return {
    name: value.Name ?? id,
    arn: value.ARN,
    value: value.SecretString ?? (value.SecretBinary ? binaryValue(value.SecretBinary) : undefined),
    lastModified: meta.LastChangedDate ?? value.CreatedDate,
  };
}

async function fetchPrefix(aws: AwsClients, prefix: string): Promise<SecretRecord[]> {
  const client = await aws.client('secretsmanager');
  const { ListSecretsCommand } = await import('../aws/sdk/secrets-manager.js');
  const listed: { name: string; arn?: string | undefined; changed?: Date | undefined }[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(aws, 'secretsmanager', `secrets under ${prefix}`, () =>
      client.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: [prefix] }],
          MaxResults: 100,
          NextToken: token,
        }),
      ),
    );
    for (const s of page.SecretList ?? []) {
      // The name filter matches prefixes of words too; keep real prefixes only.
      if (s.Name?.startsWith(prefix))
        listed.push({ name: s.Name, arn: s.ARN, changed: s.LastChangedDate });
    }
    token = page.NextToken;
  } while (token);
  const values = await Promise.all(listed.map((s) => fetchSecret(aws, s.arn ?? s.name)));
  return values;
}
