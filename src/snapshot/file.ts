/**
 * Snapshot files (SPEC §6): one environment's facts, written by `parity snapshot` and read by
 * `parity diff` in place of a live environment. Sensitive values are never written: a
 * sensitive fact carries its HMAC fingerprint only when PARITY_FINGERPRINT_KEY is set (so two
 * snapshots taken with the same key can be compared), otherwise nothing but `redacted: true`.
 */
import * as z from 'zod';
import { ERRORS, ParityError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { readJsonFile } from '../util/files.js';
import { VERSION } from '../version.js';
import { fingerprintKeyId, hasFingerprintKey } from './redact.js';
import { signalsOf } from './signals.js';
import type { EnvironmentIdentity, Fact, Snapshot } from './types.js';
import { FACT_KINDS, TIERS } from './types.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const location = z
  .object({ file: z.string().optional(), line: z.number().optional(), uri: z.string().optional() })
  .optional();

const factSchema = z.object({
  path: z.string(),
  kind: z.enum(FACT_KINDS).default('value'),
  value: z.union([scalar, z.array(scalar)]).optional(),
  redacted: z.boolean().optional(),
  sensitive: z.boolean(),
  credential: z.boolean().default(false),
  fingerprint: z.string().optional(),
  location,
  lastModified: z.string().optional(),
  modifiedBy: z.string().optional(),
  elementLocations: z.record(z.string(), z.string()).optional(),
  family: z.string().optional(),
  signals: z.array(z.string()).optional(),
});

const snapshotFileSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('parity-snapshot'),
  tool: z.object({ name: z.literal('parity'), version: z.string() }),
  environment: z.string(),
  tier: z.enum(TIERS),
  identity: z.object({
    aliases: z.array(z.string()),
    hosts: z.record(z.string(), z.string()),
    accountId: z.string().optional(),
  }),
  capturedAt: z.string(),
  fingerprints: z.enum(['keyed', 'none']),
  /** Which key fingerprinted it (fingerprintKeyId), when keyed. */
  fingerprintKey: z.string().optional(),
  sources: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      status: z.enum(['ok', 'error']),
      error: z.string().optional(),
      code: z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]).optional(),
      hint: z.string().optional(),
      durationMs: z.number(),
      facts: z.array(factSchema),
    }),
  ),
  references: z
    .array(
      z.object({
        source: z.string(),
        at: z.string(),
        target: z.string(),
        resolved: z.boolean(),
        location,
      }),
    )
    .default([]),
});

/** What is written (defaults filled on read). */
export type SnapshotFile = z.input<typeof snapshotFileSchema>;

/**
 * The file of a snapshot. `others` are the environments the config knows besides this one:
 * a sensitive fact keeps, as signals, the names of theirs it mentions.
 */
export function toSnapshotFile(
  snapshot: Snapshot,
  others: readonly EnvironmentIdentity[],
): SnapshotFile {
  const keyed = hasFingerprintKey();
  return {
    schemaVersion: 1,
    kind: 'parity-snapshot',
    tool: { name: 'parity', version: VERSION },
    environment: snapshot.identity.name,
    tier: snapshot.identity.tier,
    identity: {
      aliases: [...snapshot.identity.aliases],
      hosts: { ...snapshot.identity.hosts },
      ...(snapshot.identity.accountId ? { accountId: snapshot.identity.accountId } : {}),
    },
    capturedAt: snapshot.capturedAt,
    fingerprints: keyed ? 'keyed' : 'none',
    ...(keyed ? { fingerprintKey: fingerprintKeyId() ?? '' } : {}),
    sources: snapshot.sources.map((s) => ({
      name: s.name,
      type: s.type,
      status: s.status,
      ...(s.error ? { error: s.error } : {}),
      ...(s.code ? { code: s.code } : {}),
      ...(s.hint ? { hint: s.hint } : {}),
      durationMs: s.durationMs,
      facts: s.facts.map((f) =>
        factJson(f, keyed, f.sensitive ? signalsOf(f, snapshot.identity, others) : []),
      ),
    })),
    references: snapshot.references.map((r) => ({ ...r })),
  };
}

