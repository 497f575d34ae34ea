/**
 * `s3-bundle`: the built frontend an environment serves — every object under `bucket`/`prefix`
 * (or a local `dir`). Text assets are read up to a per-object cap (binary content skipped) and
 * scanned for absolute URLs, declared patterns and Stripe keys; HTML and extensionless objects
 * report their Content-Type and Cache-Control.
 */
import type { Stats } from 'node:fs';
import { lstat, opendir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as z from 'zod';
import { awsCall } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { ParityError } from '../errors.js';
import { stripContentHashes } from '../snapshot/normalize.js';
import type { FactLocation, RawFact, Scalar } from '../snapshot/types.js';
import { mapLimit } from '../util/concurrency.js';
import { commitsBehind } from '../util/git.js';
import {
  displayPathOf,
  insideRoot,
  isVcsFolderName,
  kindOf,
  outsideRepository,
  readFileCapped,
  realRootOf,
} from '../util/files.js';
import { createScanner, workerCount } from './bundle/pool.js';
import { compilePattern, decodeText } from './bundle/scan.js';
import { allowSkippedOption } from './_export.js';
import { defineSource } from './types.js';
import type { SourceContext } from './types.js';
import { byCodeUnit } from '../util/order.js';

const options = z.strictObject({
  type: z.literal('s3-bundle'),
  bucket: z.string().min(1).optional().describe('The bucket the bundle is served from.'),
  prefix: z.string().default('').describe('The key prefix of the bundle in the bucket.'),
  dir: z.string().min(1).optional().describe('A local build directory instead of a bucket.'),
  scan: z
    .record(z.string().regex(/^[\w-]+$/), z.string().min(1))
    .default({})
    .describe('Named regular expressions whose matches become scan.<name> facts.'),
  manifest: z
    .union([
      z.string().min(1),
      z.strictObject({ key: z.string().min(1), field: z.string().default('commit') }),
    ])
    .optional()
    .describe('A JSON object in the bundle holding the build commit (field `commit` by default).'),
  builtFrom: z
    .union([
      z.string().min(1),
      z.strictObject({ source: z.string().min(1), prefix: z.string().min(1).optional() }),
    ])
    .optional()
    .describe(
      'The dotenv source the bundle is built from (SPEC §14): each public build variable of it (VITE_, REACT_APP_, NEXT_PUBLIC_, PUBLIC_, NG_APP_, or prefix) must appear in the bundle verbatim.',
    ),
  maxObjectBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024)
    .describe(
      'Text objects larger than this are not scanned (a source error unless allowSkipped).',
    ),
  allowSkipped: allowSkippedOption,
});

const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  '.html',
  '.htm',
  '.js',
  '.mjs',
  '.cjs',
  '.css',
  '.json',
  '.txt',
  '.svg',
  '.xml',
  '.webmanifest',
]);

interface BundleObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified?: Date | undefined;
}

interface ObjectContent {
  /** The object's bytes when text was wanted and it is within the size cap. */
  readonly bytes?: Uint8Array | undefined;
  readonly contentType?: string | undefined;
  readonly cacheControl?: string | undefined;
}

/** How to list and read the objects of one bundle, in S3 or on disk. */
interface BundleStore {
  readonly uri: (key: string) => string;
  list(): Promise<BundleObject[]>;
  read(object: BundleObject, wantText: boolean, maxBytes: number): Promise<ObjectContent>;
}

