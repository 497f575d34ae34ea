import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'value-drift',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'normalized values differ (keys not in compare.differ)',
  messages: {
    drift: 'values differ between {a} and {b}',
    mustBeEqual: 'values differ between {a} and {b}, and compare.equal says they must match',
  },
  check({ a, b, comparisons, settings, claimed }) {
    return comparisons
      .filter(
        (c) =>
          c.status === 'different' &&
          !c.sensitive &&
          !claimed(c) &&
          !matchesAny(c.key, settings.differ),
      )
      .map((c) => {
        const equal = matchesAny(c.key, settings.equal);
        return {
          ...pair(c, a, b),
          messageId: equal ? 'mustBeEqual' : 'drift',
          data: {
            key: c.key,
            a: a.identity.name,
            b: b.identity.name,
            normalizedA: c.normalizedA ?? '',
            normalizedB: c.normalizedB ?? '',
          },
          ...(equal ? { severity: 'error' as const } : {}),
        };
      });
  },
});
