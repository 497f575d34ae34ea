import { pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'missing-key',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'a key present in one environment only',
  messages: { missing: 'only in {present}, missing in {absent}' },
  check({ a, b, comparisons, claimed }) {
    return comparisons
      .filter((c) => (c.status === 'only-a' || c.status === 'only-b') && !claimed(c))
      .map((c) => {
        const [present, absent] = c.status === 'only-a' ? [a, b] : [b, a];
        // A developer's machine carries keys production never needs (SPEC §11): worth knowing only.
        const local = present.identity.tier === 'local';
        return {
          ...pair(c, a, b),
          ...(local ? { severity: 'info' as const } : {}),
          messageId: 'missing',
          data: { key: c.key, present: present.identity.name, absent: absent.identity.name },
        };
      });
  },
});
