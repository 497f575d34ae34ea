/**
 * `cloudfront`: a distribution's configuration (GetDistributionConfig), with function names read
 * from the associations' ARNs; or an `export:` of it (SPEC §11: `get-distribution-config` or
 * `get-distribution` output, or the bare `DistributionConfig` of `create-distribution
 * --distribution-config`; moto drops function associations, so tests of functions use exports).
 * Origin ids have the environment's aliases replaced in keys.
 */
import { declaredOption } from './_declared.js';
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import {
  allowSkippedOption,
  bareOrWrapped,
  exportOrLive,
  keySegment,
  liveIdentifier,
} from './_export.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('cloudfront'),
  allowSkipped: allowSkippedOption,
  declared: declaredOption,
  distribution: z
    .string()
    .min(1)
    .optional()
    .describe('Distribution id, e.g. E2STAGING0EXAMPLE; not needed with `export:`.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe(
      'A distribution config file instead of calling AWS: `get-distribution-config` or `get-distribution` output, or a bare `DistributionConfig`.',
    ),
});

// `.nullish()` throughout: console and SDK-serialized JSON write `null` for absent fields.
const items = <T extends z.ZodType>(item: T) =>
  z.object({ Quantity: z.number().nullish(), Items: z.array(item).nullish() }).nullish();

const functionAssociations = items(z.object({ FunctionARN: z.string(), EventType: z.string() }));
const lambdaAssociations = items(
  z.object({ LambdaFunctionARN: z.string(), EventType: z.string() }),
);
const origin = z.object({ Id: z.string(), DomainName: z.string() });
const behaviorFields = {
  ViewerProtocolPolicy: z.string().nullish(),
  CachePolicyId: z.string().nullish(),
  FunctionAssociations: functionAssociations,
  LambdaFunctionAssociations: lambdaAssociations,
};

const configShape = z.object({
  Aliases: items(z.string()),
  DefaultRootObject: z.string().nullish(),
  Origins: items(origin),
  DefaultCacheBehavior: z.object(behaviorFields).nullish(),
  CacheBehaviors: items(z.object({ PathPattern: z.string(), ...behaviorFields })),
  CustomErrorResponses: items(
    z.object({
      ErrorCode: z.number(),
      ResponseCode: z.union([z.string(), z.number()]).nullish(),
      ResponsePagePath: z.string().nullish(),
    }),
  ),
  PriceClass: z.string().nullish(),
  HttpVersion: z.string().nullish(),
  Enabled: z.boolean().nullish(),
  ViewerCertificate: z.object({ MinimumProtocolVersion: z.string().nullish() }).nullish(),
});
type DistributionConfig = z.infer<typeof configShape>;
type Behavior = DistributionConfig['DefaultCacheBehavior'];

// What makes a file a distribution config (SPEC §7a: identifying fields stay required): the
// API requires its origins and its default behaviour in every shape.
const exportFile = bareOrWrapped(
  configShape.extend({
    Origins: z.object({ Quantity: z.number().nullish(), Items: z.array(origin).min(1) }),
    DefaultCacheBehavior: z.object(behaviorFields),
  }),
  ['DistributionConfig'],
  ['Distribution', 'DistributionConfig'],
);

export const cloudFrontSource = defineSource({
  type: 'cloudfront',
  description:
    'A CloudFront distribution: aliases, origins, behaviours and their functions, errors, TLS.',
  options,
  // An export is the whole input; a live read needs the distribution's id.
  check: (o) => (o.export || o.distribution ? undefined : 'give distribution or export'),
  services: ['cloudfront'],
  requestChain: 1, // GetDistributionConfig
  declaration: {
    covers: ['*'],
    // No reader: the declared file is read as an `export:` (offline: no AWS call).
  },
  async load(opts, ctx) {
    const { value: config, file } = await exportOrLive(
      ctx,
      opts.export,
      {
        schema: exportFile,
        command: 'aws cloudfront get-distribution-config',
        accepts:
          '`aws cloudfront get-distribution-config` or `get-distribution` output, or a bare `DistributionConfig` (the `create-distribution --distribution-config` file)',
        pick: (data): DistributionConfig => data,
      },
      async () => {
        const id = liveIdentifier(opts.distribution, 'distribution');
        const client = await ctx.aws.client('cloudfront');
        const { GetDistributionConfigCommand } = await import('../aws/sdk/cloudfront.js');
        const out = await awsCall(ctx.aws, 'cloudfront', `CloudFront distribution ${id}`, () =>
          client.send(new GetDistributionConfigCommand({ Id: id })),
        );
        return configShape.parse(out.DistributionConfig ?? {});
      },
      opts.allowSkipped,
    );
    const location = {
      ...(opts.distribution ? { uri: `cloudfront:${opts.distribution}` } : {}),
      ...(file ? { file } : {}),
    };
    const facts: RawFact[] = [];
    const add = (path: string, value: Scalar | readonly Scalar[] | undefined): void => {
      if (value !== undefined && value !== null) facts.push({ path, value, location });
    };
    add('aliases', [...(config.Aliases?.Items ?? [])].sort());
    add('defaultRootObject', config.DefaultRootObject ?? '');
    for (const origin of config.Origins?.Items ?? []) {
      add(`origins.${keySegment(origin.Id, ctx.environment.aliases)}.domain`, origin.DomainName);
    }
    const behaviors: [string, Behavior][] = [['default', config.DefaultCacheBehavior]];
    for (const b of config.CacheBehaviors?.Items ?? []) behaviors.push([b.PathPattern, b]);
    for (const [pattern, b] of behaviors) {
      if (!b) continue;
      add(`behavior.${pattern}.viewerProtocolPolicy`, b.ViewerProtocolPolicy);
      add(`behavior.${pattern}.functions`, functionsOf(b));
      add(`behavior.${pattern}.cachePolicy`, b.CachePolicyId);
    }
    for (const e of config.CustomErrorResponses?.Items ?? []) {
      add(
        `errorResponses.${e.ErrorCode}`,
        `${String(e.ResponseCode ?? '')} ${e.ResponsePagePath ?? ''}`.trim(),
      );
    }
    add('priceClass', config.PriceClass);
    add('httpVersion', config.HttpVersion);
    add('enabled', config.Enabled);
    add('certificate.minimumProtocolVersion', config.ViewerCertificate?.MinimumProtocolVersion);
    return { facts };
  },
});

/** `viewer-request:directory-index`, from CloudFront Functions' and Lambda@Edge ARNs. */
function functionsOf(b: NonNullable<Behavior>): string[] {
  const names = [
    ...(b.FunctionAssociations?.Items ?? []).map(
      (f) => `${f.EventType}:${nameFromArn(f.FunctionARN)}`,
    ),
    ...(b.LambdaFunctionAssociations?.Items ?? []).map(
      (f) => `${f.EventType}:${nameFromArn(f.LambdaFunctionARN)}`,
    ),
  ];
  return names.sort();
}

/** `arn:aws:cloudfront::123:function/directory-index` → `directory-index`; Lambda versions dropped. */
export function nameFromArn(arn: string): string {
  const fn = /:function[:/]([^:/]+)/.exec(arn);
  return fn?.[1] ?? arn;
}
