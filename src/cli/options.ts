import * as z from 'zod';
import { ParityError } from '../errors.js';
import { FAIL_ON_LEVELS, FORMATS } from '../report/types.js';
import type { FailOn, Format } from '../report/types.js';

export interface GlobalOptions {
  readonly config?: string;
  readonly format: Format;
  readonly output?: string;
  readonly failOn: FailOn;
  readonly only?: readonly string[];
  readonly concurrency: number;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Read the policy (the config file) from this Git revision (SPEC §7a). */
  readonly configRef?: string;
  /** Accept probes and identity settings from the working tree on pull-request events. */
  readonly trustConfig: boolean;
  /** Also write the same audit's SARIF report here. */
  readonly sarif?: string;
  /** `diff`/`matrix` of several: the environment the others are compared with (SPEC §13). */
  readonly reference?: string;
  /** The snapshot store (SPEC §15). */
  readonly store?: string;
}

const raw = z.object({
  config: z.string().optional(),
  format: z.enum(FORMATS),
  output: z.string().optional(),
  failOn: z.enum(FAIL_ON_LEVELS),
  only: z.string().optional(),
  concurrency: z.string(),
  color: z.boolean().optional(),
  quiet: z.boolean().optional(),
  verbose: z.boolean().optional(),
  configRef: z.string().optional(),
  trustConfig: z.boolean().optional(),
  sarif: z.string().optional(),
  reference: z.string().optional(),
  store: z.string().optional(),
});

export function parseGlobalOptions(opts: unknown): GlobalOptions {
  const o = raw.parse(opts);
  const concurrency = Number(o.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new ParityError(
      'USAGE',
      `--concurrency expects a whole number from 1 to 64, got "${o.concurrency}"`,
    );
  }
  const only = o.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(o.config ? { config: o.config } : {}),
    format: o.format,
    ...(o.output ? { output: o.output } : {}),
    failOn: o.failOn,
    ...(only && only.length > 0 ? { only } : {}),
    concurrency,
    color: o.color !== false,
    quiet: o.quiet === true,
    verbose: o.verbose === true,
    ...(o.configRef !== undefined ? { configRef: o.configRef } : {}),
    trustConfig: o.trustConfig === true,
    ...(o.sarif ? { sarif: o.sarif } : {}),
    ...(o.reference !== undefined ? { reference: o.reference } : {}),
    ...(o.store ? { store: o.store } : {}),
  };
}

/** Colour when writing to a terminal, unless NO_COLOR / --no-color; FORCE_COLOR forces it. */
export function useColor(options: GlobalOptions, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (!options.color) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTty && !options.output;
}