function factJson(
  f: Fact,
  keyed: boolean,
  signals: readonly string[],
): SnapshotFile['sources'][number]['facts'][number] {
  const meta = {
    ...(f.kind === 'value' ? {} : { kind: f.kind }),
    ...(f.family ? { family: f.family } : {}),
    ...(f.location ? { location: f.location } : {}),
    ...(f.lastModified ? { lastModified: f.lastModified } : {}),
    ...(f.modifiedBy ? { modifiedBy: f.modifiedBy } : {}),
  };
  if (f.sensitive) {
    // Never the value; the fingerprint only when it was made with the shared key.
    return {
      path: f.path,
      redacted: true,
      sensitive: true,
      credential: f.credential,
      ...(keyed && f.fingerprint ? { fingerprint: f.fingerprint } : {}),
      ...(signals.length > 0 ? { signals: [...signals] } : {}),
      ...meta,
    };
  }
  const v = f.value;
  return {
    path: f.path,
    ...(v === undefined ? {} : { value: typeof v === 'object' && v !== null ? [...v] : v }),
    sensitive: false,
    credential: false,
    ...(f.elementLocations ? { elementLocations: f.elementLocations } : {}),
    ...meta,
  };
}

export async function readSnapshotFile(cwd: string, file: string): Promise<Snapshot> {
  const { data, displayPath } = await readJsonFile(cwd, file);
  return snapshotOf(data, displayPath, { kind: 'file', file: displayPath });
}

/**
 * A stored snapshot (SPEC §15), named by its ref (`production@~1`) so that two of one
 * environment can be compared; a snapshot fingerprinted with another key is refused, never
 * compared as if every secret had changed.
 */
export function readStoredSnapshot(text: string, where: string, ref: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ParityError('SNAPSHOT_INVALID', `${where}: invalid JSON`);
  }
  const snapshot = snapshotOf(data, where, { kind: 'store', ref, file: where });
  const keyId = (data as { fingerprintKey?: unknown }).fingerprintKey;
  if (keyId !== undefined && keyId !== fingerprintKeyId())
    throw new ParityError(
      'FINGERPRINT_KEY_MISMATCH',
      `${where} was fingerprinted with another PARITY_FINGERPRINT_KEY than this run's: its secrets cannot be compared`,
    );
  return snapshot;
}

function snapshotOf(data: unknown, displayPath: string, origin: Snapshot['origin']): Snapshot {
  const parsed = snapshotFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.filter((p) => typeof p !== 'symbol').join('.') ?? '';
    throw new ParityError(
      'SNAPSHOT_INVALID',
      `${displayPath}: not a parity snapshot file${at ? ` (at ${at}: ${issue?.message ?? ''})` : ''}`,
    );
  }
  const s = parsed.data;
  // Fingerprints of another key cannot be compared with this run's: drop them.
  const usable = s.fingerprints === 'keyed' && hasFingerprintKey();
  return {
    identity: {
      name: origin.kind === 'store' ? origin.ref : s.environment,
      tier: s.tier,
      aliases: s.identity.aliases,
      hosts: s.identity.hosts,
      ...(s.identity.accountId ? { accountId: s.identity.accountId } : {}),
    },
    capturedAt: s.capturedAt,
    origin,
    references: s.references.map((r) => ({
      source: r.source,
      at: r.at,
      target: r.target,
      resolved: r.resolved,
      ...(r.location ? { location: r.location } : {}),
    })),
    sources: s.sources.map((src) => ({
      name: src.name,
      type: src.type,
      status: src.status,
      ...(src.error ? { error: src.error } : {}),
      ...(src.code ? { code: src.code } : {}),
      ...(src.hint ? { hint: src.hint } : {}),
      durationMs: src.durationMs,
      facts: src.facts.map((f): Fact => ({
        path: f.path,
        kind: f.kind,
        value: f.sensitive ? undefined : (f.value ?? null),
        sensitive: f.sensitive,
        credential: f.credential,
        ...(f.sensitive && usable && f.fingerprint ? { fingerprint: f.fingerprint } : {}),
        ...(f.location ? { location: f.location } : {}),
        ...(f.lastModified ? { lastModified: f.lastModified } : {}),
        ...(f.modifiedBy ? { modifiedBy: f.modifiedBy } : {}),
        ...(f.elementLocations ? { elementLocations: f.elementLocations } : {}),
        ...(f.family ? { family: f.family } : {}),
        ...(f.sensitive && f.signals ? { signals: f.signals } : {}),
      })),
    })),
  };
}
