/**
 * `parity log` (SPEC §15): per key, when its value (or, for a secret, its fingerprint) changed
 * across an environment's stored snapshots, oldest first, and who changed it where the service
 * says. Pure: snapshots in, history out.
 */
import { displayValue } from '../snapshot/redact.js';
import type { Fact, Snapshot } from '../snapshot/types.js';
import { factKey } from '../snapshot/types.js';
import { matchesGlob } from '../util/glob.js';
import { byCodeUnit } from '../util/order.js';

interface KeyChange {
  /** When the snapshot that first saw the change was taken. */
  readonly at: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** Displayed values (secrets as `<redacted:hmac:…>`). */
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
}

export interface KeyHistory {
  readonly key: string;
  readonly changes: readonly KeyChange[];
}

interface Seen {
  readonly print: string;
  readonly fact: Fact;
}

function facts(snapshot: Snapshot, glob: string | undefined): Map<string, Seen> {
  const out = new Map<string, Seen>();
  for (const source of snapshot.sources) {
    if (source.status !== 'ok') continue;
    for (const fact of source.facts) {
      const key = factKey(source.name, fact.path);
      if (glob && !matchesGlob(key, glob)) continue;
      const print = fact.sensitive ? `#${fact.fingerprint ?? ''}` : JSON.stringify(fact.value);
      out.set(key, { print, fact });
    }
  }
  return out;
}

/**
 * The changes between each snapshot and the one before it. A source that could not be read in
 * one snapshot says nothing of its keys there (they are not "removed").
 */
export function changeLog(
  snapshots: readonly Snapshot[],
  options: { readonly key?: string; readonly since?: string } = {},
): KeyHistory[] {
  const history = new Map<string, KeyChange[]>();
  const add = (key: string, change: KeyChange): void => {
    if (options.since && change.at < options.since) return;
    const list = history.get(key);
    if (list) list.push(change);
    else history.set(key, [change]);
  };
  let previous: Map<string, Seen> | undefined;
  let previousFailed = new Set<string>();
  for (const snapshot of snapshots) {
    const current = facts(snapshot, options.key);
    const failed = new Set(snapshot.sources.filter((s) => s.status !== 'ok').map((s) => s.name));
    const at = snapshot.capturedAt;
    if (previous) {
      const unread = (key: string): boolean =>
        [...failed, ...previousFailed].some((name) => key.startsWith(`${name}:`));
      for (const [key, now] of current) {
        const before = previous.get(key);
        const by = now.fact.modifiedBy;
        if (!before) {
          if (!unread(key))
            add(key, { at, change: 'added', to: displayValue(now.fact), ...(by ? { by } : {}) });
        } else if (before.print !== now.print) {
          add(key, {
            at,
            change: 'changed',
            from: displayValue(before.fact),
            to: displayValue(now.fact),
            ...(by ? { by } : {}),
          });
        }
      }
      for (const [key, before] of previous) {
        if (!current.has(key) && !unread(key))
          add(key, { at, change: 'removed', from: displayValue(before.fact) });
      }
    }
    previous = current;
    previousFailed = failed;
  }
  return [...history.entries()]
    .sort(([x], [y]) => byCodeUnit(x, y))
    .map(([key, changes]) => ({ key, changes }));
}
