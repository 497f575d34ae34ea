/** The `cloudfront` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloudFrontSource, nameFromArn } from '../../../src/sources/cloudfront.js';
import type { SourceContext } from '../../../src/sources/types.js';
import { tempRepo } from '../../support/repo.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

const REAL_WORLD = path.join(FIXTURES, 'real-world');

/** Production as the real-world corpus declares it: origin ids carry the alias. */
function productionContext(dir = REAL_WORLD): SourceContext {
  return {
    ...exportContext(dir),
    environment: {
      name: 'production',
      tier: 'production',
      aliases: ['production', 'prod'],
      hosts: {},
    },
  };
}

const load = (file: string, ctx: SourceContext = productionContext()) =>
  cloudFrontSource.load(cloudFrontSource.options.parse({ type: 'cloudfront', export: file }), ctx);

/** What the production distribution's config reads as, whichever command printed it. */
const PRODUCTION_WEB = {
  aliases: ['acme.com'],
  defaultRootObject: 'index.html',
  'origins.acme-{env}-web-s3.domain': 'acme-production-web.s3.us-east-1.amazonaws.com',
  'origins.api.domain': 'api.acme.com',
  'behavior.default.viewerProtocolPolicy': 'redirect-to-https',
  'behavior.default.functions': ['viewer-request:acme-production-spa-rewrite'],
  'behavior.default.cachePolicy': '658327ea-f89d-4fab-a63d-7e88639e58f6',
  'behavior./api/*.viewerProtocolPolicy': 'allow-all',
  'behavior./api/*.functions': [],
  'behavior./api/*.cachePolicy': '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  'behavior./assets/*.viewerProtocolPolicy': 'redirect-to-https',
  'errorResponses.403': '200 /index.html',
  'errorResponses.404': '200 /index.html',
  priceClass: 'PriceClass_100',
  httpVersion: 'http2and3',
  enabled: true,
  'certificate.minimumProtocolVersion': 'TLSv1.2_2021',
};

describe('cloudfront export: every real shape (SPEC §11), no distribution: needed', () => {
  it('reads get-distribution-config output {ETag, DistributionConfig}', async () => {
    const { facts } = await load('cloudfront/get-distribution-config.production.json');
    expect(values(facts)).toMatchObject(PRODUCTION_WEB);
    expect(facts[0]?.location).toEqual({
      file: expect.stringContaining('get-distribution-config.production.json') as unknown,
    });
  });

  it('reads get-distribution output {ETag, Distribution: {…, DistributionConfig}} the same', async () => {
    const { facts } = await load('cloudfront/get-distribution.production.json');
    expect(values(facts)).toMatchObject(PRODUCTION_WEB);
  });

  it('reads the bare DistributionConfig of create-distribution --distribution-config', async () => {
    const { facts } = await load(
      'cloudfront/distribution-config-bare.staging.json',
      exportContext(REAL_WORLD),
    );
    expect(values(facts)).toMatchObject({
      aliases: ['docs.staging.acme.com'],
      'origins.docs-site.domain': 'acme-staging-docs.s3.us-east-1.amazonaws.com',
      // Lambda@Edge's version (`:12`) is not part of the name.
      'behavior.default.functions': [
        'origin-response:acme-staging-security-headers',
        'viewer-request:acme-staging-directory-index',
      ],
      'errorResponses.403': '404 /404.html',
      'errorResponses.404': '404 /404.html',
      httpVersion: 'http2',
      'certificate.minimumProtocolVersion': 'TLSv1.2_2021',
    });
    const production = await load('cloudfront/distribution-config-bare.production.json');
    expect(values(production.facts)).not.toHaveProperty(['errorResponses.404']);
  });

  it('reads null as absent (SDK-serialized and console JSON)', async () => {
    const dir = tempRepo({
      'nulls.json': JSON.stringify({
        DistributionConfig: {
          Aliases: { Quantity: 0, Items: null },
          DefaultRootObject: null,
          Origins: { Quantity: 1, Items: [{ Id: 'web', DomainName: 'web.s3.amazonaws.com' }] },
          DefaultCacheBehavior: {
            ViewerProtocolPolicy: 'redirect-to-https',
            CachePolicyId: null,
            FunctionAssociations: null,
            LambdaFunctionAssociations: { Quantity: 0, Items: null },
          },
          CacheBehaviors: null,
          CustomErrorResponses: null,
          PriceClass: null,
          ViewerCertificate: null,
        },
      }),
    });
    const { facts } = await load('nulls.json', productionContext(dir));
    expect(values(facts)).toEqual({
      aliases: [],
      defaultRootObject: '',
      'origins.web.domain': 'web.s3.amazonaws.com',
      'behavior.default.viewerProtocolPolicy': 'redirect-to-https',
      'behavior.default.functions': [],
    });
  });

  it('still refuses a file of another shape, in one line naming the field', async () => {
    const dir = tempRepo({
      'list.json': JSON.stringify({ DistributionList: { Items: [{ Id: 'E1' }] } }),
      'no-origins.json': JSON.stringify({ ETag: 'E1', DistributionConfig: { Enabled: true } }),
    });
    await expect(load('list.json', productionContext(dir))).rejects.toThrow(
      /list\.json: not an `aws cloudfront get-distribution-config` export \(at Origins: [^\n]+\)$/,
    );
    await expect(load('no-origins.json', productionContext(dir))).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      hint: expect.stringContaining('bare `DistributionConfig`') as unknown,
    });
  });

  it('a live read needs its distribution', () => {
    const check = (o: Record<string, string>) =>
      cloudFrontSource.check?.(cloudFrontSource.options.parse({ type: 'cloudfront', ...o }));
    expect(check({ export: 'dist.json' })).toBeUndefined();
    expect(check({ distribution: 'E2STAGING0EXAMPLE' })).toBeUndefined();
    expect(check({})).toBe('give distribution or export');
  });
});

describe('cloudfront', () => {
  it('names functions from their ARNs', () => {
    expect(nameFromArn('arn:aws:cloudfront::1:function/directory-index')).toBe('directory-index');
    expect(nameFromArn('arn:aws:lambda:us-east-1:1:function:edge-auth:3')).toBe('edge-auth');
  });
});
