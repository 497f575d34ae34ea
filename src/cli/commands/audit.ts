/** `parity diff <a> <b>`, `parity check <env>` and `parity snapshot <env>`. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import type { LoadedConfig } from '../../config/load.js';
import type { EnvironmentRequest } from '../../engine/run.js';
import { loadSnapshots, runAudit } from '../../engine/run.js';
import { isParityError, ParityError } from '../../errors.js';
import { getFormatter } from '../../report/index.js';
import { environmentNames, identityOf } from '../../config/resolve.js';
import { audit } from '../../engine/audit.js';
import { rules } from '../../rules/index.js';
import { toSnapshotFile } from '../../snapshot/file.js';
import type { SnapshotFile } from '../../snapshot/file.js';
import type { Snapshot } from '../../snapshot/types.js';
import type { Io } from '../io.js';
import { appendStepSummary, emitAnnotations, reportError, writeReport } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { useColor } from '../options.js';
import { createProgress } from '../progress.js';

export function runDiff(
  envs: readonly [string, string],
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  if (envs[0] === envs[1]) {
    io.stderr(`parity: diff needs two different environments, got "${envs[0]}" twice\n`);
    return Promise.resolve(2);
  }
  return runCommand('diff', envs, options, io);
}

export function runCheck(env: string, options: GlobalOptions, io: Io): Promise<number> {
  return runCommand('check', [env], options, io);
}

/** A name from the config, or a path to a snapshot file (anything that is an existing file). */
function requestOf(arg: string, cwd: string): EnvironmentRequest {
  const file = path.resolve(cwd, arg);
  const isFile = existsSync(file) && statSync(file).isFile();
  return isFile ? { kind: 'snapshot', file: arg } : { kind: 'config', name: arg };
}

/** The config, unless every environment comes from a snapshot file and there is none to find. */
async function configFor(
  requests: readonly EnvironmentRequest[],
  options: GlobalOptions,
  io: Io,
): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig(io.cwd, options.config);
  } catch (error) {
    const snapshotsOnly = requests.every((r) => r.kind === 'snapshot');
    if (
      snapshotsOnly &&
      !options.config &&
      isParityError(error) &&
      error.code === 'CONFIG_NOT_FOUND'
    )
      return undefined;
    throw error;
  }
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
    const requests = environments.map((e) => requestOf(e, io.cwd));
    const loaded = await configFor(requests, options, io);
    const progress = createProgress(io, options);
    const result = await runAudit(loaded, {
      command,
      environments: requests,
      failOn: options.failOn,
      concurrency: options.concurrency,
      cwd: io.cwd,
      ...(options.only ? { only: options.only } : {}),
      onProgress: progress.onEvent,
      processEnv: io.env,
    }).finally(() => progress.done());
    secrets = result.secrets;
    const color = options.format === 'text' && useColor(options, io.env, io.stdoutIsTty);
    const formatter = await formatterLoad;
    const text = formatter.format(result.report, { color, verbose: options.verbose });
    await writeReport(io, text, secrets, options.output);
    await appendStepSummary(io, result.report, secrets);
    emitAnnotations(io, result.report, secrets);
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
    const loaded = await loadConfig(io.cwd, options.config);
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
    const file = toSnapshotFile(snapshot, captureSensitiveFindings(loaded, snapshot));
    await writeReport(io, `${JSON.stringify(file, null, 2)}\n`, secrets, options.output);
    const failed = snapshot.sources.filter((s) => s.status === 'error');
    for (const s of failed)
      io.stderr(
        `parity: ${env}/${s.name} (${s.type}) could not be read: ${s.error ?? 'unknown error'}\n`,
      );
    return failed.length > 0 ? 2 : 0;
  } catch (error) {
    reportError(error, io, options.verbose, secrets);
    return 2;
  }
}

/** Single-environment findings about sensitive facts: the snapshot file cannot carry their values. */
function captureSensitiveFindings(
  loaded: LoadedConfig,
  snapshot: Snapshot,
): SnapshotFile['capturedFindings'] {
  const report = audit({
    command: 'check',
    snapshots: [snapshot],
    identities: environmentNames(loaded).map((name) => identityOf(loaded, name)),
    settings: loaded.config.compare,
    severities: {},
    ignores: [],
    failOn: 'never',
    now: new Date(),
  });
  const single = new Set(rules.filter((r) => r.scope === 'single').map((r) => r.id));
  return report.findings
    .filter((f) => f.sensitive && single.has(f.rule))
    .map((f) => ({
      rule: f.rule,
      messageId: f.messageId,
      data: { ...f.data },
      key: f.key,
      ...(f.source ? { source: f.source } : {}),
      ...(f.values ? { values: { ...f.values } } : {}),
      ...(f.location ? { location: f.location } : {}),
    }));
}
