import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'image-drift',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'service images differ in digest or tag (after normalization)',
  messages: { drift: '{a} and {b} run different images' },
  claims: (c) => c.kind === 'image' && c.status === 'different',
  check({ a, b, comparisons, settings }) {
    return comparisons
      .filter(
        (c) =>
          c.status === 'different' && c.kind === 'image' && !matchesAny(c.key, settings.differ),
      )
      .map((c) => ({
        ...pair(c, a, b),
        messageId: 'drift',
        data: { key: c.key, a: a.identity.name, b: b.identity.name },
      }));
  },
});