export const s3BundleSource = defineSource({
  type: 's3-bundle',
  description:
    'The frontend bundle in S3 (or a local dir): assets, content types, URLs, scans, Stripe mode.',
  options,
  // Checked on each environment's merged options (a shared declaration may be completed by an override).
  check: (o) =>
    Boolean(o.bucket) !== Boolean(o.dir) ? undefined : 'give exactly one of bucket or dir',
  services: ['s3'],
  requestChain: 2, // ListObjectsV2 pages → GetObject
  kinds: { 'built.*': 'build', 'build.behind': 'build', 'build.deploysFrom': 'build' },
  reads: (o) => {
    const from = o.builtFrom;
    if (typeof from === 'string') return [from];
    const source =
      typeof from === 'object' && from !== null ? (from as { source?: unknown }).source : undefined;
    return typeof source === 'string' ? [source] : [];
  },
  async load(opts, ctx) {
    const store = opts.dir
      ? dirStore(insideRoot(ctx.baseDir, opts.dir, ctx.rootDir), ctx.rootDir)
      : s3Store(ctx.aws, opts.bucket ?? '', opts.prefix);
    const objects = await store.list();
    if (objects.length === 0) {
      throw new ParityError(
        'SOURCE_FAILED',
        `no objects in ${store.uri('')} (wrong bucket or prefix?)`,
      );
    }
    const manifest =
      typeof opts.manifest === 'string' ? { key: opts.manifest, field: 'commit' } : opts.manifest;
    // Compiled here so that a bad pattern is a config error before any object is read.
    for (const [name, source] of Object.entries(opts.scan)) compile(name, source);
    const built = opts.builtFrom ? buildVariables(opts.builtFrom, ctx) : [];
    // The declared values are scanned for like the `scan:` patterns (as literals), after them.
    const patterns = [
      ...Object.entries(opts.scan),
      ...built.flatMap((v) => [
        [`built.${v.name}`, literal(v.value)] as [string, string],
        ...(v.instead ? [[`instead.${v.name}`, v.instead] as [string, string]] : []),
      ]),
    ];
    const scanCount = Object.keys(opts.scan).length;

    const read = await readObjects(store, objects, patterns, manifest, opts);
    const { facts, origins, scans, publishable, secretKeys, newest, buildCommit } = read;

    const bundleUri = store.uri('');
    const aggregate = (
      p: string,
      value: Scalar | readonly Scalar[],
      extra: Partial<RawFact> = {},
    ): void => {
      facts.push({
        path: p,
        value,
        location: { uri: bundleUri },
        ...(newest ? { lastModified: newest } : {}),
        ...extra,
      });
    };
    aggregate('assets', [...new Set(objects.map((o) => stripContentHashes(o.key)))].sort());
    const urlList = [...origins.keys()].sort();
    aggregate('urls', urlList, {
      elementLocations: Object.fromEntries(
        urlList.map((o) => [o, store.uri(origins.get(o) ?? '')]),
      ),
    });
    patterns
      .slice(0, scanCount)
      .forEach(([name], i) => aggregate(`scan.${name}`, [...(scans[i] ?? [])].sort()));
    // built.<VAR>: true when the bundle holds the declared value, else what it holds instead
    // (the same URL path at another origin), possibly nothing.
    for (const v of built) {
      const at = patterns.findIndex(([name]) => name === `built.${v.name}`);
      const insteadAt = patterns.findIndex(([name]) => name === `instead.${v.name}`);
      const found = (scans[at]?.size ?? 0) > 0;
      facts.push({
        path: `built.${v.name}`,
        value: found ? true : [...(scans[insteadAt] ?? [])].sort(),
        ...(v.location ? { location: v.location } : { location: { uri: bundleUri } }),
      });
    }
    if (manifest) {
      if (buildCommit === undefined)
        throw new ParityError(
          'SOURCE_FAILED',
          `manifest ${manifest.key} not found in ${bundleUri}`,
        );
      aggregate('build.commit', buildCommit);
      // How far the deployed build is behind the branch the environment deploys from (local
      // history only: undefined in a shallow checkout that lacks the commit).
      if (ctx.deploysFrom) {
        const behind = await commitsBehind(ctx.rootDir, buildCommit, ctx.deploysFrom);
        aggregate('build.deploysFrom', ctx.deploysFrom);
        aggregate('build.behind', behind ?? 'unknown');
      }
    }
    const modes = new Set(
      [...publishable].map((k) => (k.startsWith('pk_live_') ? 'live' : 'test')),
    );
    aggregate(
      'stripe.mode',
      modes.size === 0 ? 'none' : modes.size === 2 ? 'mixed' : ([...modes][0] ?? 'none'),
    );
    if (publishable.size > 0) aggregate('stripe.publishableKeys', [...publishable].sort());
    // A secret key in a public bundle is a leak in itself; it is kept (sensitive) for the tier rules.
    if (secretKeys.size > 0)
      aggregate('stripe.secretKeys', [...secretKeys].sort(), { sensitive: true });
    return { facts: facts.sort((a, b) => byCodeUnit(a.path, b.path)) };
  },
});

