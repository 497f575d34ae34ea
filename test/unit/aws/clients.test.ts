import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients, describeAwsError, isAccessDenied } from '../../../src/aws/clients.js';
import { describeWithMoto } from '../../support/moto.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function awsError(name: string, message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, fields);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('describeAwsError', () => {
  it.each([
    [
      'AccessDenied',
      awsError(
        'AccessDeniedException',
        'User: arn:aws:iam::1:user/ci is not authorized to perform: ssm:GetParametersByPath',
      ),
      /^access denied reading SSM \/x\/ \(AccessDeniedException\)$/,
    ],
    [
      'expired token',
      awsError('ExpiredTokenException', 'The security token included in the request is expired'),
      /^AWS credentials expired reading SSM \/x\/ \(ExpiredTokenException\) — refresh your session$/,
    ],
    [
      'invalid token',
      awsError('UnrecognizedClientException', 'The security token is invalid'),
      /^AWS rejected the credentials reading SSM \/x\/ \(UnrecognizedClientException\)$/,
    ],
    [
      'no credentials',
      awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      /^no AWS credentials for SSM \/x\/ \(Could not load credentials from any providers\)$/,
    ],
    [
      'no region',
      awsError('Error', 'Region is missing'),
      /^no AWS region for SSM \/x\/: set aws.region in parity.yaml or AWS_REGION$/,
    ],
    [
      'throttling',
      awsError('ThrottlingException', 'Rate exceeded'),
      /^AWS kept throttling SSM \/x\/ after retries \(ThrottlingException\)$/,
    ],
    [
      'connection refused',
      awsError('Error', 'connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' }),
      /^cannot reach AWS for SSM \/x\/ \(127\.0\.0\.1:9\): ECONNREFUSED$/,
    ],
    [
      'unknown host',
      awsError('Error', 'getaddrinfo ENOTFOUND ssm.nowhere.invalid', { code: 'ENOTFOUND' }),
      /^cannot reach AWS for SSM \/x\/ \(ssm\.nowhere\.invalid\): ENOTFOUND$/,
    ],
    [
      // Node's happy-eyeballs connect (several addresses) rejects with an AggregateError.
      'refused on every address',
      new AggregateError(
        [awsError('Error', 'connect ECONNREFUSED ::1:9', { code: 'ECONNREFUSED' })],
        '',
      ),
      /^cannot reach AWS for SSM \/x\/ \(::1:9\): ECONNREFUSED$/,
    ],
    [
      'request timeout',
      awsError('TimeoutError', 'a request has exceeded the configured 300 ms requestTimeout.', {
        code: 'ETIMEDOUT',
      }),
      /^AWS did not answer in time for SSM \/x\/ \(TimeoutError\)$/,
    ],
    [
      'not found',
      awsError('ResourceNotFoundException', 'Secrets Manager cannot find the secret'),
      /^SSM \/x\/: not found \(ResourceNotFoundException\)$/,
    ],
    [
      'anything else: first line only, capped',
      awsError('ValidationException', `${'a'.repeat(500)}\n    at stack (frame.js:1:1)`),
      /^SSM \/x\/: ValidationException: a{200}…$/,
    ],
    ['a thrown string', 'boom', /^SSM \/x\/: Error$/],
  ])('%s', (_case, error, expected) => {
    expect(describeAwsError(error, 'SSM /x/')).toMatch(expected);
  });

  it('isAccessDenied tells a missing permission from other failures', () => {
    expect(isAccessDenied(awsError('AccessDeniedException', 'no'))).toBe(true);
    expect(isAccessDenied(awsError('UnauthorizedOperation', 'no'))).toBe(true);
    expect(isAccessDenied(awsError('ThrottlingException', 'slow down'))).toBe(false);
    expect(isAccessDenied('AccessDenied')).toBe(false);
  });
});

