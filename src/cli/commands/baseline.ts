/**
 * `parity baseline <a> <b>`: runs `parity diff <a> <b>` as it is (same config, `--only`,
 * `--config-ref`, trust checks) and writes its findings as `ignore:` entries (SPEC §11).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays, BASELINE_DAYS, baselineEntries, baselineYaml } from '../../engine/baseline.js';
import { oneLine, ParityError } from '../../errors.js';
import type { IgnoreEntry } from '../../rules/types.js';
import type { Io } from '../io.js';
import { reportError } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { auditEnvironments } from './audit.js';

export interface BaselineOptions {
  /** Overwrite an existing `-o` file. */
  readonly force: boolean;
  /** YYYY-MM-DD; default today + BASELINE_DAYS. */
  readonly expires?: string;
}

export async function runBaseline(
  envs: readonly [string, string],
  options: GlobalOptions,
  baseline: BaselineOptions,
  io: Io,
): Promise<number> {
  try {
    const today = new Date().toISOString().slice(0, 10);
    const expires = expiryOf(baseline.expires, today);
    const target = options.output ? targetFile(options.output, options, baseline, io) : undefined;
    if (envs[0] === envs[1]) {
      throw new ParityError(
        'USAGE',
        `baseline needs two different environments, got "${envs[0]}" twice`,
      );
    }
    const { report } = await auditEnvironments('diff', envs, { ...options, failOn: 'never' }, io);
    const failed = report.sources.filter((s) => s.status === 'error');
    if (failed.length > 0) {
      const names = failed.map((s) => `${s.environment}/${s.name}`).join(', ');
      io.stderr(
        `parity: no baseline written: ${names} could not be read, and a baseline of an incomplete audit would hide drift — run parity diff ${envs.join(' ')} to see why\n`,
      );
      return 2;
    }
    const entries = baselineEntries(report.findings, { today, expires });
    const text = baselineYaml(entries, `parity baseline ${envs.join(' ')}, ${today}`);
    await emit(text, target, baseline.force, io);
    if (!options.quiet) io.stderr(summary(entries, expires, target));
    return 0;
  } catch (error) {
    reportError(error, io, options.verbose);
    return 2;
  }
}

/** What was written, on stderr; and which keys act as globs, since `ignore:` reads `*` so. */
function summary(entries: readonly IgnoreEntry[], expires: string, target: Target | undefined) {
  const n = entries.length;
  const where = target ? ` written to ${target.shown}` : '';
  const globs = entries.filter((e) => e.key.includes('*')).length;
  const note = globs
    ? `parity: note: ${globs} of these keys contain *, which ignore: reads as a wildcard: such an entry also covers the other keys it matches\n`
    : '';
  return `parity: ${n} ignore ${n === 1 ? 'entry' : 'entries'} (expiring ${expires})${where}; merge the ignore: list into your parity.yaml\n${note}`;
}

/** `--expires`, checked: a real date after today, or today + BASELINE_DAYS. */
function expiryOf(given: string | undefined, today: string): string {
  if (given === undefined) return addDays(today, BASELINE_DAYS);
  const real = /^\d{4}-\d{2}-\d{2}$/.test(given) && addDays(given, 0) === given;
  if (!real)
    throw new ParityError('USAGE', `--expires expects a date as YYYY-MM-DD, got "${given}"`);
  // An entry that has lapsed already would only turn into expired-ignore findings.
  if (given <= today)
    throw new ParityError('USAGE', `--expires ${given} is not after today (${today})`, {
      hint: `leave it out for ${BASELINE_DAYS} days`,
    });
  return given;
}

interface Target {
  readonly file: string;
  readonly shown: string;
}

/**
 * The `-o` file, checked before the audit runs. Never a parity config: the baseline is one list
 * to merge by hand, and writing it over parity.yaml (even with --force) would replace the policy.
 */
function targetFile(
  output: string,
  { config }: GlobalOptions,
  { force }: BaselineOptions,
  io: Io,
): Target {
  const file = path.resolve(io.cwd, output);
  const shown = path.relative(io.cwd, file) || file;
  const isConfig =
    /^parity\.(ya?ml|json)$/.test(path.basename(file)) ||
    (config !== undefined && path.resolve(io.cwd, config) === file);
  if (isConfig)
    throw new ParityError('USAGE', `baseline does not write the config itself (${shown})`, {
      hint: 'write it to another file (-o parity.baseline.yaml) and merge its ignore: list',
    });
  if (!force && existsSync(file))
    throw new ParityError('USAGE', `${shown} already exists`, {
      hint: 'use --force to overwrite it',
    });
  return { file, shown };
}

/** To stdout, or to the `-o` file, which is never replaced unless --force. */
async function emit(text: string, target: Target | undefined, force: boolean, io: Io) {
  if (!target) {
    io.stdout(text);
    return;
  }
  try {
    // `wx` again at write time: a file that appeared during the audit is not replaced either.
    await writeFile(target.file, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    throw new ParityError('USAGE', `cannot write ${target.shown}: ${oneLine(error)}`);
  }
}
