/**
 * The whole flow for one command: config → resolved environments → snapshots (all
 * environments and sources in flight at once) → audit → report.
 */
import type { LoadedConfig } from '../config/load.js';
import { environmentNames, identityOf, resolveEnvironment } from '../config/resolve.js';
import type { FailOn, Report } from '../report/types.js';
import type { ProgressEvent } from './load-environment.js';
import { loadEnvironment } from './load-environment.js';
import { audit } from './audit.js';

export interface RunOptions {
  readonly command: 'diff' | 'check';
  readonly environments: readonly string[];
  readonly failOn: FailOn;
  readonly only?: readonly string[];
  readonly concurrency?: number;
  readonly now?: Date;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly processEnv?: NodeJS.ProcessEnv;
}

export interface RunResult {
  readonly report: Report;
  /** Raw secret values seen during the run: every output is scrubbed of them. */
  readonly secrets: readonly string[];
}

export async function runAudit(loaded: LoadedConfig, options: RunOptions): Promise<RunResult> {
  // Resolve every environment first: a config error is reported before any network call.
  const resolved = options.environments.map((name) =>
    resolveEnvironment(loaded, name, options.processEnv ?? process.env),
  );
  const loadedEnvs = await Promise.all(
    resolved.map((env) =>
      loadEnvironment(env, {
        baseDir: loaded.baseDir,
        ...(options.only ? { only: options.only } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    ),
  );
  const { config } = loaded;
  const report = audit({
    command: options.command,
    snapshots: loadedEnvs.map((l) => l.snapshot),
    identities: environmentNames(loaded).map((name) => identityOf(loaded, name)),
    settings: config.compare,
    severities: config.rules,
    ignores: config.ignore.map((entry, index) => {
      const line = loaded.lineOf(['ignore', index]);
      return { ...entry, ...(line ? { line } : {}) };
    }),
    failOn: options.failOn,
    now: options.now ?? new Date(),
    configFile: loaded.displayPath,
  });
  return { report, secrets: loadedEnvs.flatMap((l) => l.secrets) };
}
