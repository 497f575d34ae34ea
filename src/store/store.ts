/**
 * The snapshot store (SPEC §15): a directory or an S3 prefix holding `<env>/<capturedAt>.json`.
 * `parity snapshot --store` writes one object there, the only write parity ever makes, never
 * over an existing one; everything else only lists and reads, page by page.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { awsCall } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';

export interface SnapshotStore {
  /** `/var/parity` or `s3://bucket/prefix`, for messages. */
  readonly label: string;
  /** The bucket, for an S3 store (a store inside a bucket a source reads is refused). */
  readonly bucket?: string;
  /** The capture times of an environment's snapshots, oldest first. */
  list(env: string): Promise<string[]>;
  read(env: string, stamp: string): Promise<string>;
  /** Writes a new snapshot; returns where. Never replaces one. */
  write(env: string, stamp: string, text: string): Promise<string>;
}

const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
const ENV_NAME = /^[\w.-]+$/;

function checkEnv(env: string): void {
  if (!ENV_NAME.test(env) || env === '.' || env === '..')
    throw new ParityError('USAGE', `"${env}" cannot name a directory of the store`);
}

/** A store from `--store` / `store:`: `s3://bucket/prefix` or a directory. */
export function openStore(location: string, cwd: string, aws: () => AwsClients): SnapshotStore {
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(location);
  if (location.startsWith('s3://') && !s3)
    throw new ParityError('USAGE', `--store ${location}: not an s3://bucket/prefix`);
  return s3 ? s3Store(aws(), s3[1] ?? '', s3[2] ?? '') : dirStore(path.resolve(cwd, location));
}

function dirStore(root: string): SnapshotStore {
  return {
    label: root,
    async list(env) {
      checkEnv(env);
      try {
        const names = await readdir(path.join(root, env));
        return names
          .filter((n) => n.endsWith('.json') && STAMP.test(n.slice(0, -5)))
          .map((n) => n.slice(0, -5))
          .sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new ParityError('FILE_UNREADABLE', `cannot list the store ${root}/${env}`);
      }
    },
    async read(env, stamp) {
      checkEnv(env);
      return readFile(path.join(root, env, `${stamp}.json`), 'utf8');
    },
    async write(env, stamp, text) {
      checkEnv(env);
      const dir = path.join(root, env);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${stamp}.json`);
      // `wx`: never over an existing snapshot.
      await writeFile(file, text, { flag: 'wx', mode: 0o644 });
      return file;
    },
  };
}

function s3Store(aws: AwsClients, bucket: string, prefix: string): SnapshotStore {
  const base = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  const uri = (key: string): string => `s3://${bucket}/${base}${key}`;
  return {
    label: `s3://${bucket}/${base}`,
    bucket,
    async list(env) {
      checkEnv(env);
      const client = await aws.client('s3');
      const { ListObjectsV2Command } = await import('../aws/sdk/s3.js');
      const stamps: string[] = [];
      let token: string | undefined;
      do {
        const page = await awsCall(aws, 's3', uri(`${env}/`), () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: `${base}${env}/`,
              ContinuationToken: token,
            }),
          ),
        );
        for (const o of page.Contents ?? []) {
          const name = o.Key?.slice(`${base}${env}/`.length) ?? '';
          if (name.endsWith('.json') && STAMP.test(name.slice(0, -5)))
            stamps.push(name.slice(0, -5));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return stamps.sort();
    },
    async read(env, stamp) {
      checkEnv(env);
      const client = await aws.client('s3');
      const { GetObjectCommand } = await import('../aws/sdk/s3.js');
      const key = `${base}${env}/${stamp}.json`;
      return awsCall(aws, 's3', uri(`${env}/${stamp}.json`), async () => {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      });
    },
    async write(env, stamp, text) {
      checkEnv(env);
      const client = await aws.client('s3');
      const { PutObjectCommand } = await import('../aws/sdk/s3.js');
      const key = `${base}${env}/${stamp}.json`;
      await awsCall(aws, 's3', uri(`${env}/${stamp}.json`), () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: text,
            ContentType: 'application/json',
            // Never over an existing snapshot.
            IfNoneMatch: '*',
          }),
        ),
      );
      return uri(`${env}/${stamp}.json`);
    },
  };
}
