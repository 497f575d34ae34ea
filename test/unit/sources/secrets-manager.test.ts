/** The `secrets-manager` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { secretsManagerSource, splitSecret } from '../../../src/sources/secrets-manager.js';
import { exportContext, values } from '../../support/source-context.js';

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
