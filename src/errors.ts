/**
 * Coded errors, built in one place. Every message is one line that names the file/line or the
 * environment/source it is about; `hint` says how to fix it. A stack trace is shown only with
 * `--verbose` (or for an unexpected error, which is a bug).
 */
export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_PARSE'
  | 'CONFIG_INVALID'
  | 'CONFIG_INTERPOLATION'
  | 'CONFIG_CYCLE'
  | 'UNKNOWN_ENVIRONMENT'
  | 'USAGE'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'SOURCE_FAILED'
  | 'AWS_ERROR'
  | 'SNAPSHOT_INVALID'
  | 'NOTHING_TO_AUDIT'
  | 'UNTRUSTED_CONFIG';

export class ParityError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParityError';
    this.code = code;
    this.hint = options.hint;
  }
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
