/** The `rds` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { describe, expect, it } from 'vitest';
import { rdsSource } from '../../../src/sources/rds.js';
import { engineMajor } from '../../../src/snapshot/versions.js';
import { exportContext, values } from '../../support/source-context.js';

const ctx = exportContext();

describe('rds export', () => {
  it('reads the SPEC §3 fields and the engine major', async () => {
    const { facts } = await rdsSource.load(
      {
        type: 'rds',
        allowSkipped: false,
        instance: 'shop-staging-db',
        parameters: false,
        export: 'exports/rds-describe-db-instances.json',
      },
      ctx,
    );
    expect(values(facts)).toEqual({
      engine: 'postgres',
      engineVersion: '15.4',
      engineMajor: '15',
      instanceClass: 'db.t3.micro',
      allocatedStorage: 20,
      multiAZ: false,
      backupRetentionPeriod: 1,
      storageEncrypted: true,
      deletionProtection: false,
      publiclyAccessible: false,
      parameterGroup: 'shop-staging-pg15',
    });
    expect([
      engineMajor('mysql', '8.0.35'),
      engineMajor('postgres', '9.6.22'),
      engineMajor('postgres', '16.1'),
    ]).toEqual(['8.0', '9.6', '16']);
  });

  it('an instance missing from the export is a clear error', async () => {
    await expect(
      rdsSource.load(
        {
          type: 'rds',
          allowSkipped: false,
          instance: 'other',
          parameters: false,
          export: 'exports/rds-describe-db-instances.json',
        },
        ctx,
      ),
    ).rejects.toThrow('RDS instance other not found');
  });
});
