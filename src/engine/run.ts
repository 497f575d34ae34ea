/**
 * The whole flow for one command: config → resolved environments → snapshots (all
 * environments and sources in flight at once, or read from snapshot files) → audit → report.
 */
import type { LoadedConfig } from '../config/load.js';
import { environmentNames, identityOf, resolveEnvironment } from '../config/resolve.js';
import { COMPARE_DEFAULTS } from '../config/schema.js';
import type { FailOn, Report } from '../report/types.js';
import type { IgnoreEntry, PolicyReview, SeverityOrOff } from '../rules/types.js';
import { readSnapshotFile, readStoredSnapshot } from '../snapshot/file.js';
import type { HistoryRef } from '../store/refs.js';
import { resolveRef } from '../store/refs.js';
import type { SnapshotStore } from '../store/store.js';
import type { Snapshot } from '../snapshot/types.js';
import { ParityError } from '../errors.js';
import type { ProgressEvent } from './load-environment.js';
import { loadEnvironment } from './load-environment.js';
import { audit } from './audit.js';

/** An environment to audit: a name from the config, or a file written by `parity snapshot`. */
export type EnvironmentRequest =
  | { readonly kind: 'config'; readonly name: string }
  | { readonly kind: 'snapshot'; readonly file: string }
  /** A stored snapshot (SPEC §15): `production@latest`, `@2026-11-01`, `@~2`. */
  | { readonly kind: 'stored'; readonly ref: HistoryRef };

export interface RunOptions {
  readonly command: 'diff' | 'check';
  readonly environments: readonly EnvironmentRequest[];
  readonly failOn: FailOn;
  readonly cwd: string;
  readonly only?: readonly string[];
  readonly concurrency?: number;
  readonly now?: Date;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly processEnv?: NodeJS.ProcessEnv;
  /** With `--config-ref`: what the working tree's config would change (a `config-change` finding). */
  readonly policy?: PolicyReview;
  /** `--reference`: the environment a diff of several compares the others with. */
  readonly reference?: string;
  /** The snapshot store refs are read from (`--store`, `store:`). */
  readonly store?: SnapshotStore;
}

export interface RunResult {
  readonly report: Report;
  /** Raw secret values seen during the run: every output is scrubbed of them. */
  readonly secrets: readonly string[];
}

/** Loads the requested environments, live or from files, all at once. */
export async function loadSnapshots(
  loaded: LoadedConfig | undefined,
  requests: readonly EnvironmentRequest[],
  options: Pick<RunOptions, 'only' | 'concurrency' | 'onProgress' | 'processEnv' | 'cwd' | 'store'>,
): Promise<{ snapshots: Snapshot[]; secrets: string[] }> {
  // Resolve every configured environment first: a config error is reported before any network call.
  const resolved = requests.map((r) => {
    if (r.kind === 'snapshot' || r.kind === 'stored') return r;
    if (!loaded)
      throw new ParityError(
        'CONFIG_NOT_FOUND',
        `environment "${r.name}" needs a parity.yaml (or pass a snapshot file)`,
      );
    return resolveEnvironment(loaded, r.name, options.processEnv ?? process.env);
  });
  // All at once, but a failure is reported in argument order, not in order of arrival, so the
  // same bad input always gives the same message.
  const settled = await Promise.allSettled(
    resolved.map(async (env) => {
      if ('kind' in env && env.kind === 'snapshot')
        return { snapshot: await readSnapshotFile(options.cwd, env.file), secrets: [] };
      if ('kind' in env)
        return { snapshot: await storedSnapshot(env.ref, options.store), secrets: [] };
      return loadEnvironment(env, {
        baseDir: loaded?.baseDir ?? options.cwd,
        rootDir: loaded?.rootDir ?? options.cwd,
        ...(options.only ? { only: options.only } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }),
  );
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  // An audit of nothing must not pass a gate: `sources: {}`, or `--only` matching no source.
  const empty = results.find((r) => r.snapshot.sources.length === 0);
  if (empty) {
    const name = empty.snapshot.identity.name;
    throw new ParityError(
      'NOTHING_TO_AUDIT',
      options.only
        ? `${name}: --only ${options.only.join(',')} matches no source, so nothing was audited`
        : `${name}: no source to read, so nothing was audited`,
      { hint: 'Declare sources in parity.yaml, or check the --only names.' },
    );
  }
  return {
    snapshots: results.map((r) => r.snapshot),
    secrets: results.flatMap((r) => [...r.secrets]),
  };
}

/** The stored snapshot a ref names (SPEC §15). */
async function storedSnapshot(
  ref: HistoryRef,
  store: SnapshotStore | undefined,
): Promise<Snapshot> {
  if (!store)
    throw new ParityError('USAGE', `${ref.env}@${ref.ref} needs a snapshot store`, {
      hint: 'pass --store DIR|s3://bucket/prefix, or set store: in parity.yaml',
    });
  const stamp = resolveRef(ref, await store.list(ref.env), store.label);
  const text = await store.read(ref.env, stamp);
  return readStoredSnapshot(
    text,
    `${store.label.replace(/\/$/, '')}/${ref.env}/${stamp}.json`,
    `${ref.env}@${ref.ref}`,
  );
}

export async function runAudit(
  loaded: LoadedConfig | undefined,
  options: RunOptions,
): Promise<RunResult> {
  const { snapshots, secrets } = await loadSnapshots(loaded, options.environments, options);
  const config = loaded?.config;
  const ignores: IgnoreEntry[] =
    loaded?.config.ignore.map((entry, index) => {
      const line = loaded.lineOf(['ignore', index]);
      return { ...entry, ...(line ? { line } : {}) };
    }) ?? [];
  const severities: Readonly<Record<string, SeverityOrOff>> = config?.rules ?? {};
  const report = audit({
    command: options.command,
    snapshots,
    identities: loaded ? environmentNames(loaded).map((name) => identityOf(loaded, name)) : [],
    settings: config?.compare ?? COMPARE_DEFAULTS,
    severities,
    ignores,
    failOn: options.failOn,
    now: options.now ?? new Date(),
    ...(loaded ? { configFile: loaded.displayPath } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.reference !== undefined ? { reference: options.reference } : {}),
  });
  return { report, secrets };
}