/** What reading a bundle's objects found, before the per-bundle facts are made of it. */
interface BundleRead {
  /** Per-object facts (content type, cache control of pages). */
  readonly facts: RawFact[];
  /** Each URL origin and the first object (by key) holding it. */
  readonly origins: ReadonlyMap<string, string>;
  readonly scans: readonly ReadonlySet<string>[];
  readonly publishable: ReadonlySet<string>;
  readonly secretKeys: ReadonlySet<string>;
  readonly newest: Date | undefined;
  readonly buildCommit: string | undefined;
}

/**
 * Reads and scans every text object (eight at a time, the scan in worker threads for large
 * bundles); fails closed when a text object could not be scanned, unless allowSkipped.
 */
async function readObjects(
  store: BundleStore,
  objects: readonly BundleObject[],
  patterns: readonly (readonly [string, string])[],
  manifest: { readonly key: string; readonly field: string } | undefined,
  opts: z.infer<typeof options>,
): Promise<BundleRead> {
  const origins = new Map<string, string>();
  const scans = patterns.map(() => new Set<string>());
  const publishable = new Set<string>();
  const secretKeys = new Set<string>();
  const facts: RawFact[] = [];
  let newest: Date | undefined;
  let buildCommit: string | undefined;
  // Text objects that could not be scanned: the bundle was not read whole (SPEC §7a).
  const unscanned: string[] = [];

  const kinds = objects.map((object) => {
    const ext = path.extname(object.key).toLowerCase();
    const isPage = ext === '' || ext === '.html' || ext === '.htm';
    return { object, isPage, wantText: TEXT_EXTENSIONS.has(ext) || ext === '' };
  });
  const textBytes = kinds
    .filter((k) => k.wantText && k.object.size <= opts.maxObjectBytes)
    .reduce((sum, k) => sum + k.object.size, 0);
  const scanner = createScanner(patterns, workerCount(textBytes));
  try {
    await mapLimit(kinds, 8, async ({ object, isPage, wantText }) => {
      if (object.lastModified && (!newest || object.lastModified > newest))
        newest = object.lastModified;
      if (!wantText && !isPage) return;
      const content = await store.read(object, wantText, opts.maxObjectBytes);
      const location = { uri: store.uri(object.key) };
      if (isPage && !opts.dir) {
        facts.push({
          path: `object.${object.key}.contentType`,
          value: content.contentType ?? null,
          location,
        });
        facts.push({
          path: `object.${object.key}.cacheControl`,
          value: content.cacheControl ?? null,
          location,
        });
      }
      if (content.bytes === undefined) {
        if (wantText) unscanned.push(`${object.key} (over maxObjectBytes)`);
        return;
      }
      // Read before the scan: a worker takes the bytes over.
      if (manifest && object.key === manifest.key) {
        const text = decodeText(content.bytes);
        if (text !== undefined) buildCommit = readManifest(text, manifest.field, object.key);
      }
      const found = await scanner.scan(content.bytes);
      if (found.binary && wantText) unscanned.push(`${object.key} (binary content)`);
      // Each origin is located in the first object (by key) that holds it, whatever the
      // order objects finish in.
      for (const origin of found.origins) {
        const seen = origins.get(origin);
        if (seen === undefined || object.key < seen) origins.set(origin, object.key);
      }
      found.scans.forEach((matches, i) => {
        for (const m of matches) scans[i]?.add(m);
      });
      // Publishable keys are public; secret and restricted ones are a leak.
      for (const key of found.stripeKeys)
        (key.startsWith('pk_') ? publishable : secretKeys).add(key);
    });
  } finally {
    await scanner.close();
  }
  if (unscanned.length > 0 && !opts.allowSkipped) {
    const listed = unscanned.sort(byCodeUnit);
    throw new ParityError(
      'SOURCE_FAILED',
      `${listed.length} text object${listed.length === 1 ? '' : 's'} not scanned: ${listed.slice(0, 3).join(', ')}${listed.length > 3 ? ', …' : ''} (raise maxObjectBytes, or set allowSkipped: true)`,
    );
  }
  return { facts, origins, scans, publishable, secretKeys, newest, buildCommit };
}

/** A `scan:` pattern for RE2 (linear time); lookaround and backreferences are config errors. */
function compile(name: string, source: string): void {
  compilePattern(name, source);
}

