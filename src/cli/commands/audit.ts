/** `parity diff <a> <b>` and `parity check <env>`. */
import { loadConfig } from '../../config/load.js';
import { runAudit } from '../../engine/run.js';
import { ParityError } from '../../errors.js';
import { getFormatter } from '../../report/index.js';
import type { Io } from '../io.js';
import { appendStepSummary, reportError, writeReport } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { useColor } from '../options.js';
import { createProgress } from '../progress.js';

export function runDiff(
  envs: readonly [string, string],
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  if (envs[0] === envs[1]) {
    return Promise.resolve(
      usage(io, `diff needs two different environments, got "${envs[0]}" twice`),
    );
  }
  return runCommand('diff', envs, options, io);
}

export function runCheck(env: string, options: GlobalOptions, io: Io): Promise<number> {
  return runCommand('check', [env], options, io);
}

function usage(io: Io, message: string): number {
  io.stderr(`parity: ${message}\n`);
  return 2;
}

async function runCommand(
  command: 'diff' | 'check',
  environments: readonly string[],
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  let secrets: readonly string[] = [];
  try {
    const formatter = await getFormatter(options.format).catch(() => {
      throw new ParityError(
        'USAGE',
        `the ${options.format} format is not available in this version`,
      );
    });
    const loaded = await loadConfig(io.cwd, options.config);
    const progress = createProgress(io, options);
    const result = await runAudit(loaded, {
      command,
      environments,
      failOn: options.failOn,
      concurrency: options.concurrency,
      ...(options.only ? { only: options.only } : {}),
      onProgress: progress.onEvent,
      processEnv: io.env,
    }).finally(() => progress.done());
    secrets = result.secrets;
    const color = options.format === 'text' && useColor(options, io.env, io.stdoutIsTty);
    const text = formatter.format(result.report, { color, verbose: options.verbose });
    await writeReport(io, text, secrets, options.output);
    await appendStepSummary(io, result.report, secrets);
    return result.report.summary.exitCode;
  } catch (error) {
    reportError(error, io, options.verbose, secrets);
    return 2;
  }
}
