import type { z } from 'zod';
import type { AwsClients, AwsService } from '../aws/types.js';
import type { EnvironmentIdentity, Fact, FactKind, RawFact, Reference } from '../snapshot/types.js';

export interface SourceContext {
  readonly environment: EnvironmentIdentity;
  /** The source's name in the config (`params`, `frontend-env`, ...). */
  readonly sourceName: string;
  /** Directory of the config file: relative `file:`/`export:` paths resolve against it. */
  readonly baseDir: string;
  /** The repository root: files outside it are refused (SPEC §7.4). */
  readonly rootDir: string;
  /** Lazily created AWS clients for this environment. */
  readonly aws: AwsClients;
  readonly signal: AbortSignal;
  /** Hosts probes may reach beyond `environment.hosts` (SPEC §7a). */
  readonly allowHosts: readonly string[];
  /** The branch the environment deploys from (`deploysFrom:`), when declared. */
  readonly deploysFrom?: string;
  /**
   * Every host a probe of this environment may connect to: its `hosts`, `allowHosts` and the
   * endpoints its live RDS sources report (waits for those sources).
   */
  probeHosts(): Promise<ReadonlySet<string>>;
  /** The facts of a source of this environment it reads (its `reads`), already loaded. */
  sourceFacts(name: string): readonly Fact[] | undefined;
}

export type SecretSlot = 'connection' | 'header';

interface SourceLoadResult {
  readonly facts: readonly RawFact[];
  /** Service secret references found (App Runner, ECS); `${source:key}` ones are tracked by the engine. */
  readonly references?: readonly Reference[];
  /**
   * Hosts this source found live in the environment's own account (an RDS endpoint): probes
   * may connect to them. Never from an `export:` file, which the pull request controls.
   */
  readonly hosts?: readonly string[];
}

/**
 * One source kind. `options` is a strict zod object (including `type: z.literal(...)`): it is
 * both the config schema for the kind and the parser for its interpolated options.
 */
export interface SourceDefinition<Schema extends z.ZodType = z.ZodType> {
  readonly type: string;
  /** One line for docs and `parity schema`. */
  readonly description: string;
  readonly options: Schema;
  /**
   * Rules across fields (one of A or B), checked after per-environment overrides are merged:
   * a shared declaration may be completed by each environment. A message, or undefined.
   */
  readonly check?: (options: z.infer<Schema>) => string | undefined;
  /** AWS services it may call in live mode (for client creation and concurrency). */
  readonly services: readonly AwsService[];
  /**
   * How many requests of a typical read follow one another (pages, list → describe →
   * references). The engine starts the sources with the longest chains first, so their first
   * request leaves while the others are still being set up.
   */
  readonly requestChain: number;
  /**
   * Option paths (dot paths, `*` for any key) that may carry a secret (SPEC §7a): `${ENV:NAME}`
   * as the whole password of a `connection` URL or the whole value of a `header`, and a
   * sensitive `${source:key}` as the whole value of either. Nowhere else.
   */
  readonly secretSlots?: Readonly<Record<string, SecretSlot>>;
  /**
   * The kind of each fact path it produces (path globs, `*` for any characters, first match
   * wins); a path matching none is a `value`. Rules select facts by these kinds.
   */
  readonly kinds?: Readonly<Record<string, FactKind>>;
  /**
   * It connects where its options say (a database, an HTTP endpoint), so it may send the job's
   * secrets there: a probe (SPEC §7a). A pull request's config may not declare one.
   */
  readonly probe?: boolean;
  /**
   * What Git declares the resource should be (SPEC §14): its `declared:` file read offline into
   * the same paths, and the paths a declaration covers (the others are the service's own, such
   * as an ECS service's desiredCount).
   */
  readonly declaration?: {
    /** Path globs; a function when what a declared file covers depends on its kind. */
    readonly covers: readonly string[] | ((options: z.infer<Schema>) => readonly string[]);
    /**
     * The declared file's facts; without a reader, or when it returns undefined, the file is
     * read as the source's `export:` (offline).
     */
    read?(options: z.infer<Schema>, ctx: SourceContext): Promise<readonly RawFact[] | undefined>;
  };
  /**
   * Other sources of the environment whose facts it reads (s3-bundle's `builtFrom`), from its
   * options as written: they load first, and `ctx.sourceFacts` gives their facts.
   */
  readonly reads?: (options: Readonly<Record<string, unknown>>) => readonly string[];
  /** Whether its load result may carry `hosts` (probes of the environment wait for it). */
  readonly providesHosts?: boolean;
  load(options: z.infer<Schema>, ctx: SourceContext): Promise<SourceLoadResult>;
}

export function defineSource<Schema extends z.ZodType>(
  def: SourceDefinition<Schema>,
): SourceDefinition<Schema> {
  return def;
}
