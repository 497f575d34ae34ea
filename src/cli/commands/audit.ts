/** `parity diff <envs…>`, `parity check <env>` and `parity snapshot <env>`. */
import { safeJson } from '../../util/controls.js';
import { readTextFile } from '../../util/files.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, loadConfigAtRef, parseConfigText } from '../../config/load.js';
import type { CandidatePolicy } from '../../config/policy-diff.js';
import { policyChanges } from '../../config/policy-diff.js';
import { assertTrustedPolicy } from '../../config/trust.js';
import type { PolicyReview } from '../../rules/types.js';
import type { LoadedConfig } from '../../config/load.js';
import type { EnvironmentRequest, RunResult } from '../../engine/run.js';
import { snapshotFileOf } from '../../engine/capture.js';
import { loadSnapshots, runAudit } from '../../engine/run.js';
import { environmentNames, resolveEnvironment } from '../../config/resolve.js';
import { createAwsClients } from '../../aws/clients.js';
import { hasFingerprintKey } from '../../snapshot/redact.js';
import { parseRef } from '../../store/refs.js';
import { openStore } from '../../store/store.js';
import type { SnapshotStore } from '../../store/store.js';
import { isParityError, ParityError } from '../../errors.js';
import { getFormatter } from '../../report/index.js';
import { render } from '../../report/render.js';
import { escapeControls } from '../../report/sanitize.js';
import { scrubSecrets } from '../../snapshot/redact.js';
import type { Io } from '../io.js';
import { appendStepSummary, emitAnnotations, reportError, writeReport } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { useColor } from '../options.js';
import { createProgress } from '../progress.js';

/** Two environments or more, each once; `--reference` one of them (when known by name). */
export function diffArguments(
  verb: string,
  envs: readonly string[],
  options: GlobalOptions,
): string | undefined {
  if (envs.length < 2) return `${verb} needs two environments or more, got ${envs.length}`;
  const twice = envs.find((e, i) => envs.indexOf(e) !== i);
  if (twice !== undefined) return `${verb} needs different environments, got "${twice}" twice`;
  const files = envs.some((e) => requestOf(e, new Set()).kind === 'snapshot');
  if (options.reference !== undefined && !files && !envs.includes(options.reference))
    return `--reference ${options.reference} is not one of the environments compared (${envs.join(', ')})`;
  return undefined;
}

export function runDiff(envs: readonly string[], options: GlobalOptions, io: Io): Promise<number> {
  const problem = diffArguments('diff', envs, options);
  if (problem) {
    io.stderr(`parity: ${problem}\n`);
    return Promise.resolve(2);
  }
  return runCommand('diff', envs, options, io);
}

export function runCheck(env: string, options: GlobalOptions, io: Io): Promise<number> {
  return runCommand('check', [env], options, io);
}

/**
 * A snapshot file only when the argument is not a declared environment and looks like a path
 * (a separator, or `.json`): a file committed as `production` cannot stand in for production.
 */
function requestOf(arg: string, declared: ReadonlySet<string>): EnvironmentRequest {
  if (declared.has(arg)) return { kind: 'config', name: arg };
  const ref = parseRef(arg);
  if (ref) return { kind: 'stored', ref };
  const looksLikeFile = arg.includes('/') || arg.includes(path.sep) || arg.endsWith('.json');
  return looksLikeFile ? { kind: 'snapshot', file: arg } : { kind: 'config', name: arg };
}

function storeOption(
  loaded: LoadedConfig | undefined,
  options: GlobalOptions,
  io: Io,
): { store?: SnapshotStore } {
  const store = storeFor(loaded, options, io);
  return store ? { store } : {};
}

/** The snapshot store of `--store`, else of the config's `store:` (SPEC §15). */
export function storeFor(
  loaded: LoadedConfig | undefined,
  options: GlobalOptions,
  io: Io,
): SnapshotStore | undefined {
  const location = options.store ?? loaded?.config.store;
  if (!location) return undefined;
  const base = options.store ? io.cwd : (loaded?.baseDir ?? io.cwd);
  return openStore(location, base, () =>
    createAwsClients({}, { concurrency: options.concurrency }),
  );
}

