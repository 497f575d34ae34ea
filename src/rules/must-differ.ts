import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'must-differ',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'a key in compare.differ whose values are identical',
  messages: {
    identical: 'identical in {a} and {b}, but compare.differ says each environment has its own',
  },
  check({ a, b, comparisons, settings, history }) {
    // Of one environment at two times, sameness is no leak between tiers (SPEC §15).
    if (history) return [];
    return comparisons
      .filter((c) => c.rawEqual === true && matchesAny(c.key, settings.differ))
      .map((c) => ({
        ...pair(c, a, b),
        messageId: 'identical',
        data: { key: c.key, a: a.identity.name, b: b.identity.name },
      }));
  },
});
