import type { Comparison } from '../compare/types.js';
import { displayValue } from '../snapshot/redact.js';
import { matchesAny } from '../util/glob.js';
import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';
import { byCodeUnit } from '../util/order.js';

const messages = {
  changed: '{row}: {changes}',
  only: '{row}: only in {env}',
} as const;

export default defineRule({
  id: 'stale-data',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'rows of a sql/http probe differ (added, removed, changed columns)',
  messages,
  // A probe's rows are this rule's alone: no missing-key or value-drift for their cells.
  claims: (c) => c.kind === 'row',
  check({ a, b, comparisons, settings }) {
    // rows.<row key>.<column>: the column is the last segment (row keys may contain dots).
    const rows = new Map<string, Comparison[]>();
    for (const c of comparisons) {
      if (c.kind !== 'row') continue;
      const rest = c.path.slice('rows.'.length);
      const cut = rest.lastIndexOf('.');
      if (cut <= 0) continue;
      const id = `${c.source}\u0000${rest.slice(0, cut)}`;
      rows.set(id, [...(rows.get(id) ?? []), c]);
    }
    const out: RuleFinding<typeof messages>[] = [];
    for (const [id, cells] of [...rows.entries()].sort(([x], [y]) => byCodeUnit(x, y))) {
      const [source = '', row = ''] = id.split('\u0000');
      const key = `${source}:rows.${row}`;
      const base = {
        key,
        source,
        environments: [a.identity.name, b.identity.name],
        sensitive: cells.some((c) => c.sensitive),
      };
      if (cells.every((c) => c.status === 'only-a') || cells.every((c) => c.status === 'only-b')) {
        const env = cells[0]?.status === 'only-a' ? a.identity.name : b.identity.name;
        out.push({ ...base, messageId: 'only', data: { row, env } });
        continue;
      }
      const changed = cells.filter(
        (c) => c.status !== 'equal' && !matchesAny(c.key, settings.differ),
      );
      if (changed.length === 0) continue;
      const column = (c: Comparison): string => c.path.slice(c.path.lastIndexOf('.') + 1);
      const shown = (f: Comparison['a']): string => (f ? displayValue(f) : '(none)');
      const changes = changed.map((c) => ({ name: column(c), from: shown(c.a), to: shown(c.b) }));
      out.push({
        ...base,
        messageId: 'changed',
        data: { row, changes },
        values: {
          [a.identity.name]: changed.map((c) => `${column(c)}=${shown(c.a)}`).join(', '),
          [b.identity.name]: changed.map((c) => `${column(c)}=${shown(c.b)}`).join(', '),
        },
      });
    }
    return out;
  },
});
