import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../src/aws/clients.js';
import { ParityError } from '../../../src/errors.js';
import { normalizePath, ssmSource } from '../../../src/sources/ssm.js';
import type { SourceContext } from '../../../src/sources/types.js';
import { describeWithMoto, seedSsm, uniquePath } from '../../support/moto.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/ssm/', import.meta.url));
const STRATEGIES = ['by-path', 'describe', 'auto'] as const;

/** A context as the engine builds it; AWS settings come from the (stubbed) environment. */
function context(): SourceContext {
  return {
    environment: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
    sourceName: 'params',
    baseDir: FIXTURES,
    rootDir: FIXTURES,
    aws: createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }),
    signal: new AbortController().signal,
    allowHosts: [],
    probeHosts: () => Promise.resolve(new Set<string>()),
    sourceFacts: () => undefined,
  };
}

function useEndpoint(endpoint: string): void {
  vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
}

/** Options as the config layer hands them over: parsed, defaults applied. */
const options = (path: string, extra: Record<string, unknown> = {}) =>
  ssmSource.options.parse({ type: 'ssm', path, ...extra });

/** The rejection of `promise`, checked to be a ParityError. */
async function failure(promise: Promise<unknown>): Promise<ParityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ParityError)) throw new Error(`expected a ParityError, got ${error}`);
  return error;
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('ssm options', () => {
  it('defaults: recursive, not allowEmpty, strategy auto', () => {
    expect(options('/shop/staging')).toEqual({
      type: 'ssm',
      allowSkipped: false,
      path: '/shop/staging',
      recursive: true,
      allowEmpty: false,
      strategy: 'auto',
    });
  });

  it('refuses unknown keys and a missing path', () => {
    expect(ssmSource.options.safeParse({ type: 'ssm', path: '/a', recurse: true }).success).toBe(
      false,
    );
    expect(ssmSource.options.safeParse({ type: 'ssm' }).success).toBe(false);
  });

  it('normalizes paths to a leading and trailing slash', () => {
    expect(
      ['shop/staging', '/shop/staging/', '/shop/staging', ' shop/staging ', '/'].map(normalizePath),
    ).toEqual(['/shop/staging/', '/shop/staging/', '/shop/staging/', '/shop/staging/', '/']);
  });
});

