/**
 * Helpers for tests against the moto_server started by global-setup.ts.
 *
 * Isolation: test files run in parallel processes against ONE server, so tests never reset it.
 * Each test seeds under its own random names (`uniquePath('staging')` → `/t-1a2b3c4d/staging/`)
 * and so sees only what it seeded.
 *
 *     describeWithMoto('ssm live', (endpoint) => {
 *       it('reads', async () => {
 *         const path = uniquePath('staging');
 *         await seedSsm(endpoint, [{ name: `${path}API_URL`, value: 'https://x' }]);
 *         // in-process: process.env + createAwsClients; a child: { ...awsTestEnv(endpoint) }
 *       });
 *     });
 *
 * SDK modules are imported inside the seeders, so importing this file loads none.
 */
import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';

const NOT_AVAILABLE = '[skipped: moto_server not available]';

/** The moto endpoint of this run, or undefined when moto_server is not installed. */
export function motoEndpoint(): string | undefined {
  return inject('motoEndpoint') ?? process.env.PARITY_TEST_MOTO_ENDPOINT;
}

/**
 * A describe block that runs against moto. Without moto its tests are still collected (with an
 * empty endpoint, never used) and reported as skipped under a name saying why: never silently.
 */
export function describeWithMoto(name: string, body: (endpoint: string) => void): void {
  const endpoint = motoEndpoint();
  if (endpoint) describe(name, () => body(endpoint));
  else describe.skip(`${name} ${NOT_AVAILABLE}`, () => body(''));
}

/** A path no other test uses: `/t-1a2b3c4d/<segments>/`, with a leading and trailing slash. */
export function uniquePath(...segments: string[]): string {
  return `/${[`t-${randomUUID().slice(0, 8)}`, ...segments].join('/')}/`;
}

/** What a child `parity` process needs to talk to moto. */
export function awsTestEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    // Fail fast: moto answers at once or never (a 500 for what it does not implement).
    PARITY_AWS_MAX_ATTEMPTS: '2',
  };
}

/** Client config for seeding moto directly with the SDK. */
export function sdkConfig(endpoint: string): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
} {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
}

export interface SeedParameter {
  readonly name: string;
  readonly value: string;
  readonly type?: 'String' | 'SecureString' | 'StringList';
}

/** Puts parameters one after another, in order (so earlier ones are older). */
export async function seedSsm(endpoint: string, params: readonly SeedParameter[]): Promise<void> {
  const { SSMClient, PutParameterCommand } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient(sdkConfig(endpoint));
  try {
    for (const p of params) {
      await client.send(
        new PutParameterCommand({
          Name: p.name,
          Value: p.value,
          Type: p.type ?? 'String',
          Overwrite: true,
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

/** Creates a secret holding `value` (a JSON string for key/value secrets). */
export async function seedSecret(endpoint: string, name: string, value: string): Promise<string> {
  const { SecretsManagerClient, CreateSecretCommand } =
    await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(sdkConfig(endpoint));
  const out = await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  client.destroy();
  return out.ARN ?? name;
}

export interface SeedObject {
  readonly key: string;
  readonly body: string | Buffer;
  readonly contentType?: string;
  readonly cacheControl?: string;
}

export async function seedBucket(
  endpoint: string,
  bucket: string,
  objects: readonly SeedObject[],
): Promise<void> {
  const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ ...sdkConfig(endpoint), forcePathStyle: true });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const o of objects) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: o.key,
        Body: o.body,
        ...(o.contentType ? { ContentType: o.contentType } : {}),
        ...(o.cacheControl ? { CacheControl: o.cacheControl } : {}),
      }),
    );
  }
  client.destroy();
}

export interface SeedContainer {
  readonly name: string;
  readonly image: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
}

/** A cluster, a task definition and a service using it (no networking: moto rejects invented subnets). */
export async function seedEcs(
  endpoint: string,
  cluster: string,
  service: string,
  family: string,
  containers: readonly SeedContainer[],
  taskSize: { cpu: string; memory: string } = { cpu: '512', memory: '1024' },
): Promise<void> {
  const { ECSClient, CreateClusterCommand, RegisterTaskDefinitionCommand, CreateServiceCommand } =
    await import('@aws-sdk/client-ecs');
  const client = new ECSClient(sdkConfig(endpoint));
  await client.send(new CreateClusterCommand({ clusterName: cluster }));
  const task = await client.send(
    new RegisterTaskDefinitionCommand({
      family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      ...taskSize,
      containerDefinitions: containers.map((c) => ({
        name: c.name,
        image: c.image,
        essential: true,
        environment: Object.entries(c.environment ?? {}).map(([name, value]) => ({ name, value })),
        secrets: Object.entries(c.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
      })),
    }),
  );
  await client.send(
    new CreateServiceCommand({
      cluster,
      serviceName: service,
      taskDefinition: task.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
      launchType: 'FARGATE',
    }),
  );
  client.destroy();
}

export async function seedRds(
  endpoint: string,
  instance: {
    id: string;
    engine: string;
    version: string;
    instanceClass: string;
    storage?: number;
    multiAZ?: boolean;
  },
): Promise<void> {
  const { RDSClient, CreateDBInstanceCommand } = await import('@aws-sdk/client-rds');
  const client = new RDSClient(sdkConfig(endpoint));
  await client.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: instance.id,
      Engine: instance.engine,
      EngineVersion: instance.version,
      DBInstanceClass: instance.instanceClass,
      AllocatedStorage: instance.storage ?? 20,
      MultiAZ: instance.multiAZ ?? false,
      MasterUsername: 'admin',
      MasterUserPassword: 'moto-canary-master-pw',
      StorageEncrypted: true,
    }),
  );
  client.destroy();
}

/** Creates a distribution and returns its id. */
export async function seedCloudFront(
  endpoint: string,
  config: {
    aliases: string[];
    originId: string;
    originDomain: string;
    rootObject?: string;
    viewerProtocolPolicy?: 'allow-all' | 'https-only' | 'redirect-to-https';
  },
): Promise<string> {
  const { CloudFrontClient, CreateDistributionCommand } =
    await import('@aws-sdk/client-cloudfront');
  const client = new CloudFrontClient(sdkConfig(endpoint));
  const out = await client.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `${config.originId}-${Date.now()}`,
        Comment: '',
        Enabled: true,
        Aliases: { Quantity: config.aliases.length, Items: config.aliases },
        DefaultRootObject: config.rootObject ?? 'index.html',
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: config.originId,
              DomainName: config.originDomain,
              S3OriginConfig: { OriginAccessIdentity: '' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: config.originId,
          ViewerProtocolPolicy: config.viewerProtocolPolicy ?? 'redirect-to-https',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        },
      },
    }),
  );
  client.destroy();
  return out.Distribution?.Id ?? '';
}
