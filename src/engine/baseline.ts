/**
 * Baseline adoption (SPEC §11): today's findings as `ignore:` entries, so a first run that
 * would drown a team starts from zero and only new drift gates. Pure: findings in, YAML text
 * out; nothing here reads the clock, prints or writes.
 */
import { Document, visit } from 'yaml';
import type { IgnoreEntry } from '../rules/types.js';
import { escapeControls } from '../util/controls.js';
import { byCodeUnit } from '../util/order.js';

/** How long a baseline entry lives by default: time to triage, not time to forget. */
export const BASELINE_DAYS = 90;

/**
 * Findings about the audit itself, not about drift: ignoring them would hide an unreadable
 * source, a lapsed ignore or a weakened policy, so they are never baselined.
 */
const NOT_DRIFT: ReadonlySet<string> = new Set(['source-error', 'expired-ignore', 'config-change']);

/** What of a finding a baseline keeps: its key and rule, never its values. */
export interface BaselineFinding {
  readonly key: string;
  readonly rule: string;
  readonly environments: readonly string[];
}

export interface BaselineDates {
  /** YYYY-MM-DD, named in each entry's reason. */
  readonly today: string;
  /** YYYY-MM-DD, each entry's `expires`. */
  readonly expires: string;
}

/** One entry per key and rule (and environment, when the finding concerns one only), sorted. */
export function baselineEntries(
  findings: readonly BaselineFinding[],
  dates: BaselineDates,
): IgnoreEntry[] {
  const byId = new Map<string, IgnoreEntry>();
  for (const f of findings) {
    if (NOT_DRIFT.has(f.rule)) continue;
    const env = f.environments.length === 1 ? f.environments[0] : undefined;
    const entry: IgnoreEntry = {
      key: f.key,
      rule: f.rule,
      ...(env !== undefined ? { env } : {}),
      reason: `baseline ${dates.today}: review`,
      expires: dates.expires,
    };
    byId.set(JSON.stringify([entry.key, entry.rule, entry.env ?? '']), entry);
  }
  return [...byId.values()].sort(
    (x, y) =>
      byCodeUnit(x.key, y.key) ||
      byCodeUnit(x.rule ?? '', y.rule ?? '') ||
      byCodeUnit(x.env ?? '', y.env ?? ''),
  );
}

/**
 * The entries as a YAML document holding one `ignore:` list. Written by the `yaml` package so
 * any key (quotes, `#`, `: `, `*`, a leading `-`) reads back as the same string. No line
 * folding and no block scalars: every entry stays on its own lines and no key can begin a line.
 * A key with a control, line-separator or bidi character is double-quoted and that character
 * written as an escape (`\u202e`), which YAML reads back and a terminal cannot act on.
 */
export function baselineYaml(entries: readonly IgnoreEntry[], title: string): string {
  const doc = new Document({ ignore: entries.map(entryData) });
  doc.commentBefore = ` ${escapeControls(title)}\n Merge this ignore: list into parity.yaml; review each entry before it expires.`;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && escapeControls(node.value) !== node.value)
        node.type = 'QUOTE_DOUBLE';
    },
  });
  // `yaml` leaves C1, bidi and separator characters raw; they now occur in double quotes only.
  const text = doc.toString({ lineWidth: 0, blockQuote: false });
  return text.split('\n').map(escapeControls).join('\n');
}

/** The entry as it is written: config fields only, in the order the docs show them. */
function entryData(e: IgnoreEntry): Record<string, string> {
  return {
    key: e.key,
    ...(e.rule !== undefined ? { rule: e.rule } : {}),
    ...(e.env !== undefined ? { env: e.env } : {}),
    reason: e.reason,
    ...(e.expires !== undefined ? { expires: e.expires } : {}),
  };
}

/** A calendar date `days` after `date` (both YYYY-MM-DD, UTC like ignore expiry). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