describe('ssm source: export mode', () => {
  it('reads an `aws ssm get-parameters-by-path` export: relative names, types, dates, ARNs', async () => {
    const { facts } = await ssmSource.load(
      options('/shop/staging', { export: 'staging-by-path.json' }),
      context(),
    );
    // Sorted by path; /shop/other/IGNORED is outside the path.
    expect(facts.map((f) => f.path)).toEqual(['API_URL', 'HOSTS', 'stripe/SECRET_KEY']);
    const [apiUrl, hosts, secret] = facts;
    expect(apiUrl).toEqual({
      path: 'API_URL',
      value: 'https://api-staging.shop.io',
      sensitive: false,
      // The AWS CLI v2 prints ISO dates with microseconds.
      lastModified: new Date('2026-03-01T10:00:00Z'),
      location: {
        uri: 'arn:aws:ssm:us-east-1:111122223333:parameter/shop/staging/API_URL',
        file: expect.stringMatching(/staging-by-path\.json$/),
      },
    });
    // Epoch seconds (with milliseconds), as some CLI builds print them.
    expect(secret).toMatchObject({
      value: 'sk_test_exportcanary000000000001',
      sensitive: true,
      lastModified: new Date(1767225600123),
    });
    // A StringList stays the comma string; no ARN → `ssm:<name>`; no date → none.
    expect(hosts).toEqual({
      path: 'HOSTS',
      value: 'a.shop.io,b.shop.io',
      sensitive: false,
      location: { uri: 'ssm:/shop/staging/HOSTS', file: expect.any(String) },
    });
  });

  it('recursive: false keeps the first level only', async () => {
    const { facts } = await ssmSource.load(
      options('shop/staging/', { export: 'staging-by-path.json', recursive: false }),
      context(),
    );
    expect(facts.map((f) => f.path)).toEqual(['API_URL', 'HOSTS']);
  });

  it.each([
    [
      'a truncated file (names the line)',
      'truncated-export.json',
      /^.*truncated-export\.json: invalid JSON at line 3$/,
    ],
    [
      'another JSON shape',
      'not-an-ssm-export.json',
      /^.*not-an-ssm-export\.json: not an `aws ssm get-parameters-by-path` export \(at Parameters: .*\)$/,
    ],
    [
      'a parameter without a name (its value is not repeated)',
      'staging-missing-name.json',
      /^.*staging-missing-name\.json: not an `aws ssm get-parameters-by-path` export \(at Parameters\.0\.Name: .*\)$/,
    ],
    ['a missing file', 'nope.json', /^.*nope\.json: file not found$/],
  ])('refuses %s with a one-line error naming the file', async (_name, file, expected) => {
    const error = await failure(
      ssmSource.load(options('/shop/staging', { export: file }), context()),
    );
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('mustnotleak');
  });

  it('an export still carrying NextToken is partial: it fails closed, unless allowSkipped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-ssm-'));
    writeFileSync(
      path.join(dir, 'page-1.json'),
      JSON.stringify({
        Parameters: [{ Name: '/app/staging/A', Type: 'String', Value: '1' }],
        NextToken: 'AAEAAV9wYWdlLTI=',
      }),
    );
    const ctx = { ...context(), baseDir: dir, rootDir: dir };
    const error = await failure(
      ssmSource.load(options('/app/staging', { export: 'page-1.json' }), ctx),
    );
    expect(error.message).toMatch(
      /page-1\.json: a partial `aws ssm get-parameters-by-path` export \(it still carries NextToken\): export every page, or set allowSkipped: true$/,
    );
    const { facts } = await ssmSource.load(
      options('/app/staging', { export: 'page-1.json', allowSkipped: true }),
      ctx,
    );
    expect(facts.map((f) => f.path)).toEqual(['A']);
  });

  it('an export with nothing under the path fails closed, unless allowEmpty', async () => {
    const error = await failure(
      ssmSource.load(options('/shop/staging', { export: 'staging-empty.json' }), context()),
    );
    expect(error.code).toBe('SOURCE_FAILED');
    expect(error.message).toBe('no parameters under /shop/staging/ (wrong path or region?)');
    await expect(
      ssmSource.load(
        options('/shop/production', { export: 'staging-by-path.json', allowEmpty: true }),
        context(),
      ),
    ).resolves.toEqual({ facts: [] });
  });
});

