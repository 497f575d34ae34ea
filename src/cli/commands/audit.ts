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
import { environmentNames } from '../../config/resolve.js';
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
  const looksLikeFile = arg.includes('/') || arg.includes(path.sep) || arg.endsWith('.json');
  return !declared.has(arg) && looksLikeFile
    ? { kind: 'snapshot', file: arg }
    : { kind: 'config', name: arg };
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
    const snapshotsOnly = args.every((a) => requestOf(a, new Set()).kind === 'snapshot');
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
    await writeReport(io, safeJson(file), secrets, options.output);
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
