/**
 * Coded errors, built in one place. Every message is one line that names the file/line or the
 * environment/source it is about; `hint` says how to fix it. A stack trace is shown only with
 * `--verbose` (or for an unexpected error, which is a bug).
 */
/**
 * The error catalogue: every code parity exits with, what it means, and the hint every error of
 * that code shows (a throw site may give a more specific one). `parity --help` exit codes and docs follow this table.
 */
export const ERRORS = {
  CONFIG_NOT_FOUND: { means: 'no parity.yaml was found or given', hint: undefined },
  CONFIG_PARSE: { means: 'the config is not valid YAML', hint: undefined },
  CONFIG_INVALID: { means: 'the config does not match the schema', hint: undefined },
  CONFIG_INTERPOLATION: { means: 'a ${…} in the config cannot be filled', hint: undefined },
  CONFIG_CYCLE: { means: 'sources refer to each other in a cycle', hint: undefined },
  UNKNOWN_ENVIRONMENT: { means: 'an environment the config does not declare', hint: undefined },
  USAGE: { means: 'the command line is wrong', hint: undefined },
  FILE_NOT_FOUND: { means: 'a file the config names does not exist', hint: undefined },
  FILE_UNREADABLE: { means: 'a file cannot be read safely', hint: undefined },
  SOURCE_FAILED: { means: 'a source could not be read', hint: undefined },
  AWS_ERROR: { means: 'an AWS call failed', hint: undefined },
  SNAPSHOT_INVALID: {
    means: 'a file is not a parity snapshot',
    hint: 'write one with `parity snapshot <env> -o FILE`',
  },
  NOTHING_TO_AUDIT: { means: 'no source was selected or declared', hint: undefined },
  STORE_REFUSED: {
    means: 'the snapshot store cannot be written or read as asked',
    hint: undefined,
  },
  FINGERPRINT_KEY_MISMATCH: {
    means: 'snapshots fingerprinted with different keys cannot compare their secrets',
    hint: 'set PARITY_FINGERPRINT_KEY to the key the stored snapshots were taken with',
  },
  UNTRUSTED_CONFIG: {
    means: 'a pull request’s config asks for what only a trusted policy may',
    hint: 'pass --config-ref <base commit> to read the policy from the base branch (the GitHub Action does), or --trust-config if this job runs trusted code only',
  },
} as const satisfies Readonly<Record<string, { means: string; hint: string | undefined }>>;

export type ErrorCode = keyof typeof ERRORS;

export class ParityError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParityError';
    this.code = code;
    this.hint = options.hint ?? ERRORS[code].hint;
  }
}

/** A failure as reports carry it: the code, one line, and how to fix it when known. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
}

/** Any thrown value as catalogue data; an error parity did not raise is `fallback`. */
export function errorInfo(error: unknown, fallback: ErrorCode): ErrorInfo {
  if (isParityError(error)) {
    return {
      code: error.code,
      message: oneLine(error),
      ...(error.hint ? { hint: error.hint } : {}),
    };
  }
  return { code: fallback, message: oneLine(error) };
}

export function isParityError(error: unknown): error is ParityError {
  return error instanceof ParityError;
}

/** The first line of any thrown value's message, for one-line reports. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.trim() || (error instanceof Error ? error.name : 'unknown error');
}