describeWithMoto('ssm source: live against moto_server', (endpoint) => {
  it.each(STRATEGIES)(
    'strategy %s: 23 parameters over 3 pages, nested, decrypted, typed, dated',
    async (strategy) => {
      useEndpoint(endpoint);
      const app = uniquePath('staging');
      await seedSsm(endpoint, [
        ...Array.from({ length: 20 }, (_, i) => ({
          name: `${app}P${String(i).padStart(2, '0')}`,
          value: `v${i}`,
        })),
        {
          name: `${app}stripe/SECRET_KEY`,
          value: 'sk_test_livecanary0000000001',
          type: 'SecureString',
        },
        { name: `${app}HOSTS`, value: 'a.shop.io,b.shop.io', type: 'StringList' },
        { name: `${app}DATABASE_URL`, value: 'postgres://db/app' },
      ]);
      // A neighbour path with a common prefix must not leak in.
      await seedSsm(endpoint, [{ name: `${app.slice(0, -1)}-old/A`, value: 'x' }]);

      const { facts } = await ssmSource.load(options(app, { strategy }), context());
      expect(facts).toHaveLength(23);
      expect(facts.map((f) => f.path).slice(0, 3)).toEqual(['DATABASE_URL', 'HOSTS', 'P00']);
      const byPath = new Map(facts.map((f) => [f.path, f]));
      expect(byPath.get('P07')).toMatchObject({ value: 'v7', sensitive: false });
      expect(byPath.get('stripe/SECRET_KEY')).toMatchObject({
        value: 'sk_test_livecanary0000000001',
        sensitive: true,
        location: {
          uri: `arn:aws:ssm:us-east-1:123456789012:parameter${app}stripe/SECRET_KEY`,
        },
      });
      expect(byPath.get('HOSTS')?.value).toBe('a.shop.io,b.shop.io');
      for (const fact of facts) expect(fact.lastModified).toBeInstanceOf(Date);
    },
  );

  it.each(STRATEGIES)(
    'strategy %s: an exact multiple of the page size (moto ends it with an empty page)',
    async (strategy) => {
      useEndpoint(endpoint);
      const app = uniquePath('production');
      await seedSsm(
        endpoint,
        Array.from({ length: 20 }, (_, i) => ({ name: `${app}K${i}`, value: String(i) })),
      );
      const { facts } = await ssmSource.load(options(app, { strategy }), context());
      expect(facts).toHaveLength(20);
    },
  );

  it.each(STRATEGIES)('strategy %s: recursive: false reads one level', async (strategy) => {
    useEndpoint(endpoint);
    const app = uniquePath('staging');
    await seedSsm(endpoint, [
      { name: `${app}TOP`, value: '1' },
      { name: `${app}nested/DEEP`, value: '2' },
    ]);
    const { facts } = await ssmSource.load(options(app, { strategy, recursive: false }), context());
    expect(facts.map((f) => f.path)).toEqual(['TOP']);
  });

  it('a path without its leading slash reads the same parameters', async () => {
    useEndpoint(endpoint);
    const app = uniquePath('staging');
    await seedSsm(endpoint, [{ name: `${app}API_URL`, value: 'https://api' }]);
    const { facts } = await ssmSource.load(options(app.slice(1, -1)), context());
    expect(facts.map((f) => f.path)).toEqual(['API_URL']);
  });

  it.each(STRATEGIES)(
    'strategy %s: an empty path fails closed, not "no drift", unless allowEmpty',
    async (strategy) => {
      useEndpoint(endpoint);
      const app = uniquePath('staging');
      const error = await failure(ssmSource.load(options(app, { strategy }), context()));
      expect(error.code).toBe('SOURCE_FAILED');
      expect(error.message).toBe(`no parameters under ${app} (wrong path or region?)`);
      await expect(
        ssmSource.load(options(app, { strategy, allowEmpty: true }), context()),
      ).resolves.toEqual({ facts: [] });
    },
  );
});