interface Policy {
  readonly loaded: LoadedConfig | undefined;
  readonly review?: PolicyReview;
}

/**
 * The config (from `--config-ref` when given, with what the working tree would change), unless
 * every argument is a snapshot file and there is no config to find.
 */
async function policyFor(args: readonly string[], options: GlobalOptions, io: Io): Promise<Policy> {
  let loaded: LoadedConfig;
  try {
    loaded = options.configRef
      ? await loadConfigAtRef(io.cwd, options.config, options.configRef)
      : await loadConfig(io.cwd, options.config);
  } catch (error) {
    const snapshotsOnly = args.every((a) => requestOf(a, new Set()).kind !== 'config');
    if (
      snapshotsOnly &&
      !options.config &&
      !options.configRef &&
      isParityError(error) &&
      error.code === 'CONFIG_NOT_FOUND'
    )
      return { loaded: undefined };
    throw error;
  }
  assertTrustedPolicy(loaded, io.env, options);
  if (!options.configRef) return { loaded };
  return {
    loaded,
    review: {
      ref: options.configRef,
      changes: policyChanges(loaded.config, await workingTreePolicy(loaded)),
    },
  };
}

/** The working tree's version of the trusted config file, as the pull request has it. */
async function workingTreePolicy(trusted: LoadedConfig): Promise<CandidatePolicy> {
  if (!existsSync(trusted.file)) return { kind: 'absent' };
  try {
    // Inside the repository, a regular file, capped: the pull request wrote it.
    const { text } = await readTextFile(
      path.dirname(trusted.file),
      path.basename(trusted.file),
      trusted.rootDir,
    );
    return { kind: 'parsed', config: parseConfigText(text, trusted.file, trusted.rootDir).config };
  } catch (error) {
    return { kind: 'invalid', error: isParityError(error) ? error.message : 'unreadable' };
  }
}

/**
 * The audit `diff` and `check` run (and `baseline` reuses): the policy (from `--config-ref`
 * when given), the environments or snapshot files, progress on stderr. Returns the report and
 * the secrets every output must be scrubbed of; prints nothing else.
 */
export async function auditEnvironments(
  command: 'diff' | 'check',
  environments: readonly string[],
  options: GlobalOptions,
  io: Io,
): Promise<RunResult> {
  const { loaded, review } = await policyFor(environments, options, io);
  const declared = new Set(loaded ? environmentNames(loaded) : []);
  const requests = environments.map((e) => requestOf(e, declared));
  const progress = createProgress(io, options);
  return runAudit(loaded, {
    command,
    environments: requests,
    failOn: options.failOn,
    concurrency: options.concurrency,
    cwd: io.cwd,
    ...(options.only ? { only: options.only } : {}),
    onProgress: progress.onEvent,
    processEnv: io.env,
    ...(review ? { policy: review } : {}),
    ...(options.reference !== undefined ? { reference: options.reference } : {}),
    ...(requests.some((r) => r.kind === 'stored') ? storeOption(loaded, options, io) : {}),
  }).finally(() => progress.done());
}

async function runCommand(
  command: 'diff' | 'check',
  environments: readonly string[],
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  let secrets: readonly string[] = [];
  try {
    // Loaded while the sources are read: module loading waits on nothing, the audit on the network.
    const formatterLoad = getFormatter(options.format).catch(() => {
      throw new ParityError(
        'USAGE',
        `the ${options.format} format is not available in this version`,
      );
    });
    formatterLoad.catch(() => undefined); // reported below, after the audit
    const result = await auditEnvironments(command, environments, options, io);
    secrets = result.secrets;
    const color = options.format === 'text' && useColor(options, io.env, io.stdoutIsTty);
    const formatter = await formatterLoad;
    // The render boundary: one view of the report for every format, summary and annotation.
    const view = render(result.report);
    const text = formatter.format(view, { color, verbose: options.verbose });
    await writeReport(io, text, secrets, options.output);
    if (options.sarif) {
      const { sarifFormatter } = await import('../../report/sarif.js');
      const sarif = sarifFormatter.format(view, { color: false, verbose: false });
      await writeReport(io, sarif, secrets, options.sarif);
    }
    await appendStepSummary(io, view, secrets);
    emitAnnotations(io, view, secrets);
    return result.report.summary.exitCode;
  } catch (error) {
    reportError(error, io, options.verbose, secrets);
    return 2;
  }
}

