import { matchesAny } from '../util/glob.js';
import { IMAGE_PATH, pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'image-drift',
  defaultSeverity: 'warning',
  scope: 'pair',
  description: 'service images differ in digest or tag (after normalization)',
  messages: { drift: '{a} and {b} run different images' },
  check({ a, b, comparisons, settings }) {
    return comparisons
      .filter(
        (c) =>
          c.status === 'different' &&
          IMAGE_PATH.test(c.path) &&
          !matchesAny(c.key, settings.differ),
      )
      .map((c) => ({
        ...pair(c, a, b),
        messageId: 'drift',
        data: { key: c.key, a: a.identity.name, b: b.identity.name },
      }));
  },
});
