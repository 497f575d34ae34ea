/**
 * History (SPEC §15) against moto: production's SSM parameters go through three rounds of
 * changes (an edited value, a rotated secret, a deleted and an added parameter) with a snapshot
 * into the store after each, in a local directory and in moto's S3. Refs pick the right
 * snapshot, `log` names every change with its time, no stored object holds a secret, and every
 * call but the store's one PutObject is a read (asserted from a proxy in front of moto).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { isReadOnly, startFaultProxy } from '../support/fault-proxy.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { awsTestEnv, describeWithMoto, sdkConfig, seedBucket, seedSsm } from '../support/moto.js';
import { findingLines, repo } from './worlds/helpers.js';

const SECRETS = ['store-canary-secret-one-Q1w2', 'store-canary-secret-two-E3r4'];
const KEY = { PARITY_FINGERPRINT_KEY: 'store-test-fingerprint-key-0123456789' };

describeWithMoto('snapshot store: history refs and parity log', (endpoint) => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint);
  });
  afterAll(() => proxy.close());

  async function deleteParameter(name: string): Promise<void> {
    const { SSMClient, DeleteParameterCommand } = await import('@aws-sdk/client-ssm');
    const client = new SSMClient(sdkConfig(endpoint));
    await client.send(new DeleteParameterCommand({ Name: name }));
    client.destroy();
  }

  /** Every object under an S3 prefix, as text. */
  async function bucketText(bucket: string): Promise<string[]> {
    const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({ ...sdkConfig(endpoint), forcePathStyle: true });
    const list = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const out: string[] = [];
    for (const o of list.Contents ?? []) {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
      out.push(`${o.Key ?? ''}\n${(await got.Body?.transformToString()) ?? ''}`);
    }
    client.destroy();
    return out;
  }

  it.each(['directory', 's3'] as const)(
    'in a %s store: refs, log, no secret stored, reads only',
    async (kind) => {
      const app = `st${randomUUID().slice(0, 6)}`;
      const p = `/${app}/production/`;
      await seedSsm(endpoint, [
        { name: `${p}LOG_LEVEL`, value: 'info' },
        { name: `${p}WORKERS`, value: '4' },
        { name: `${p}OLD_FLAG`, value: 'on' },
        { name: `${p}SECRET_KEY`, value: SECRETS[0] ?? '', type: 'SecureString' },
      ]);
      const bucket = `${app}-store`;
      const webBucket = `${app}-web`;
      await seedBucket(endpoint, bucket, []);
      await seedBucket(endpoint, webBucket, [
        { key: 'index.html', body: '<p>web</p>', contentType: 'text/html' },
      ]);
      const store =
        kind === 's3' ? `s3://${bucket}/parity` : mkdtempSync(path.join(tmpdir(), 'parity-store-'));
      const dir = repo({
        'parity.yaml': `version: 1
store: "${store}"
environments:
  production: {}
  staging: { sources: { web: { bucket: "${webBucket}" } } }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  web: { type: s3-bundle, bucket: "${app}-\${env}-web-none" }
`,
      });
      const env = { ...awsTestEnv(proxy.endpoint), ...KEY };
      const snap = async () => {
        const r = await runCli(['snapshot', 'production', '--only', 'params'], { cwd: dir, env });
        expect([r.code, r.stderr]).toEqual([
          0,
          expect.stringMatching(/^parity: wrote .+\.json\n$/),
        ]);
        await new Promise((done) => setTimeout(done, 15)); // distinct capture times
      };
      const before = proxy.operations.length;
      await snap(); // round 0
      await seedSsm(endpoint, [{ name: `${p}LOG_LEVEL`, value: 'debug' }]);
      await snap(); // round 1: an edited value
      const afterRound1 = new Date().toISOString();
      await seedSsm(endpoint, [
        { name: `${p}SECRET_KEY`, value: SECRETS[1] ?? '', type: 'SecureString' },
      ]);
      await snap(); // round 2: a rotated secret
      await deleteParameter(`${p}OLD_FLAG`);
      await seedSsm(endpoint, [{ name: `${p}NEW_FLAG`, value: 'on' }]);
      await snap(); // round 3: one deleted, one added

      // The last round, exactly.
      const last = await runCli(
        ['diff', 'production@~1', 'production@latest', '--only', 'params', '-f', 'json'],
        { cwd: dir, env },
      );
      expect(last.stderr).toBe('');
      expect(findingLines(jsonReport(last).findings)).toEqual([
        'missing-key params:NEW_FLAG production@~1,production@latest',
        'missing-key params:OLD_FLAG production@~1,production@latest',
      ]);
      // By time, against live: rounds 2 and 3; the rotation seen through the fingerprints.
      const since = await runCli(
        ['diff', `production@${afterRound1}`, 'production', '--only', 'params', '-f', 'json'],
        { cwd: dir, env },
      );
      const sinceReport = jsonReport(since);
      expect(findingLines(sinceReport.findings)).toEqual([
        `missing-key params:NEW_FLAG production@${afterRound1},production`,
        `missing-key params:OLD_FLAG production@${afterRound1},production`,
        `value-drift params:SECRET_KEY production@${afterRound1},production`,
      ]);
      expect(
        Object.values(
          sinceReport.findings.find((f) => f.key === 'params:SECRET_KEY')?.values ?? {},
        ),
      ).toEqual([
        expect.stringMatching(/^<redacted:hmac:[0-9a-f]{8}>$/),
        expect.stringMatching(/^<redacted:hmac:[0-9a-f]{8}>$/),
      ]);

      // The log: each changed key with its time.
      const log = await runCli(['log', 'production', '-f', 'json'], { cwd: dir, env });
      expect(log.code).toBe(0);
      const keys = (
        JSON.parse(log.stdout) as {
          keys: { key: string; changes: { change: string; at: string }[] }[];
        }
      ).keys;
      expect(keys.map((k) => `${k.key} ${k.changes.map((c) => c.change).join(',')}`)).toEqual([
        'params:LOG_LEVEL changed',
        'params:NEW_FLAG added',
        'params:OLD_FLAG removed',
        'params:SECRET_KEY changed',
      ]);
      const times = keys.map((k) => k.changes[0]?.at ?? '');
      expect(times.every((t) => /^\d{4}-\d{2}-\d{2}T/.test(t))).toBe(true);
      expect((times[0] ?? '') < (times[3] ?? '')).toBe(true);
      expect(times[1]).toBe(times[2]);

      // No secret in any stored object.
      const stored =
        kind === 's3'
          ? await bucketText(bucket)
          : readdirSync(store, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'));
      expect(stored).toHaveLength(4);
      for (const secret of SECRETS) for (const text of stored) expect(text).not.toContain(secret);

      // A ref before the first snapshot: exit 2, one line.
      const early = await runCli(['diff', 'production@2000-01-01', 'production'], {
        cwd: dir,
        env,
      });
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(
        /^parity: production@2000-01-01: no snapshot at or before 2000-01-01 in the store \S+ — parity snapshot production --store \S+ writes one\n$/,
      );

      // Every call a read, but the store's own PutObjects.
      const calls = proxy.operations.slice(before);
      const writes = calls.filter((o) => !isReadOnly(o));
      // (S3 requests are named by method and path: each write is one PUT of a new snapshot.)
      expect(writes.map((o) => o.operation)).toEqual(
        kind === 's3'
          ? Array.from({ length: 4 }, () =>
              expect.stringMatching(
                new RegExp(`^PUT /${bucket}/parity/production/[\\d-]+T[\\d%A.]+Z\\.json$`),
              ),
            )
          : [],
      );
    },
  );

  it('refuses a store inside a bucket a source reads, and writes nothing there', async () => {
    const app = `sr${randomUUID().slice(0, 6)}`;
    await seedSsm(endpoint, [{ name: `/${app}/production/A`, value: '1' }]);
    const web = `${app}-production-web`;
    await seedBucket(endpoint, web, [
      { key: 'index.html', body: '<p>web</p>', contentType: 'text/html' },
    ]);
    const dir = repo({
      'parity.yaml': `version: 1
environments: { production: {} }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
  web: { type: s3-bundle, bucket: "${app}-\${env}-web" }
`,
    });
    const env = { ...awsTestEnv(endpoint), ...KEY };
    const result = await runCli(['snapshot', 'production', '--store', `s3://${web}/history`], {
      cwd: dir,
      env,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `parity: --store s3://${web}/history/: the bucket ${web} is one a source reads; parity writes only to a store of its own\n`,
    );
    expect((await bucketText(web)).map((t) => t.split('\n')[0])).toEqual(['index.html']);
    // And without the key its snapshots could not be compared later: refused too.
    const unkeyed = await runCli(
      [
        'snapshot',
        'production',
        '--only',
        'params',
        '--store',
        mkdtempSync(path.join(tmpdir(), 'parity-store-')),
      ],
      {
        cwd: dir,
        env: awsTestEnv(endpoint),
      },
    );
    expect(unkeyed.code).toBe(2);
    expect(unkeyed.stderr).toMatch(/^parity: snapshot --store needs PARITY_FINGERPRINT_KEY — /);
  });

  it('a snapshot fingerprinted with another key is refused, never compared as if every secret changed', async () => {
    const app = `sk${randomUUID().slice(0, 6)}`;
    await seedSsm(endpoint, [
      { name: `/${app}/production/SECRET_KEY`, value: SECRETS[0] ?? '', type: 'SecureString' },
    ]);
    const store = mkdtempSync(path.join(tmpdir(), 'parity-store-'));
    const dir = repo({
      'parity.yaml': `version: 1
environments: { production: {} }
sources:
  params: { type: ssm, path: "/${app}/\${env}/" }
`,
    });
    const env = { ...awsTestEnv(endpoint), ...KEY };
    expect(
      (await runCli(['snapshot', 'production', '--store', store], { cwd: dir, env })).code,
    ).toBe(0);
    const other = await runCli(['diff', 'production@latest', 'production', '--store', store], {
      cwd: dir,
      env: { ...env, PARITY_FINGERPRINT_KEY: 'another-key-entirely-9876543210' },
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^parity: .+production\/[^/]+\.json was fingerprinted with another PARITY_FINGERPRINT_KEY than this run's: its secrets cannot be compared — set PARITY_FINGERPRINT_KEY to the key the stored snapshots were taken with\n$/,
    );
    const same = await runCli(
      ['diff', 'production@latest', 'production', '--store', store, '-f', 'json'],
      { cwd: dir, env },
    );
    expect([same.code, jsonReport(same).findings]).toEqual([0, []]);
  });
});