function readManifest(text: string, field: string, key: string): string {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === 'object' && data !== null && field in data) {
      const value: unknown = Object.entries(data).find(([k]) => k === field)?.[1];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  } catch {
    // reported below
  }
  throw new ParityError('SOURCE_FAILED', `manifest ${key} has no "${field}" field`);
}

function s3Store(aws: AwsClients, bucket: string, prefix: string): BundleStore {
  const base = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  return {
    uri: (key) => `s3://${bucket}/${base}${key}`,
    async list() {
      const client = await aws.client('s3');
      const { ListObjectsV2Command } = await import('../aws/sdk/s3.js');
      const out: BundleObject[] = [];
      let token: string | undefined;
      do {
        const page = await awsCall(aws, 's3', `s3://${bucket}/${base}`, () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: base || undefined,
              ContinuationToken: token,
            }),
          ),
        );
        for (const o of page.Contents ?? []) {
          if (o.Key && !o.Key.endsWith('/'))
            out.push({
              key: o.Key.slice(base.length),
              size: o.Size ?? 0,
              lastModified: o.LastModified,
            });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async read(object, wantText, maxBytes) {
      const client = await aws.client('s3');
      const { GetObjectCommand } = await import('../aws/sdk/s3.js');
      const fullKey = `${base}${object.key}`;
      return awsCall(aws, 's3', `s3://${bucket}/${fullKey}`, async () => {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: fullKey }));
        const body = out.Body;
        let bytes: Uint8Array | undefined;
        if (wantText && object.size <= maxBytes && body && isReadable(body)) {
          bytes = await readCapped(body, maxBytes);
        } else if (body && isReadable(body)) {
          body.destroy();
        }
        return { bytes, contentType: out.ContentType, cacheControl: out.CacheControl };
      });
    },
  };
}

function isReadable(body: unknown): body is Readable {
  return (
    typeof body === 'object' && body !== null && Symbol.asyncIterator in body && 'destroy' in body
  );
}

/**
 * Reads a stream into memory, stopping (and dropping the rest) past `maxBytes`: undefined then,
 * as for an object the listing already showed too large, never an empty text that looks scanned.
 */
