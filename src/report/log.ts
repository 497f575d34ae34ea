/** `parity log` as text (one block per key, one line per change) and JSON. */
import type { KeyHistory } from '../engine/changelog.js';
import { escapeControls, safeJson } from '../util/controls.js';

export interface LogView {
  readonly environment: string;
  readonly store: string;
  readonly snapshots: readonly string[];
  readonly keys: readonly KeyHistory[];
}

export function logJson(log: LogView): string {
  return safeJson({
    schemaVersion: 1,
    command: 'log',
    environment: log.environment,
    store: log.store,
    snapshots: log.snapshots.length,
    from: log.snapshots[0],
    to: log.snapshots.at(-1),
    keys: log.keys,
  });
}

export function logText(log: LogView): string {
  const clean = (s: string): string => escapeControls(s).replace(/\s+/g, ' ');
  const cut = (s: string): string => (s.length > 60 ? `${s.slice(0, 59)}…` : s);
  const out = [
    `parity log ${log.environment}  ·  ${log.snapshots.length} snapshots in ${log.store}${log.snapshots.length > 0 ? ` (${log.snapshots[0] ?? ''} → ${log.snapshots.at(-1) ?? ''})` : ''}`,
    '',
  ];
  if (log.keys.length === 0) out.push('no key changed');
  for (const { key, changes } of log.keys) {
    out.push(clean(key));
    for (const c of changes) {
      const what =
        c.change === 'changed'
          ? `${cut(clean(c.from ?? ''))} → ${cut(clean(c.to ?? ''))}`
          : c.change === 'added'
            ? cut(clean(c.to ?? ''))
            : cut(clean(c.from ?? ''));
      out.push(`  ${c.at}  ${c.change.padEnd(7)}  ${what}${c.by ? `  (by ${clean(c.by)})` : ''}`);
    }
  }
  out.push('');
  return out.join('\n');
}
