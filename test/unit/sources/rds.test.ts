/** The `rds` source: read from the JSON the AWS CLI prints (export mode) or a directory, no AWS called. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rdsSource } from '../../../src/sources/rds.js';
import { engineMajor } from '../../../src/snapshot/versions.js';
import { tempRepo } from '../../support/repo.js';
import { exportContext, FIXTURES, values } from '../../support/source-context.js';

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

const REAL_WORLD = path.join(FIXTURES, 'real-world');
const load = (file: string, instance?: string, ctx = exportContext(REAL_WORLD)) =>
  rdsSource.load(
    rdsSource.options.parse({ type: 'rds', export: file, ...(instance ? { instance } : {}) }),
    ctx,
  );

const PRODUCTION_DB = {
  engine: 'postgres',
  engineVersion: '16.1',
  engineMajor: '16',
  instanceClass: 'db.r6g.large',
  allocatedStorage: 100,
  multiAZ: true,
  backupRetentionPeriod: 7,
  storageEncrypted: true,
  deletionProtection: true,
  publiclyAccessible: false,
  parameterGroup: 'acme-production-postgres',
};

describe('rds export: every real shape (SPEC §11), no instance: needed for one', () => {
  it('reads describe-db-instances output {DBInstances: [one]} without instance:', async () => {
    const { facts, hosts } = await load('rds/postgres.production.json');
    expect(values(facts)).toEqual(PRODUCTION_DB);
    // An export's endpoint is a claim of the pull request, never a host a probe may reach.
    expect(hosts).toBeUndefined();
  });

  it('reads the bare DBInstance of `--query DBInstances[0]`', async () => {
    const { facts } = await load('rds/db-instance-bare.production.json');
    expect(values(facts)).toEqual(PRODUCTION_DB);
    expect(facts[0]?.location?.uri).toMatch(
      /^arn:aws:rds:us-east-1:111111111111:db:acme-production-db$/,
    );
  });

  it('reads the bare DBInstances list and the {"DBInstance": …} of create/modify', async () => {
    const listed = JSON.parse(
      readFileSync(path.join(REAL_WORLD, 'rds/postgres.production.json'), 'utf8'),
    ) as {
      DBInstances: unknown[];
    };
    const dir = tempRepo({
      'list.json': JSON.stringify(listed.DBInstances),
      'single.json': JSON.stringify({ DBInstance: listed.DBInstances[0] }),
    });
    for (const file of ['list.json', 'single.json']) {
      const { facts } = await load(file, undefined, exportContext(dir));
      expect(values(facts)).toEqual(PRODUCTION_DB);
    }
  });

  it('picks the instance named in an unfiltered listing, never the first', async () => {
    const { facts } = await load('rds/mysql.staging.json', 'acme-staging-mysql');
    expect(values(facts)).toMatchObject({
      engine: 'mysql',
      engineVersion: '8.0.35',
      engineMajor: '8.0',
    });
    await expect(load('rds/mysql.staging.json')).rejects.toThrow(
      /^the export holds 2 RDS instances \(acme-staging-mysql-replica, acme-staging-mysql\): give instance: to pick one$/,
    );
  });

  it('reads the engine majors of MySQL and MariaDB (first two numbers)', async () => {
    const majors = await Promise.all(
      ['rds/mysql.production.json', 'rds/mariadb.staging.json', 'rds/mariadb.production.json'].map(
        async (file) => values((await load(file)).facts).engineMajor,
      ),
    );
    expect(majors).toEqual(['5.7', '10.11', '10.6']);
  });

  it('reads null as absent, and refuses another shape in one line', async () => {
    const dir = tempRepo({
      'nulls.json': JSON.stringify({
        DBInstances: [
          {
            DBInstanceIdentifier: 'db',
            Engine: 'postgres',
            EngineVersion: '16.2',
            MultiAZ: null,
            DBParameterGroups: null,
            Endpoint: null,
          },
        ],
      }),
      'snapshots.json': JSON.stringify({ DBSnapshots: [{ DBSnapshotIdentifier: 's' }] }),
    });
    const { facts } = await load('nulls.json', undefined, exportContext(dir));
    expect(values(facts)).toEqual({ engine: 'postgres', engineVersion: '16.2', engineMajor: '16' });
    await expect(load('snapshots.json', undefined, exportContext(dir))).rejects.toThrow(
      /snapshots\.json: not an `aws rds describe-db-instances` export \(at 0\.DBInstanceIdentifier: [^\n]+\)$/,
    );
  });

  it('a live read needs its instance', () => {
    const check = (o: Record<string, string>) =>
      rdsSource.check?.(rdsSource.options.parse({ type: 'rds', ...o }));
    expect(check({ export: 'db.json' })).toBeUndefined();
    expect(check({ instance: 'acme-staging-db' })).toBeUndefined();
    expect(check({})).toBe('give instance or export');
  });
});
