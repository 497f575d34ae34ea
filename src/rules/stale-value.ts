import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default defineRule({
  id: 'stale-value',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'values differ and one side was last changed long before the other',
  messages: {
    stale: '{older} was last changed {days} days before {newer} ({olderDate} vs {newerDate})',
  },
  check({ a, b, comparisons, settings }) {
    const out = [];
    for (const c of comparisons) {
      if (c.status !== 'different' || c.sensitive || c.kind === 'row') continue;
      if (matchesAny(c.key, settings.differ)) continue;
      const ta = c.a?.lastModified ? Date.parse(c.a.lastModified) : NaN;
      const tb = c.b?.lastModified ? Date.parse(c.b.lastModified) : NaN;
      if (Number.isNaN(ta) || Number.isNaN(tb) || ta === tb) continue;
      const gapDays = Math.abs(ta - tb) / DAY_MS;
      if (gapDays <= settings.staleAfterDays) continue;
      const [older, newer, olderT, newerT] = ta < tb ? [a, b, ta, tb] : [b, a, tb, ta];
      out.push({
        ...pair(c, a, b),
        messageId: 'stale' as const,
        data: {
          key: c.key,
          older: older.identity.name,
          newer: newer.identity.name,
          days: gapDays >= 10 ? Math.round(gapDays) : Math.round(gapDays * 10) / 10,
          olderDate: new Date(olderT).toISOString().slice(0, 10),
          newerDate: new Date(newerT).toISOString().slice(0, 10),
        },
      });
    }
    return out;
  },
});
