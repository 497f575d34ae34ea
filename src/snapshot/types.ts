import type { ErrorCode } from '../errors.js';

/**
 * The typed snapshot model: what one environment runs on, as facts.
 *
 * A fact's raw `value` lives only in memory. Anything that leaves the process goes through
 * `redact.ts` (display values, fingerprints) so that sensitive values never appear in clear.
 */

export type Scalar = string | number | boolean | null;
export type FactValue = Scalar | readonly Scalar[];

export const TIERS = ['production', 'nonproduction', 'local'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * What a fact is, declared by its source (SPEC §3): rules select facts by kind, never by source
 * type or path. `value` is everything else (settings, variables, flags).
 */
export const FACT_KINDS = [
  'value',
  'image',
  'version',
  'version-major',
  'size',
  'reference',
  'command',
  'row',
  'row-count',
  'schema',
  'migration',
  'build',
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface FactLocation {
  /** A file the fact was read from, relative to the working directory when possible. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** A resource URI: an ARN, an `s3://` URI, an HTTP URL. */
  readonly uri?: string;
}

export interface Fact {
  /** The path inside its source, e.g. `DATABASE_URL` or `stripe/SECRET_KEY` (SPEC §3). */
  readonly path: string;
  readonly kind: FactKind;
  /** The raw value. `undefined` only for sensitive facts read back from a snapshot file. */
  readonly value: FactValue | undefined;
  /** Never displayed (SPEC §3 sensitivity). */
  readonly sensitive: boolean;
  /** A sensitive fact that is also a credential (shared-secret applies). */
  readonly credential: boolean;
  /**
   * HMAC-SHA256 of the raw value (hex), present on every sensitive fact. Keyed by the per-run
   * key, or by PARITY_FINGERPRINT_KEY for facts read from a snapshot file.
   */
  readonly fingerprint?: string;
  readonly location?: FactLocation;
  /** ISO-8601, when the service reports it. */
  readonly lastModified?: string;
  /** Who last changed it, where the service says (SSM LastModifiedUser, ECS registeredBy). */
  readonly modifiedBy?: string;
  /** For list values: where each element was found (element → URI). */
  readonly elementLocations?: Readonly<Record<string, string>>;
  /** What a version or image is of (`postgres`, `mysql`): majors are counted per engine. */
  readonly family?: string;
  /**
   * A sensitive fact read back from a snapshot file has no value; these are the parts of it that
   * are not secret and that single-environment rules look at (see snapshot/signals.ts).
   */
  readonly signals?: readonly string[];
}

/** A fact as a source produces it, before sensitivity is classified. */
export interface RawFact {
  readonly path: string;
  readonly value: FactValue;
  /** The source knows the value is secret (SecureString, Secrets Manager, ...). */
  readonly sensitive?: boolean;
  readonly location?: FactLocation;
  readonly lastModified?: string | Date;
  readonly modifiedBy?: string;
  /** For list values: where each element was found (element → URI), e.g. a bundle URL's object. */
  readonly elementLocations?: Readonly<Record<string, string>>;
  /** What a version or image is of (`postgres`, `mysql`). */
  readonly family?: string;
}

/** A `${source:key}` or service secret reference found while loading. */
export interface Reference {
  /** The source holding the reference. */
  readonly source: string;
  /** Where the reference is written (an option name or a fact path). */
  readonly at: string;
  /** What it points to, as written (`params:DATABASE_URL`, an ARN, ...). */
  readonly target: string;
  readonly resolved: boolean;
  readonly location?: FactLocation;
}

export type SourceStatus = 'ok' | 'error';

export interface SourceSnapshot {
  readonly name: string;
  readonly type: string;
  readonly status: SourceStatus;
  /** One line, already free of secrets. */
  readonly error?: string;
  /** The error's catalogue code (errors.ts). */
  readonly code?: ErrorCode;
  /** How to fix it, when the error knows (`set allowEmpty: true …`). */
  readonly hint?: string;
  readonly facts: readonly Fact[];
  readonly durationMs: number;
  readonly location?: FactLocation;
  /**
   * What Git declares (SPEC §14, a source's `declared:`): the declared file's facts, located at
   * their lines, and the fact paths a declaration covers.
   */
  readonly declared?: {
    readonly file: string;
    readonly facts: readonly Fact[];
    readonly covers: readonly string[];
  };
}

export interface EnvironmentIdentity {
  readonly name: string;
  readonly tier: Tier;
  readonly aliases: readonly string[];
  readonly hosts: Readonly<Record<string, string>>;
  readonly accountId?: string;
}

export interface Snapshot {
  readonly identity: EnvironmentIdentity;
  readonly capturedAt: string;
  readonly sources: readonly SourceSnapshot[];
  readonly references: readonly Reference[];
  /** Where the snapshot came from: `live`, or the snapshot file it was read from. */
  readonly origin:
    | { readonly kind: 'live' }
    | { readonly kind: 'file'; readonly file: string }
    /** From the store (SPEC §15): `ref` is how it was asked for, `production@~1`. */
    | { readonly kind: 'store'; readonly ref: string; readonly file: string };
}

export function factKey(source: string, path: string): string {
  return `${source}:${path}`;
}