describe('ssm source: AWS failures', () => {
  // The test's own time limit is the hang guard; speed belongs in bench/, not in assertions.
  it('an unreachable endpoint fails, as one line without a stack', async () => {
    useEndpoint('http://127.0.0.1:1');
    const error = await failure(ssmSource.load(options('/x/y'), context()));
    expect(error.code).toBe('AWS_ERROR');
    expect(error.message).toBe(
      'cannot reach AWS for SSM parameters under /x/y/ (127.0.0.1:1): ECONNREFUSED',
    );
  }, 10_000);

  describe('through aws-sdk-client-mock', () => {
    const restores: (() => void)[] = [];
    afterEach(() => {
      for (const restore of restores.splice(0)) restore();
    });
    /** Stubs every SSMClient's `send` for this test. */
    function mockSsm() {
      const mock = mockClient(SSMClient);
      restores.push(() => mock.restore());
      return mock;
    }

    it('strategy auto falls back to GetParametersByPath where DescribeParameters is denied', async () => {
      const mock = mockSsm();
      mock
        .on(DescribeParametersCommand)
        .rejects(awsError('AccessDeniedException', 'not authorized: ssm:DescribeParameters'));
      mock
        .on(GetParametersByPathCommand)
        .resolves({ Parameters: [{ Name: '/app/staging/A', Value: '1', Type: 'String' }] });
      const { facts } = await ssmSource.load(options('/app/staging/'), context());
      expect(facts.map((f) => `${f.path}=${String(f.value)}`)).toEqual(['A=1']);
    });

    it.each(STRATEGIES)(
      'strategy %s: AccessDenied everywhere is one line naming the path',
      async (strategy) => {
        const mock = mockSsm();
        const denied = awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::1:assumed-role/ci is not authorized to perform: ssm:GetParametersByPath',
        );
        mock.onAnyCommand().rejects(denied);
        const error = await failure(
          ssmSource.load(options('/app/staging', { strategy }), context()),
        );
        expect(error.code).toBe('AWS_ERROR');
        expect(error.message).toBe(
          'access denied reading SSM parameters under /app/staging/ (AccessDeniedException)',
        );
      },
    );

    it('expired credentials say so', async () => {
      const mock = mockSsm();
      mock
        .onAnyCommand()
        .rejects(awsError('ExpiredTokenException', 'The security token included is expired'));
      const error = await failure(ssmSource.load(options('/app/staging'), context()));
      expect(error.message).toBe(
        'AWS credentials expired reading SSM parameters under /app/staging/ (ExpiredTokenException) — refresh your session',
      );
    });

    it('strategy describe: a batch failing while the next page is read is reported, not left unhandled', async () => {
      const mock = mockSsm();
      const names = Array.from({ length: 20 }, (_, i) => ({ Name: `/app/staging/K${i}` }));
      mock
        .on(DescribeParametersCommand)
        .resolvesOnce({ Parameters: names.slice(0, 10), NextToken: 'page-2' })
        // The second page arrives after the first page's GetParameters batch has failed.
        .callsFake(async () => {
          await new Promise((r) => setTimeout(r, 50));
          return { Parameters: names.slice(10) };
        });
      mock.on(GetParametersCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
      const error = await failure(
        ssmSource.load(options('/app/staging', { strategy: 'describe' }), context()),
      );
      expect(error.message).toBe(
        'AWS kept throttling SSM parameters under /app/staging/ after retries (ThrottlingException)',
      );
    });

    it('strategy describe: parameters listed but not returned (InvalidParameters) fail closed, unless allowSkipped', async () => {
      const mock = mockSsm();
      mock.on(DescribeParametersCommand).resolves({
        Parameters: [{ Name: '/app/staging/A' }, { Name: '/app/staging/GONE' }],
      });
      mock.on(GetParametersCommand).resolves({
        Parameters: [{ Name: '/app/staging/A', Type: 'String', Value: '1' }],
        InvalidParameters: ['/app/staging/GONE'],
      });
      const error = await failure(
        ssmSource.load(options('/app/staging', { strategy: 'describe' }), context()),
      );
      expect(error.message).toBe(
        'GetParameters did not return 1 listed parameter (/app/staging/GONE); the read is partial (set allowSkipped: true to accept)',
      );
      const { facts } = await ssmSource.load(
        options('/app/staging', { strategy: 'describe', allowSkipped: true }),
        context(),
      );
      expect(facts.map((f) => f.path)).toEqual(['A']);
    });

    it('asks GetParametersByPath for decrypted values, 10 a page, under the path without its slash', async () => {
      const mock = mockSsm();
      mock
        .on(GetParametersByPathCommand)
        .resolvesOnce({
          Parameters: [{ Name: '/app/staging/A', Value: '1', Type: 'String' }],
          NextToken: 't1',
        })
        .resolvesOnce({ Parameters: [], NextToken: 't2' })
        .resolves({ Parameters: [{ Name: '/app/staging/B', Value: '2', Type: 'String' }] });
      const { facts } = await ssmSource.load(
        options('app/staging', { strategy: 'by-path' }),
        context(),
      );
      expect(facts.map((f) => f.path)).toEqual(['A', 'B']);
      const calls = mock.commandCalls(GetParametersByPathCommand).map((c) => c.args[0].input);
      expect(calls).toEqual([
        { Path: '/app/staging', Recursive: true, WithDecryption: true, MaxResults: 10 },
        {
          Path: '/app/staging',
          Recursive: true,
          WithDecryption: true,
          MaxResults: 10,
          NextToken: 't1',
        },
        {
          Path: '/app/staging',
          Recursive: true,
          WithDecryption: true,
          MaxResults: 10,
          NextToken: 't2',
        },
      ]);
    });
  });
});
