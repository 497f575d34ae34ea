import type { Comparison } from '../compare/types.js';
import type { EnvironmentIdentity, FactLocation, Snapshot } from '../snapshot/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

// Rule scopes — `pair`: needs two environments (`diff` only); `single`: looks at one
// environment's facts, runs in `diff` (on each side) and `check`; `audit`: about the audit
// itself (sources that failed, references, config), runs everywhere.

type MessageData = Readonly<Record<string, string | number>>;

/** What a rule reports: data only. Sentences are made by `report/messages.ts`. */
export interface RuleFinding<M extends string = string> {
  readonly messageId: M;
  readonly data: MessageData;
  /** `<source>:<path>`, or a pseudo key such as `config:ignore[0]`. */
  readonly key: string;
  readonly source?: string;
  readonly environments: readonly string[];
  /** Display values per environment; sensitive ones already redacted (see snapshot/redact.ts). */
  readonly values?: Readonly<Record<string, string>>;
  readonly location?: FactLocation;
  readonly sensitive: boolean;
  /** A rule may raise one finding above or below its default (version-skew, compare.equal). */
  readonly severity?: Severity;
}

export interface Finding extends RuleFinding {
  readonly rule: string;
  readonly severity: Severity;
}

export interface IgnoreEntry {
  readonly key: string;
  readonly rule?: string;
  readonly env?: string;
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly expires?: string;
  /** Line in the config file, for locating `expired-ignore`. */
  readonly line?: number;
}

export interface CompareSettings {
  /** Key globs expected to differ between environments. */
  readonly differ: readonly string[];
  /** Key globs that must be equal: their `value-drift` is an error. */
  readonly equal: readonly string[];
  /** Credential key globs allowed to be identical across environments. */
  readonly sharedSecretsAllowed: readonly string[];
  readonly staleAfterDays: number;
}

interface RuleContextBase {
  readonly settings: CompareSettings;
  readonly now: Date;
}

export interface SingleContext extends RuleContextBase {
  readonly env: Snapshot;
  /** Every other environment named in the config (or in the other snapshot). */
  readonly others: readonly EnvironmentIdentity[];
  /** In `diff`, the other side: lets a rule stay quiet on values both sides share verbatim. */
  readonly counterpart?: Snapshot;
}

export interface PairContext extends RuleContextBase {
  readonly a: Snapshot;
  readonly b: Snapshot;
  readonly comparisons: readonly Comparison[];
  /** Whether another rule explains this comparison (its `claims`): general rules skip it. */
  claimed(c: Comparison): boolean;
}

/** The trusted policy's ref and what the working tree's config would change in it (SPEC §7a). */
export interface PolicyReview {
  readonly ref: string;
  readonly changes: readonly string[];
}

export interface AuditContext extends RuleContextBase {
  readonly snapshots: readonly Snapshot[];
  readonly ignores: readonly IgnoreEntry[];
  readonly configFile?: string;
  readonly policy?: PolicyReview;
}

interface RuleMeta<M extends string> {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line for `parity rules`. */
  readonly description: string;
  /** Message templates with `{name}` placeholders filled from finding data. */
  readonly messages: Readonly<Record<M, string>>;
}

export interface PairRule<M extends string = string> extends RuleMeta<M> {
  readonly scope: 'pair';
  /**
   * The comparisons this rule explains (by fact kind): `value-drift` and `missing-key` leave
   * them to it, without knowing which rule that is. Claimed whatever its severity, so turning
   * a specific rule off does not hand its keys to a general one.
   */
  readonly claims?: (c: Comparison) => boolean;
  check(ctx: PairContext): RuleFinding<M>[];
}
export interface SingleRule<M extends string = string> extends RuleMeta<M> {
  readonly scope: 'single';
  check(ctx: SingleContext): RuleFinding<M>[];
}
export interface AuditRule<M extends string = string> extends RuleMeta<M> {
  readonly scope: 'audit';
  check(ctx: AuditContext): RuleFinding<M>[];
}

export type Rule<M extends string = string> = PairRule<M> | SingleRule<M> | AuditRule<M>;

/** Typed helper: a message id used in `check` that is not in `messages` fails `tsc`. */
export function defineRule<M extends string>(rule: PairRule<M>): PairRule<M>;
export function defineRule<M extends string>(rule: SingleRule<M>): SingleRule<M>;
export function defineRule<M extends string>(rule: AuditRule<M>): AuditRule<M>;
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
