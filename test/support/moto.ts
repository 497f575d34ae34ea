/**
 * Helpers for tests against the moto_server started by global-setup.ts. Test files run in
 * parallel against ONE server, so tests never reset it: each uses its own random names
 * (`/acme1a2b3c4d/staging/...`) and so sees only what it seeded.
 */
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, inject } from 'vitest';

export function motoEndpoint(): string | undefined {
  return inject('motoEndpoint');
}

/** A describe block that runs against moto, or is skipped with a visible reason. */
export function describeWithMoto(name: string, body: (endpoint: string) => void): void {
  const endpoint = motoEndpoint();
  if (endpoint) {
    describe(name, () => body(endpoint));
  } else {
    describe.skip(`${name} [skipped: moto_server not available]`, () => undefined);
  }
}

/** What a child `parity` process needs to talk to moto. */
export function awsTestEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    PARITY_AWS_MAX_ATTEMPTS: '2',
  };
}

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
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const client = new SSMClient(sdkConfig(endpoint));
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
  client.destroy();
}
