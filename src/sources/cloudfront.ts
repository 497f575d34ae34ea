/**
 * `cloudfront`: a distribution's configuration (GetDistributionConfig), with function names read
 * from the associations' ARNs; or an `aws cloudfront get-distribution-config` export (moto drops
 * function associations, so tests of functions use exports). Origin ids have the environment's
 * aliases replaced in keys.
 */
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { allowSkippedOption, exportOrLive, keySegment } from './_export.js';
import { defineSource } from './types.js';

const options = z.strictObject({
  type: z.literal('cloudfront'),
  allowSkipped: allowSkippedOption,
  distribution: z.string().min(1).describe('Distribution id, e.g. E2STAGING0EXAMPLE.'),
  export: z.string().min(1).optional().describe('`aws cloudfront get-distribution-config` JSON.'),
});

const items = <T extends z.ZodType>(item: T) =>
  z.object({ Quantity: z.number().optional(), Items: z.array(item).nullish() }).optional();

const functionAssociations = items(z.object({ FunctionARN: z.string(), EventType: z.string() }));
const lambdaAssociations = items(
  z.object({ LambdaFunctionARN: z.string(), EventType: z.string() }),
);
const behaviorFields = {
  ViewerProtocolPolicy: z.string().optional(),
  CachePolicyId: z.string().optional(),
  FunctionAssociations: functionAssociations,
  LambdaFunctionAssociations: lambdaAssociations,
};

const configShape = z.object({
  Aliases: items(z.string()),
  DefaultRootObject: z.string().optional(),
  Origins: items(z.object({ Id: z.string(), DomainName: z.string() })),
  DefaultCacheBehavior: z.object(behaviorFields).optional(),
  CacheBehaviors: items(z.object({ PathPattern: z.string(), ...behaviorFields })),
  CustomErrorResponses: items(
    z.object({
      ErrorCode: z.number(),
      ResponseCode: z.union([z.string(), z.number()]).optional(),
      ResponsePagePath: z.string().optional(),
    }),
  ),
  PriceClass: z.string().optional(),
  HttpVersion: z.string().optional(),
  Enabled: z.boolean().optional(),
  ViewerCertificate: z.object({ MinimumProtocolVersion: z.string().optional() }).optional(),
});
type DistributionConfig = z.infer<typeof configShape>;
type Behavior = Pick<DistributionConfig, 'DefaultCacheBehavior'>['DefaultCacheBehavior'];

const exportFile = z.union([
  z.object({ DistributionConfig: configShape }),
  z.object({ Distribution: z.object({ DistributionConfig: configShape }) }),
]);

export const cloudFrontSource = defineSource({
  type: 'cloudfront',
  description:
    'A CloudFront distribution: aliases, origins, behaviours and their functions, errors, TLS.',
  options,
  services: ['cloudfront'],
  requestChain: 1, // GetDistributionConfig
  async load(opts, ctx) {
    const { value: config, file } = await exportOrLive(
      ctx,
      opts.export,
      exportFile,
      'aws cloudfront get-distribution-config',
      (data): DistributionConfig =>
        'Distribution' in data ? data.Distribution.DistributionConfig : data.DistributionConfig,
      async () => {
        const client = await ctx.aws.client('cloudfront');
        const { GetDistributionConfigCommand } = await import('../aws/sdk/cloudfront.js');
        const out = await awsCall(
          ctx.aws,
          'cloudfront',
          `CloudFront distribution ${opts.distribution}`,
          () => client.send(new GetDistributionConfigCommand({ Id: opts.distribution })),
        );
        return configShape.parse(out.DistributionConfig ?? {});
      },
      opts.allowSkipped,
    );
    const location = { uri: `cloudfront:${opts.distribution}`, ...(file ? { file } : {}) };
    const facts: RawFact[] = [];
    const add = (path: string, value: Scalar | readonly Scalar[] | undefined): void => {
      if (value !== undefined) facts.push({ path, value, location });
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
