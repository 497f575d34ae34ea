import type { Comparison } from '../compare/types.js';
import type { EnvironmentIdentity, FactLocation, Snapshot } from '../snapshot/types.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

// Rule scopes — `pair`: needs two environments (`diff` only); `single`: looks at one
// environment's facts, runs in `diff` (on each side) and `check`; `audit`: about the audit
// itself (sources that failed, references, config), runs everywhere.

/** One column of a row that changed, as `stale-data` reports it. */
interface Change {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/**
 * A value in a finding's data: a name, a number, or a list (never a sentence, never cut
 * short). The render boundary (report/render.ts) makes sentences, joins and shortens lists.
 */
export type DataValue = string | number | boolean | readonly string[] | readonly Change[];
type MessageData = Readonly<Record<string, DataValue>>;

/** The `{name}` placeholders of a message template, as a union of names. */
type Placeholders<T extends string> = T extends `${string}{${infer P}}${infer R}`
  ? P | Placeholders<R>
  : never;

/** A message's data: every placeholder of its template, plus any further fields. */
type DataFor<T extends string> = Readonly<Record<Placeholders<T>, DataValue>> & MessageData;

interface FindingBase {
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

type Templates = Readonly<Record<string, string>>;

/**
 * What a rule reports: data only, typed by its message — each message id with the data its
 * template needs (a template naming `{origins}` makes `origins` required).
 */
export type RuleFinding<T extends Templates = Templates> = {
  [K in keyof T & string]: FindingBase & { readonly messageId: K; readonly data: DataFor<T[K]> };
}[keyof T & string];

/** A finding folded into another because both are about one problem (SPEC §11). */
interface RelatedFinding {
  readonly rule: string;
  readonly key: string;
}

export interface Finding extends FindingBase {
  readonly messageId: string;
  readonly data: MessageData;
  /** The general findings this one stands for (a `value-drift` on the same key and pair). */
  readonly related?: readonly RelatedFinding[];
  /** With three environments or more: the one this key sets apart, and those that agree. */
  readonly oddOneOut?: { readonly environment: string; readonly agreeing: readonly string[] };
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
  /** The side the pair is measured against (`--reference`; SPEC §13): `a` or `b`. */
  readonly reference: Snapshot;
  /** One environment at two times (SPEC §15): a diff about change, not tiers. */
  readonly history: boolean;
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

interface RuleMeta<T extends Templates> {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /**
   * Rules whose findings on the same key, for environments this finding names, are the same
   * problem seen another way: they fold into this one (SPEC §11: one finding per problem).
   */
  readonly explains?: readonly string[];
  /** One line for `parity rules`. */
  readonly description: string;
  /** Message templates with `{name}` placeholders filled from finding data. */
  readonly messages: T;
}

export interface PairRule<T extends Templates = Templates> extends RuleMeta<T> {
  readonly scope: 'pair';
  /**
   * The comparisons this rule explains (by fact kind): `value-drift` and `missing-key` leave
   * them to it, without knowing which rule that is. Claimed whatever its severity, so turning
   * a specific rule off does not hand its keys to a general one.
   */
  readonly claims?: (c: Comparison) => boolean;
  check(ctx: PairContext): RuleFinding<T>[];
}
export interface SingleRule<T extends Templates = Templates> extends RuleMeta<T> {
  readonly scope: 'single';
  check(ctx: SingleContext): RuleFinding<T>[];
}
export interface AuditRule<T extends Templates = Templates> extends RuleMeta<T> {
  readonly scope: 'audit';
  check(ctx: AuditContext): RuleFinding<T>[];
}

export type Rule<T extends Templates = Templates> = PairRule<T> | SingleRule<T> | AuditRule<T>;

/**
 * Typed helper: a message id used in `check` that is not in `messages`, or data missing a
 * placeholder of its template, fails `tsc`.
 */
export function defineRule<const T extends Templates>(rule: PairRule<T>): PairRule<T>;
export function defineRule<const T extends Templates>(rule: SingleRule<T>): SingleRule<T>;
export function defineRule<const T extends Templates>(rule: AuditRule<T>): AuditRule<T>;
export function defineRule<const T extends Templates>(rule: Rule<T>): Rule<T> {
  return rule;
}
