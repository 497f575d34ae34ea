/** The `secrets-manager` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretsManagerSource, splitSecret } from '../../../src/sources/secrets-manager.js';
import { tempRepo } from '../../support/repo.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('secrets-manager export', () => {
  it('splits one JSON secret by key, every value sensitive', async () => {
    const { facts } = await secretsManagerSource.load(
      {
        type: 'secrets-manager',
        allowSkipped: false,
        secret: 'shop/staging/config',
        export: 'exports/secretsmanager-get-secret-value.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      username: 'app',
      password: 'export-canary-pw-123456',
      'nested.level': 2,
    });
    expect(facts.every((f) => f.sensitive)).toBe(true);
    expect(facts[0]?.lastModified).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it('reads every secret under a prefix as <relative name>/<key>, non-JSON as value', async () => {
    const { facts } = await secretsManagerSource.load(
      {
        type: 'secrets-manager',
        allowSkipped: false,
        prefix: 'shop/staging/',
        export: 'exports/secretsmanager-prefix.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      'api/value': 'plain-text-canary-value',
      'db/host': 'db.internal',
      'db/port': 5432,
    });
  });

  it('splits secrets', () => {
    expect(splitSecret('not json')).toEqual([['value', 'not json']]);
    expect(splitSecret('[1,2]')).toEqual([['value', '[1,2]']]);
    expect(splitSecret('{"a":{"b":true},"c":[1]}')).toEqual([
      ['a.b', true],
      ['c', '[1]'],
    ]);
  });

  it('a secret missing from the export is a clear error', async () => {
    await expect(
      secretsManagerSource.load(
        {
          type: 'secrets-manager',
          allowSkipped: false,
          secret: 'nope',
          export: 'exports/secretsmanager-get-secret-value.json',
        },
        ctx,
      ),
    ).rejects.toThrow('secret nope not found');
  });
});

const realWorld = exportContext(path.join(FIXTURES, 'real-world'));
const load = (file: string, select: Record<string, string | boolean> = {}, ctx = realWorld) =>
  secretsManagerSource.load(
    secretsManagerSource.options.parse({ type: 'secrets-manager', export: file, ...select }),
    ctx,
  );
const APP_KEYS = [
  'username',
  'password',
  'engine',
  'host',
  'port',
  'dbname',
  'JWT_SECRET',
  'INTERNAL_API_TOKEN',
];

describe('secrets-manager export: every real shape (SPEC §11)', () => {
  it('reads get-secret-value output with no secret: (it is that secret)', async () => {
    const { facts } = await load('secrets-manager/get-secret-value.staging.json');
    expect(Object.keys(values(facts))).toEqual(
      expect.arrayContaining([...APP_KEYS, 'MAILER_API_KEY']),
    );
    expect(values(facts)).toMatchObject({ engine: 'postgres', port: 5432, dbname: 'acme' });
    expect(facts.every((f) => f.sensitive)).toBe(true);
    // CreatedDate as epoch seconds (CLI v1) and as an ISO string (CLI v2).
    expect(facts[0]?.lastModified).toEqual(new Date(1768646462713));
    const production = await load('secrets-manager/get-secret-value.production.json', {
      secret: 'acme/production/app',
    });
    expect(Object.keys(values(production.facts))).toEqual(expect.arrayContaining(APP_KEYS));
    expect(production.facts[0]?.lastModified).toEqual(new Date('2026-01-19T14:03:27.402Z'));
  });

  it('reads batch-get-secret-value output under a prefix, a binary secret by fingerprint', async () => {
    const { facts } = await load('secrets-manager/batch-get-secret-value.staging.json', {
      prefix: 'acme/staging/',
    });
    const read = values(facts);
    expect(Object.keys(read)).toEqual(
      expect.arrayContaining([
        ...APP_KEYS.map((k) => `app/${k}`),
        'stripe/secret_key',
        'stripe/webhook_secret',
        'legacy-signing-key/value',
      ]),
    );
    expect(read['legacy-signing-key/value']).toMatch(/^binary:/);
    // CreatedDate quoted ("1768646462.713"), as the AWS CLI example prints it.
    expect(facts.find((f) => f.path === 'app/host')?.lastModified).toEqual(new Date(1768646462713));
  });

  it('picks one secret of a batch by secret:, and names the choices without it', async () => {
    const { facts } = await load('secrets-manager/batch-get-secret-value.staging.json', {
      secret: 'acme/staging/stripe',
    });
    expect(Object.keys(values(facts)).sort()).toEqual(['secret_key', 'webhook_secret']);
    await expect(load('secrets-manager/batch-get-secret-value.staging.json')).rejects.toThrow(
      /^the export holds 3 secrets \(acme\/staging\/app, acme\/staging\/stripe, acme\/staging\/legacy-signing-key\): give secret: to pick one$/,
    );
  });

  it('fails closed on a partial batch unless allowSkipped', async () => {
    const partial = 'secrets-manager/batch-get-secret-value.partial.json';
    await expect(load(partial, { prefix: 'acme/staging/' })).rejects.toMatchObject({
      code: 'SOURCE_FAILED',
    });
    const { facts } = await load(partial, { prefix: 'acme/staging/', allowSkipped: true });
    expect(Object.keys(values(facts))).toEqual(
      expect.arrayContaining(['app/username', 'stripe/secret_key']),
    );
  });

  it('refuses list-secrets output (metadata, no values) and nulls where a value belongs', async () => {
    await expect(
      load('secrets-manager/list-secrets.staging.json', { prefix: 'acme/staging/' }),
    ).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    const dir = tempRepo({
      'null-value.json': JSON.stringify({
        ARN: null,
        Name: 'acme/staging/empty',
        SecretString: null,
        SecretBinary: null,
        CreatedDate: null,
      }),
    });
    await expect(load('null-value.json', {}, exportContext(dir))).rejects.toThrow(
      /^secret acme\/staging\/empty has no value$/,
    );
  });

  it('takes one of secret and prefix, both optional only with export:', () => {
    const check = (o: Record<string, string>) =>
      secretsManagerSource.check?.(
        secretsManagerSource.options.parse({ type: 'secrets-manager', ...o }),
      );
    expect(check({ export: 'secret.json' })).toBeUndefined();
    expect(check({ secret: 'a' })).toBeUndefined();
    expect(check({ prefix: 'a/' })).toBeUndefined();
    expect(check({})).toBe('give secret, prefix, or export');
    expect(check({ secret: 'a', prefix: 'a/', export: 'x.json' })).toBe(
      'give one of secret or prefix, not both',
    );
  });
});
