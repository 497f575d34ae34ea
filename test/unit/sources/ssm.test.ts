import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/aws/clients.js';
import { normalizePath, ssmSource } from '../../../src/sources/ssm.js';
import type { SourceContext } from '../../../src/sources/types.js';
import { describeWithMoto, seedSsm } from '../../support/moto.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/ssm/', import.meta.url));

function context(endpoint?: string): SourceContext {
  if (endpoint) {
    process.env.AWS_ENDPOINT_URL = endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  }
  return {
    environment: { name: 'staging', tier: 'nonproduction', aliases: ['staging'], hosts: {} },
    sourceName: 'params',
    baseDir: FIXTURES,
    rootDir: FIXTURES,
    aws: createAwsClients({ region: 'us-east-1' }, { maxAttempts: 1 }),
    signal: new AbortController().signal,
    allowHosts: [],
  };
}

const options = (
  path: string,
  extra: Partial<{
    export: string;
    allowEmpty: boolean;
    recursive: boolean;
    strategy: 'auto' | 'by-path' | 'describe';
  }> = {},
) => ({
  type: 'ssm' as const,
  path,
  recursive: true,
  allowEmpty: false,
  strategy: 'auto' as const,
  ...extra,
});

describe('ssm source: export mode', () => {
  it('reads an `aws ssm get-parameters-by-path` export: relative names, types, dates, ARNs', async () => {
    const { facts } = await ssmSource.load(
      options('/shop/staging', { export: 'staging-by-path.json' }),
      context(),
    );
    expect(facts.map((f) => f.path)).toEqual(['API_URL', 'HOSTS', 'stripe/SECRET_KEY']);
    const byPath = new Map(facts.map((f) => [f.path, f]));
    expect(byPath.get('stripe/SECRET_KEY')).toMatchObject({
      sensitive: true,
      lastModified: new Date(1767225600123),
    });
    expect(byPath.get('API_URL')).toMatchObject({
      sensitive: false,
      value: 'https://api-staging.shop.io',
      lastModified: new Date('2026-03-01T10:00:00Z'),
      location: { uri: 'arn:aws:ssm:us-east-1:111122223333:parameter/shop/staging/API_URL' },
    });
    expect(byPath.get('HOSTS')?.value).toBe('a.shop.io,b.shop.io');
  });

  it.each([
    ['a truncated file', 'truncated-export.json', /truncated-export\.json: invalid JSON/],
    [
      'another JSON shape',
      'not-an-ssm-export.json',
      /not-an-ssm-export\.json: not an `aws ssm get-parameters-by-path` export/,
    ],
    ['a missing file', 'nope.json', /nope\.json: file not found/],
  ])('refuses %s with a one-line error naming the file', async (_name, file, expected) => {
    await expect(
      ssmSource.load(options('/shop/staging', { export: file }), context()),
    ).rejects.toThrow(expected);
  });

  it('normalizes paths', () => {
    expect([
      normalizePath('shop/staging'),
      normalizePath('/shop/staging/'),
      normalizePath('/'),
    ]).toEqual(['/shop/staging/', '/shop/staging/', '/']);
  });
});

describeWithMoto('ssm source: live against moto_server', (endpoint) => {
  it.each(['by-path', 'describe'] as const)(
    'strategy %s pages through more than 10 parameters, recursively and decrypted',
    async (strategy) => {
      const app = `/t${randomUUID().slice(0, 8)}/staging`;
      const params = Array.from({ length: 20 }, (_, i) => ({
        name: `${app}/P${String(i).padStart(2, '0')}`,
        value: `v${i}`,
      }));
      await seedSsm(endpoint, [
        ...params,
        {
          name: `${app}/stripe/SECRET_KEY`,
          value: 'sk_test_livecanary0000000001',
          type: 'SecureString',
        },
        { name: `${app}/HOSTS`, value: 'a,b', type: 'StringList' },
      ]);
      const { facts } = await ssmSource.load(options(app, { strategy }), context(endpoint));
      expect(facts).toHaveLength(22);
      const secret = facts.find((f) => f.path === 'stripe/SECRET_KEY');
      expect(secret).toMatchObject({ value: 'sk_test_livecanary0000000001', sensitive: true });
      expect(secret?.lastModified).toBeInstanceOf(Date);
      expect(facts.find((f) => f.path === 'HOSTS')?.value).toBe('a,b');
    },
  );

  it('reads exactly 10 parameters (a full last page)', async () => {
    const app = `/t${randomUUID().slice(0, 8)}/production`;
    await seedSsm(
      endpoint,
      Array.from({ length: 10 }, (_, i) => ({ name: `${app}/K${i}`, value: String(i) })),
    );
    const { facts } = await ssmSource.load(options(`${app.slice(1)}`), context(endpoint));
    expect(facts).toHaveLength(10);
  });

  it('an empty path is a failure, not "no drift", unless allowEmpty', async () => {
    const app = `/t${randomUUID().slice(0, 8)}/staging/`;
    await expect(ssmSource.load(options(app), context(endpoint))).rejects.toThrow(
      `no parameters under ${app} (wrong path or region?)`,
    );
    await expect(
      ssmSource.load(options(app, { allowEmpty: true }), context(endpoint)),
    ).resolves.toEqual({ facts: [] });
  });

  it('an unreachable endpoint fails fast with one line', async () => {
    const ctx = context(endpoint);
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    try {
      const started = Date.now();
      const error = await ssmSource.load(options('/x/'), ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String(error instanceof Error ? error.message : '')).toMatch(
        /^cannot reach AWS for SSM parameters under \/x\/ \(127\.0\.0\.1:9\): ECONNREFUSED$/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
  });
});

describe('ssm source: strategy auto', () => {
  it('falls back to GetParametersByPath where DescribeParameters is denied', async () => {
    const { SSMClient, DescribeParametersCommand, GetParametersByPathCommand } =
      await import('@aws-sdk/client-ssm');
    const { mockClient } = await import('aws-sdk-client-mock');
    const mock = mockClient(SSMClient);
    const denied = new Error('User is not authorized to perform: ssm:DescribeParameters');
    denied.name = 'AccessDeniedException';
    mock.on(DescribeParametersCommand).rejects(denied);
    mock
      .on(GetParametersByPathCommand)
      .resolves({ Parameters: [{ Name: '/app/staging/A', Value: '1', Type: 'String' }] });
    const { facts } = await ssmSource.load(options('/app/staging/'), context());
    expect(facts.map((f) => `${f.path}=${String(f.value)}`)).toEqual(['A=1']);
    mock.restore();
  });
});
