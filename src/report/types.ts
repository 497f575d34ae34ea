import type { ErrorCode } from '../errors.js';
import type { Finding, Severity } from '../rules/types.js';
import type { ReportView } from './render.js';
import type { SourceStatus, Tier } from '../snapshot/types.js';

/** The report formats and --fail-on levels: declared once, used by the CLI, the parser and the registry. */
export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON_LEVELS = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export interface ReportSource {
  readonly environment: string;
  readonly name: string;
  readonly type: string;
  readonly status: SourceStatus;
  readonly facts: number;
  readonly durationMs: number;
  /** One line, free of secrets. */
  readonly error?: string;
  /** The error's catalogue code (errors.ts), e.g. `AWS_ERROR`. */
  readonly code?: ErrorCode;
  /** How to fix it, when known. */
  readonly hint?: string;
  /** The config line declaring the source, for locating findings that have no file. */
  readonly line?: number;
}

/**
 * Why the exit code is what it is: `incomplete` (exit 2) names the sources that could not be
 * read, `findings` (exit 1) counts the findings at or above `failOn`, `clean` is exit 0.
 */
export type ExitStatus =
  | {
      readonly cause: 'incomplete';
      readonly failOn: FailOn;
      readonly failedSources: readonly string[];
    }
  | { readonly cause: 'findings'; readonly failOn: FailOn; readonly gating: number }
  | { readonly cause: 'clean'; readonly failOn: FailOn };

interface ReportSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly keysCompared: number;
  readonly matching: number;
  readonly expectedDifferences: number;
  readonly ignored: number;
  readonly exitCode: 0 | 1 | 2;
}

/**
 * One compared key as a human sees it: display values only (sensitive ones redacted,
 * normalized ones in `normalized`). Used by `--verbose`, Markdown and HTML.
 */
export interface ReportEntry {
  readonly key: string;
  readonly source: string;
  /** `match`: equal; `expected`: differs as declared (compare.differ, secrets); `finding`: has findings; `missing`: one side only. */
  readonly status: 'match' | 'expected' | 'finding' | 'missing';
  readonly sensitive: boolean;
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly normalized: Readonly<Record<string, string | undefined>>;
}

interface ReportEnvironment {
  readonly name: string;
  readonly tier: Tier;
  /** `live`, or the snapshot file it was read from. */
  readonly origin: string;
  readonly capturedAt: string;
}

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'parity'; readonly version: string };
  readonly command: 'diff' | 'check';
  readonly environments: readonly string[];
  /** A diff of three environments or more: the one the others were measured against. */
  readonly reference?: string;
  readonly environmentDetails: readonly ReportEnvironment[];
  readonly generatedAt: string;
  readonly failOn: FailOn;
  readonly summary: ReportSummary;
  /** Why the exit code is what it is, as data (report/render.ts makes the sentence). */
  readonly exit: ExitStatus;
  readonly sources: readonly ReportSource[];
  /** Sorted: severity (error first), then key, then rule. */
  readonly findings: readonly Finding[];
  /** Every compared key; sorted by key. */
  readonly entries: readonly ReportEntry[];
  readonly configFile?: string;
}

interface FormatOptions {
  readonly color: boolean;
  readonly verbose: boolean;
}

export interface Formatter {
  readonly name: Format;
  /** Pure: report in, text out. Only `src/cli/` writes it anywhere. */
  format(report: ReportView, options: FormatOptions): string;
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
