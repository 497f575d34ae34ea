import type { Comparison } from '../compare/types.js';
import { placeholderKind } from '../snapshot/values.js';
import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

/** A side that holds a placeholder is `placeholder-value`'s, never compared as a real value. */
function holdsPlaceholder(c: Comparison): boolean {
  return [c.a?.value, c.b?.value].some(
    (v) => typeof v === 'string' && placeholderKind(v) !== undefined,
  );
}

export default defineRule({
  id: 'value-drift',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'normalized values differ (keys not in compare.differ)',
  messages: {
    drift: 'values differ between {a} and {b}',
    mustBeEqual: 'values differ between {a} and {b}, and compare.equal says they must match',
    empty: 'empty in {empty}, set in {set}',
  },
  check({ a, b, comparisons, settings, claimed }) {
    return comparisons
      .filter(
        (c) =>
          c.status === 'different' &&
          c.expected === undefined &&
          !claimed(c) &&
          !holdsPlaceholder(c),
      )
      .map((c) => {
        const equal = matchesAny(c.key, settings.equal);
        const severity = equal ? { severity: 'error' as const } : {};
        const base = { ...pair(c, a, b), ...severity };
        const data = {
          key: c.key,
          a: a.identity.name,
          b: b.identity.name,
          normalizedA: c.normalizedA ?? '',
          normalizedB: c.normalizedB ?? '',
        };
        // Present but empty is said as such (SPEC §11), not as a generic difference.
        const emptyA = c.a?.value === '';
        if (emptyA || c.b?.value === '') {
          const [empty, set] = emptyA ? [a, b] : [b, a];
          return {
            ...base,
            messageId: 'empty' as const,
            data: { ...data, empty: empty.identity.name, set: set.identity.name },
          };
        }
        return { ...base, messageId: equal ? ('mustBeEqual' as const) : ('drift' as const), data };
      });
  },
});
