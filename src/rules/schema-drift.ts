import type { Comparison } from '../compare/types.js';
import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  table: 'table {table} exists in {present} only, not in {absent}',
  only: '{part} {name} of table {table} exists in {present} only, not in {absent}',
  changed: '{part} {name} of table {table} is defined differently in {a} and {b}',
} as const;

// `table.<name>.column.<col>`: a table in another schema than the default is `billing.invoices`.
const PART = /^table\.(.+?)\.(column|index|constraint)\.(.+)$/s;

/** Whether a definition names `column` (as a whole identifier). */
function mentions(definition: unknown, column: string): boolean {
  if (typeof definition !== 'string') return false;
  let at = definition.indexOf(column);
  while (at >= 0) {
    const before = definition[at - 1] ?? ' ';
    const after = definition[at + column.length] ?? ' ';
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after)) return true;
    at = definition.indexOf(column, at + 1);
  }
  return false;
}

export default defineRule({
  id: 'schema-drift',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'a table, column, index or constraint differs between two databases',
  messages,
  // A schema's facts are this rule's alone: a missing table is one finding, not one per column.
  claims: (c) => c.kind === 'schema',
  check({ a, b, comparisons, settings }) {
    const schema = comparisons.filter((c) => c.kind === 'schema');
    const side = (c: Comparison) =>
      c.status === 'only-a'
        ? { present: a.identity.name, absent: b.identity.name }
        : { present: b.identity.name, absent: a.identity.name };
    // A table in one database only stands for its columns, indexes and constraints; a column in
    // one only, for the indexes and constraints on it.
    const onlyTables = new Map<string, Comparison['status']>();
    const onlyColumns = new Map<string, Comparison['status']>();
    for (const c of schema) {
      if (c.status !== 'only-a' && c.status !== 'only-b') continue;
      const part = PART.exec(c.path);
      if (!part && c.path.startsWith('table.')) onlyTables.set(c.path.slice(6), c.status);
      else if (part?.[2] === 'column') onlyColumns.set(`${part[1]}\u0000${part[3]}`, c.status);
    }
    const out: RuleFinding<typeof messages>[] = [];
    for (const c of schema) {
      if (c.status === 'equal' || c.path === 'tables') continue;
      const part = PART.exec(c.path);
      if (!part) {
        if (c.path.startsWith('table.') && c.status !== 'different')
          out.push({
            ...pair(c, a, b),
            values: {}, // `true`: the message says it all
            messageId: 'table',
            data: { table: c.path.slice(6), ...side(c) },
          });
        continue;
      }
      const [, table = '', kind = '', name = ''] = part;
      if (c.status === 'different') {
        if (matchesAny(c.key, settings.differ)) continue;
        out.push({
          ...pair(c, a, b),
          messageId: 'changed',
          data: { part: kind, name, table, a: a.identity.name, b: b.identity.name },
        });
        continue;
      }
      if (onlyTables.get(table) === c.status) continue;
      const definition = (c.a ?? c.b)?.value;
      const onColumn =
        kind !== 'column' &&
        [...onlyColumns].some(
          ([id, status]) =>
            status === c.status &&
            id.startsWith(`${table}\u0000`) &&
            mentions(definition, id.slice(table.length + 1)),
        );
      if (onColumn) continue;
      out.push({
        ...pair(c, a, b),
        messageId: 'only',
        data: { part: kind, name, table, ...side(c) },
      });
    }
    return out;
  },
});