/** `parity snapshot <env>`: the redacted snapshot file; exit 2 when a source could not be read. */
export async function runSnapshot(env: string, options: GlobalOptions, io: Io): Promise<number> {
  let secrets: readonly string[] = [];
  try {
    const { loaded } = await policyFor([env], options, io);
    if (!loaded) throw new ParityError('CONFIG_NOT_FOUND', 'snapshot needs a parity.yaml');
    const progress = createProgress(io, options);
    const result = await loadSnapshots(loaded, [{ kind: 'config', name: env }], {
      cwd: io.cwd,
      concurrency: options.concurrency,
      ...(options.only ? { only: options.only } : {}),
      onProgress: progress.onEvent,
      processEnv: io.env,
    }).finally(() => progress.done());
    secrets = result.secrets;
    const snapshot = result.snapshots[0];
    if (!snapshot) throw new ParityError('USAGE', 'no environment to snapshot');
    const file = snapshotFileOf(loaded, snapshot);
    const text = safeJson(file);
    const store = storeFor(loaded, options, io);
    if (store) await writeToStore(store, loaded, env, snapshot.capturedAt, text, secrets, io);
    if (!store || options.output) await writeReport(io, text, secrets, options.output);
    const failed = snapshot.sources.filter((s) => s.status === 'error');
    for (const s of failed)
      io.stderr(
        `parity: ${env}/${s.name} (${s.type}) could not be read: ${escapeControls(scrubSecrets(s.error ?? 'unknown error', secrets))}${s.hint ? ` — ${s.hint}` : ''}\n`,
      );
    return failed.length > 0 ? 2 : 0;
  } catch (error) {
    reportError(error, io, options.verbose, secrets);
    return 2;
  }
}

/**
 * `snapshot --store`: the one write parity makes (SPEC §15), of a snapshot whose secrets are
 * fingerprinted with a key of the team's (so later runs can tell a rotation), never into a
 * bucket a source reads, never over an existing snapshot.
 */
async function writeToStore(
  store: SnapshotStore,
  loaded: LoadedConfig,
  env: string,
  stamp: string,
  text: string,
  secrets: readonly string[],
  io: Io,
): Promise<void> {
  if (!hasFingerprintKey())
    throw new ParityError('STORE_REFUSED', 'snapshot --store needs PARITY_FINGERPRINT_KEY', {
      hint: 'stored snapshots are compared later: their secrets must be fingerprinted with one key (a CI secret)',
    });
  if (store.bucket) {
    const read = bucketsRead(loaded, io.env);
    if (read.has(store.bucket))
      throw new ParityError(
        'STORE_REFUSED',
        `--store ${store.label}: the bucket ${store.bucket} is one a source reads; parity writes only to a store of its own`,
      );
  }
  if (scrubSecrets(text, secrets) !== text)
    throw new ParityError('STORE_REFUSED', 'the snapshot would hold a secret: not written');
  const where = await store.write(env, stamp, text);
  io.stderr(`parity: wrote ${where}\n`);
}

/** Every bucket an s3-bundle source of any environment reads. */
function bucketsRead(loaded: LoadedConfig, processEnv: NodeJS.ProcessEnv): Set<string> {
  const buckets = new Set<string>();
  for (const name of environmentNames(loaded)) {
    try {
      for (const source of resolveEnvironment(loaded, name, processEnv).sources) {
        const bucket = source.options.bucket;
        if (source.type === 's3-bundle' && typeof bucket === 'string') buckets.add(bucket);
      }
    } catch {
      // an environment that cannot be resolved reads nothing
    }
  }
  return buckets;
}