describe('createAwsClients: limits', () => {
  async function peakInFlight(
    run: (task: () => Promise<void>) => Promise<void>,
    tasks: number,
  ): Promise<number> {
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    };
    await Promise.all(Array.from({ length: tasks }, () => run(task)));
    return peak;
  }

  it('keeps at most `concurrency` requests in flight per service', async () => {
    const clients = createAwsClients({}, { concurrency: 2 });
    expect(await peakInFlight((t) => clients.limit('ssm', t), 8)).toBe(2);
  });

  it('defaults to 8 per service (SPEC §8)', async () => {
    const clients = createAwsClients({});
    expect(await peakInFlight((t) => clients.limit('ssm', t), 20)).toBe(8);
  });

  it('limits each service on its own: a busy SSM does not hold S3 back', async () => {
    const clients = createAwsClients({}, { concurrency: 1 });
    const peak = await peakInFlight(
      (t) => Promise.all([clients.limit('ssm', t), clients.limit('s3', t)]).then(() => undefined),
      1,
    );
    expect(peak).toBe(2);
  });

  it('releases the slot when a task fails', async () => {
    const clients = createAwsClients({}, { concurrency: 1 });
    await expect(clients.limit('ssm', () => Promise.reject(new Error('failed')))).rejects.toThrow(
      'failed',
    );
    await expect(clients.limit('ssm', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('createAwsClients: clients', () => {
  it('creates one client per service, lazily, and sources can be tested through a mock', async () => {
    const mock = mockClient(SSMClient);
    try {
      mock.on(GetParametersByPathCommand).rejects(awsError('AccessDeniedException', 'denied'));
      const clients = createAwsClients({ region: 'us-east-1' });
      const first = await clients.client('ssm');
      expect(await clients.client('ssm')).toBe(first);
      expect(await clients.client('s3')).not.toBe(first);
      await expect(first.send(new GetParametersByPathCommand({ Path: '/x' }))).rejects.toThrow(
        'denied',
      );
    } finally {
      mock.restore();
    }
  });

  it('region: settings, else AWS_REGION, else AWS_DEFAULT_REGION', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_DEFAULT_REGION', 'eu-central-1');
    const region = async (settings: { region?: string }) =>
      (await createAwsClients(settings).client('ssm')).config.region();
    expect(await region({ region: 'us-west-2' })).toBe('us-west-2');
    expect(await region({})).toBe('eu-west-1');
    vi.stubEnv('AWS_REGION', undefined);
    expect(await region({})).toBe('eu-central-1');
  });

  it('retries adaptively, 5 attempts unless PARITY_AWS_MAX_ATTEMPTS or the option says otherwise', async () => {
    vi.stubEnv('PARITY_AWS_MAX_ATTEMPTS', undefined);
    const ssm = await createAwsClients({ region: 'us-east-1' }).client('ssm');
    expect(ssm.config.retryMode).toBe('adaptive');
    expect(await ssm.config.maxAttempts()).toBe(5);
    vi.stubEnv('PARITY_AWS_MAX_ATTEMPTS', '2');
    const fromEnv = await createAwsClients({ region: 'us-east-1' }).client('ssm');
    expect(await fromEnv.config.maxAttempts()).toBe(2);
    const fromOption = await createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }).client(
      'ssm',
    );
    expect(await fromOption.config.maxAttempts()).toBe(1);
  });

  it('a profile reads that profile of the shared credentials file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-aws-'));
    const credentialsFile = path.join(dir, 'credentials');
    writeFileSync(
      credentialsFile,
      '[parity-staging]\naws_access_key_id = AKIDSTAGINGEXAMPLE\naws_secret_access_key = staging-secret\n',
    );
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsFile);
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
    const ssm = await createAwsClients({ region: 'us-east-1', profile: 'parity-staging' }).client(
      'ssm',
    );
    expect((await ssm.config.credentials()).accessKeyId).toBe('AKIDSTAGINGEXAMPLE');

    const missing = await createAwsClients({ region: 'us-east-1', profile: 'parity-nope' }).client(
      'ssm',
    );
    const error = await missing.config.credentials().catch((e: unknown) => e);
    expect(describeAwsError(error, 'SSM /x/')).toMatch(
      /^no AWS credentials for SSM \/x\/ \(.*profile: \[parity-nope\].*\)$/,
    );
  });

  describe('request timeout', () => {
    let server: Server | undefined;
    afterEach(() => {
      server?.close();
    });

    it('a server that accepts and never answers fails after requestTimeoutMs, as one line', async () => {
      // Accepts the connection and holds it: only the request timeout can end the call.
      const silent = createServer(() => undefined);
      server = silent;
      const port = await new Promise<number>((resolve) => {
        silent.listen(0, '127.0.0.1', () => {
          const address = silent.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      });
      vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${port}`);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
      const ssm = await createAwsClients(
        { region: 'us-east-1' },
        { maxAttempts: 1, requestTimeoutMs: 300 },
      ).client('ssm');
      const error = await ssm
        .send(new GetParametersByPathCommand({ Path: '/x' }))
        .catch((e: unknown) => e);
      // Ended by the timeout, once (no retry): no wall-clock bound needed to prove it.
      expect(describeAwsError(error, 'SSM /x/')).toBe(
        'AWS did not answer in time for SSM /x/ (TimeoutError)',
      );
      expect(error).toMatchObject({ $metadata: { attempts: 1 } });
    }, 10_000);
  });
});

describeWithMoto('createAwsClients against moto_server', (endpoint) => {
  it('the test setup also hands the endpoint to workers and their children by env', () => {
    expect(process.env.PARITY_TEST_MOTO_ENDPOINT).toBe(endpoint);
  });

  it('AWS_ENDPOINT_URL_SSM wins over AWS_ENDPOINT_URL (the SDK reads both itself)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:1');
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const ssm = await createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }).client('ssm');
    const out = await ssm.send(new GetParametersByPathCommand({ Path: '/parity-endpoint-probe' }));
    expect(out.Parameters).toEqual([]);
  });

  it('roleArn assumes the role through STS, with the base credentials', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const ssm = await createAwsClients({
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::123456789012:role/parity-read-only',
    }).client('ssm');
    const credentials = await ssm.config.credentials();
    expect(credentials.accessKeyId).not.toBe('test');
    expect(credentials.sessionToken).toEqual(expect.any(String));
  });
});

describe('createAwsClients in a fresh process', () => {
  const run = promisify(execFile);
  const hook = path.join(ROOT, 'test/support/record-imports.mjs');

  /** Runs `code` (ESM, may import src/*.ts) in node with tsx; returns its stderr. */
  async function stderrOf(code: string): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1' };
    // vitest.config.ts sets it for the tests; here parity must manage on its own.
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--import', hook, '--input-type=module', '-e', code],
      { cwd: ROOT, env },
    );
    return stderr;
  }

  it('loads no SDK module until a client is asked for, then only that service', async () => {
    // Two processes, not one split by a marker: module hooks run on their own thread, so their
    // lines and the program's may reach stderr in any order.
    const setup = `
      const { createAwsClients } = await import('./src/aws/clients.ts');
      const aws = createAwsClients({}, {});
      await aws.limit('ssm', async () => undefined);`;
    const before = await stderrOf(setup);
    expect(before).toContain('/src/aws/clients.ts');
    expect(before).not.toMatch(/node_modules\/@(aws-sdk|smithy)\//);
    const after = await stderrOf(`${setup}\n      await aws.client('ssm');`);
    expect(after).toContain('/node_modules/@aws-sdk/client-ssm/');
    expect(after).not.toMatch(/credential-providers|client-s3|client-secrets-manager/);
  });

  it("keeps the SDK's Node 20 NodeVersionSupportWarning off stderr", async () => {
    const make = `const aws = (await import('./src/aws/clients.ts')).createAwsClients({}, {});
      await aws.client('ssm'); await aws.client('s3');`;
    expect(await stderrOf(make)).not.toContain('NodeVersionSupportWarning');
    // The control: a client built without parity's factory does warn on this Node.
    const bare = await stderrOf(`
      const { SSMClient } = await import('@aws-sdk/client-ssm');
      new SSMClient({});
    `);
    const major = Number(process.versions.node.split('.')[0]);
    if (major < 22) expect(bare).toContain('NodeVersionSupportWarning');
    else expect(bare).not.toContain('NodeVersionSupportWarning');
  });
});
