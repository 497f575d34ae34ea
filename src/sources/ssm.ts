/**
 * `ssm`: every parameter under a path of SSM Parameter Store (recursive, decrypted), or an
 * export of `aws ssm get-parameters-by-path --recursive --with-decryption`.
 */
import { declaredOption, readNameValues } from './_declared.js';
import type { Parameter as SdkParameter } from '@aws-sdk/client-ssm';

/** A parameter as read, with who last changed it when DescribeParameters says. */
type Parameter = SdkParameter & { readonly LastModifiedUser?: string | undefined };
import * as z from 'zod';
import { describeAwsError, isAccessDenied } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import type { RawFact } from '../snapshot/types.js';
import { allowSkippedOption, readExport, toDate } from './_export.js';
import { defineSource } from './types.js';
import { byCodeUnit } from '../util/order.js';

const options = z.strictObject({
  type: z.literal('ssm'),
  allowSkipped: allowSkippedOption,
  declared: declaredOption,
  path: z.string().min(1).describe('Parameter path, e.g. /tableicty/${env}/.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe('Read this `aws ssm get-parameters-by-path` JSON instead of calling AWS.'),
  recursive: z.boolean().default(true).describe('Read parameters below sub-paths too.'),
  strategy: z
    .enum(['auto', 'by-path', 'describe'])
    .default('auto')
    .describe(
      'by-path: GetParametersByPath, 10 a page, one page after another. describe: DescribeParameters (50 a page on AWS) with GetParameters batches in parallel — fewer sequential round trips on AWS, needs ssm:DescribeParameters. auto: describe, falling back to by-path where DescribeParameters is denied (bench/RESULTS.md).',
    ),
  allowEmpty: z
    .boolean()
    .default(false)
    .describe(
      'Accept a path with no parameters (otherwise a source error: a wrong path must not look like no drift).',
    ),
});

/** One parameter as both the SDK and the AWS CLI's JSON describe it. */
const exportedParameter = z.object({
  Name: z.string(),
  Type: z.string().optional(),
  Value: z.string(),
  Version: z.number().optional(),
  LastModifiedDate: z.union([z.string(), z.number()]).optional(),
  ARN: z.string().optional(),
});
const exportFile = z.object({ Parameters: z.array(exportedParameter) });

interface ParameterLike {
  readonly Name?: string | undefined;
  readonly Type?: string | undefined;
  readonly Value?: string | undefined;
  readonly LastModifiedDate?: Date | string | number | undefined;
  readonly ARN?: string | undefined;
  /** From DescribeParameters: who last changed it (an IAM ARN). */
  readonly LastModifiedUser?: string | undefined;
}

export const ssmSource = defineSource({
  type: 'ssm',
  description: 'SSM Parameter Store: every parameter under a path.',
  options,
  services: ['ssm'],
  requestChain: 4, // pages of DescribeParameters → GetParameters
  declaration: {
    covers: ['*'],
    // A mapping of parameter names (relative to path, or full) to values.
    read: (opts, ctx) => readNameValues(opts.declared ?? '', ctx, opts.path),
  },
  async load(opts, ctx) {
    const prefix = normalizePath(opts.path);
    let parameters: readonly ParameterLike[];
    let file: string | undefined;
    if (opts.export) {
      const { data, displayPath } = await readExport(
        ctx,
        opts.export,
        exportFile,
        'aws ssm get-parameters-by-path',
        opts.allowSkipped,
      );
      parameters = data.Parameters;
      file = displayPath;
    } else {
      parameters = await fetchParameters(
        opts.strategy,
        ctx.aws,
        prefix,
        opts.recursive,
        ctx.signal,
        opts.allowSkipped,
      );
    }
    const facts: RawFact[] = parameters
      .filter((p) => isUnder(p.Name, prefix, opts.recursive))
      .map((p) => toFact(p, prefix, file))
      .sort((a, b) => byCodeUnit(a.path, b.path));
    if (facts.length === 0 && !opts.allowEmpty) {
      throw new ParityError(
        'SOURCE_FAILED',
        `no parameters under ${prefix} (wrong path or region?)`,
        {
          hint: 'set allowEmpty: true if the path is empty on purpose',
        },
      );
    }
    return { facts };
  },
});

/** `tableicty/staging` → `/tableicty/staging/` (SSM paths need the leading slash). */
export function normalizePath(p: string): string {
  const trimmed = p.trim();
  const lead = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  return lead.endsWith('/') ? lead : `${lead}/`;
}

/** An export may hold more than the path (or, for `recursive: false`, deeper levels). */
function isUnder(name: string | undefined, prefix: string, recursive: boolean): boolean {
  if (!name?.startsWith(prefix) || name.length === prefix.length) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}

type Strategy = z.infer<typeof options>['strategy'];

/**
 * The one place a fetch strategy is chosen; each strategy throws the SDK's own error, turned
 * into a one-line ParityError here. `auto` tries `describe` and falls back to `by-path` when
 * the role may not call DescribeParameters (GetParametersByPath is the permission people grant).
 */
async function fetchParameters(
  strategy: Strategy,
  aws: AwsClients,
  prefix: string,
  recursive: boolean,
  signal: AbortSignal,
  allowSkipped: boolean,
): Promise<Parameter[]> {
  try {
    if (strategy === 'by-path') return await fetchByPath(aws, prefix, recursive, signal);
    try {
      return await fetchByDescribe(aws, prefix, recursive, signal, allowSkipped);
    } catch (error) {
      if (strategy === 'auto' && isAccessDenied(error)) {
        return await fetchByPath(aws, prefix, recursive, signal);
      }
      throw error;
    }
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('AWS_ERROR', describeAwsError(error, `SSM parameters under ${prefix}`));
  }
}

/**
 * GetParametersByPath, 10 a page (the API's maximum), following NextToken. Pages are
 * sequential by nature; the per-service limit keeps many environments within throttling.
 */
async function fetchByPath(
  aws: AwsClients,
  prefix: string,
  recursive: boolean,
  signal: AbortSignal,
): Promise<Parameter[]> {
  const client = await aws.client('ssm');
  const { GetParametersByPathCommand } = await import('../aws/sdk/ssm.js');
  const out: Parameter[] = [];
  let token: string | undefined;
  // The API path has no trailing slash for the root of a hierarchy ("/a/b").
  const apiPath = prefix.length > 1 ? prefix.slice(0, -1) : prefix;
  // Only a missing NextToken ends the listing: AWS may send an empty page that still carries
  // one, and moto ends an exact multiple of the page size with an extra, empty page.
  do {
    const page = await aws.limit('ssm', () =>
      client.send(
        new GetParametersByPathCommand({
          Path: apiPath,
          Recursive: recursive,
          WithDecryption: true,
          MaxResults: 10,
          NextToken: token,
        }),
        { abortSignal: signal },
      ),
    );
    out.push(...(page.Parameters ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

function toFact(p: ParameterLike, prefix: string, file: string | undefined): RawFact {
  const name = p.Name ?? '';
  const lastModified = toDate(p.LastModifiedDate);
  return {
    path: name.slice(prefix.length),
    value: p.Value ?? '',
    sensitive: p.Type === 'SecureString',
    location: { uri: p.ARN ?? `ssm:${name}`, ...(file ? { file } : {}) },
    ...(lastModified ? { lastModified } : {}),
    ...(p.LastModifiedUser ? { modifiedBy: p.LastModifiedUser } : {}),
  };
}

/**
 * DescribeParameters (up to 50 names a page on AWS) with each page's names fetched at once by
 * GetParameters batches of 10 while the next page is requested: about N/50 + 1 sequential
 * round trips instead of N/10 (see bench/RESULTS.md).
 */
async function fetchByDescribe(
  aws: AwsClients,
  prefix: string,
  recursive: boolean,
  signal: AbortSignal,
  allowSkipped = false,
): Promise<Parameter[]> {
  const client = await aws.client('ssm');
  const { DescribeParametersCommand, GetParametersCommand } = await import('../aws/sdk/ssm.js');
  const apiPath = prefix.length > 1 ? prefix.slice(0, -1) : prefix;
  const batches: Promise<Parameter[]>[] = [];
  const users = new Map<string, string>();
  let token: string | undefined;
  try {
    do {
      const page = await aws.limit('ssm', () =>
        client.send(
          new DescribeParametersCommand({
            ParameterFilters: [
              { Key: 'Path', Option: recursive ? 'Recursive' : 'OneLevel', Values: [apiPath] },
            ],
            MaxResults: 50,
            NextToken: token,
          }),
          { abortSignal: signal },
        ),
      );
      const names = (page.Parameters ?? []).flatMap((p) => (p.Name ? [p.Name] : []));
      for (const p of page.Parameters ?? [])
        if (p.Name && p.LastModifiedUser) users.set(p.Name, p.LastModifiedUser);
      for (let i = 0; i < names.length; i += 10) {
        const chunk = names.slice(i, i + 10);
        const batch = aws.limit('ssm', async () => {
          const out = await client.send(
            new GetParametersCommand({ Names: chunk, WithDecryption: true }),
            { abortSignal: signal },
          );
          // Listed a moment ago, yet not returned: deleted meanwhile, or not readable (KMS).
          const invalid = out.InvalidParameters ?? [];
          if (invalid.length > 0 && !allowSkipped) {
            throw new ParityError(
              'SOURCE_FAILED',
              `GetParameters did not return ${invalid.length} listed parameter${invalid.length === 1 ? '' : 's'} (${invalid.slice(0, 3).join(', ')}); the read is partial (set allowSkipped: true to accept)`,
            );
          }
          return out.Parameters ?? [];
        });
        // A batch may fail while the next page is awaited; marked as handled here, its error
        // still surfaces through Promise.all below instead of as an unhandled rejection.
        batch.catch(() => undefined);
        batches.push(batch);
      }
      token = page.NextToken;
    } while (token);
    return (await Promise.all(batches))
      .flat()
      .map((p) => ({ ...p, LastModifiedUser: p.Name ? users.get(p.Name) : undefined }));
  } catch (error) {
    // Let the batches still in flight finish before the caller reports (and maybe retries).
    await Promise.allSettled(batches);
    throw error;
  }
}