async function readCapped(stream: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Caps of a `dir:` walk. The directory is data from the pull request (SPEC §7a): it may hold a
 * million files, a deep tree, or links to the runner's files, devices and FIFOs.
 */
const DIR_MAX_ENTRIES = 20_000;
const DIR_MAX_DEPTH = 32;
const DIR_MAX_BYTES = 256 * 1024 * 1024;

/**
 * A local build directory. The walk never follows a link to a directory (it could lead to `/`
 * or loop); a link to a file is followed when it stays in the repository and outside its
 * version-control folders, and a link that leaves is refused as a source error naming it — an
 * attack should be visible, not quietly skipped. FIFOs, sockets and devices are no objects
 * (S3 cannot hold them either); version-control folders are not walked.
 */
function dirStore(dir: string, rootDir: string): BundleStore {
  const files = new Map<string, { readonly real: string; readonly info: Stats }>();
  const shown = (key: string): string => displayPathOf(path.join(dir, key));
  let bytesRead = 0;
  const count = (bytes: number): void => {
    bytesRead += bytes;
    if (bytesRead > DIR_MAX_BYTES) {
      throw new ParityError(
        'SOURCE_FAILED',
        `${shown('')}: over ${DIR_MAX_BYTES / 1024 / 1024} MB read from the bundle directory; parity reads at most that much`,
      );
    }
  };
  return {
    uri: shown,
    async list() {
      let top: string;
      try {
        top = await realpath(dir);
      } catch {
        throw new ParityError('FILE_NOT_FOUND', `${dir}: bundle directory not found`);
      }
      const info = await lstat(top);
      if (!info.isDirectory())
        throw new ParityError('FILE_UNREADABLE', `${shown('')}: not a directory (${kindOf(info)})`);
      const realRoot = realRootOf(rootDir);
      const out: BundleObject[] = [];
      let entries = 0;
      const folders = [{ real: top, key: '', depth: 0 }];
      for (let folder = folders.pop(); folder; folder = folders.pop()) {
        for await (const entry of await opendir(folder.real)) {
          if (++entries > DIR_MAX_ENTRIES) {
            throw new ParityError(
              'SOURCE_FAILED',
              `${shown('')}: over ${DIR_MAX_ENTRIES} entries in the bundle directory; parity walks at most that many`,
            );
          }
          if (isVcsFolderName(entry.name)) continue;
          const key = folder.key ? `${folder.key}/${entry.name}` : entry.name;
          const full = path.join(folder.real, entry.name);
          // lstat, not the entry's type: some file systems leave the type unknown.
          const found = await lstat(full);
          if (found.isDirectory()) {
            if (folder.depth + 1 > DIR_MAX_DEPTH) {
              throw new ParityError(
                'SOURCE_FAILED',
                `${shown(key)}: deeper than ${DIR_MAX_DEPTH} folders in the bundle directory; parity walks no deeper`,
              );
            }
            folders.push({ real: full, key, depth: folder.depth + 1 });
            continue;
          }
          const file = found.isSymbolicLink()
            ? await followLink(full, realRoot, shown(key))
            : found.isFile()
              ? { real: full, info: found }
              : undefined;
          if (!file) continue;
          files.set(key, file);
          out.push({ key, size: file.info.size, lastModified: file.info.mtime });
        }
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async read(object, wantText, maxBytes) {
      const file = files.get(object.key);
      if (!file || !wantText || object.size > maxBytes) return {};
      // Counted before the read (the size the walk saw) and after it (what was really read).
      count(object.size);
      const bytes = await readFileCapped(file.real, shown(object.key), maxBytes, file.info);
      if (bytes.length > object.size) count(bytes.length - object.size);
      return bytes.length > maxBytes ? {} : { bytes };
    },
  };
}

/**
 * The regular file a link leads to, or undefined for a dangling link or one to a directory
 * (never followed) or to something that is not a file. Refused when it leaves the repository.
 */
async function followLink(
  link: string,
  realRoot: string,
  shownAs: string,
): Promise<{ real: string; info: Stats } | undefined> {
  let real: string;
  try {
    real = await realpath(link);
  } catch {
    return undefined;
  }
  const refusal = outsideRepository(real, realRoot);
  if (refusal) {
    throw new ParityError(
      'SOURCE_FAILED',
      `${shownAs}: a symbolic link ${refusal === 'outside' ? 'out of the repository' : 'into a version-control folder'}; parity does not follow it`,
    );
  }
  const info = await lstat(real);
  return info.isFile() ? { real, info } : undefined;
}

/** The build variables frameworks inline into a bundle, by prefix. */
const PUBLIC_PREFIXES = ['VITE_', 'REACT_APP_', 'NEXT_PUBLIC_', 'PUBLIC_', 'NG_APP_'] as const;

interface BuildVariable {
  readonly name: string;
  readonly value: string;
  readonly location?: FactLocation;
  /** For a URL: a pattern for the same path at any origin (what a stale build holds instead). */
  readonly instead?: string;
}

/** The public build variables of the dotenv source the bundle is built from. */
function buildVariables(
  builtFrom: string | { source: string; prefix?: string | undefined },
  ctx: SourceContext,
): BuildVariable[] {
  const { source, prefix } = typeof builtFrom === 'string' ? { source: builtFrom } : builtFrom;
  const facts = ctx.sourceFacts(source);
  if (!facts) throw new ParityError('SOURCE_FAILED', `builtFrom: source "${source}" was not read`);
  const isPublic = (name: string): boolean =>
    prefix ? name.startsWith(prefix) : PUBLIC_PREFIXES.some((p) => name.startsWith(p));
  return facts.flatMap((f): BuildVariable[] => {
    if (!isPublic(f.path) || typeof f.value !== 'string' || f.value.trim() === '') return [];
    const path = urlPath(f.value.trim());
    return [
      {
        name: f.path,
        value: f.value.trim(),
        ...(f.location ? { location: f.location } : {}),
        ...(path ? { instead: `[a-z][a-z0-9+.-]*://[^\\s"'\`<>]*?${literal(path)}` } : {}),
      },
    ];
  });
}

/** A URL's path and query when it has more than `/`, else undefined. */
function urlPath(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    const rest = `${url.pathname}${url.search}`;
    return rest.length > 1 ? rest : undefined;
  } catch {
    return undefined;
  }
}

/** A regular expression matching `text` literally (RE2 syntax). */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
