import { matchesAny } from '../util/glob.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'shared-secret',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'a credential identical in both environments, unless in sharedSecretsAllowed',
  messages: {
    shared: 'the same credential in {a} and {b}: a leak of one tier opens the other',
  },
  check({ a, b, comparisons, settings, history }) {
    // Of one environment at two times, sameness is no leak between tiers (SPEC §15).
    if (history) return [];
    return comparisons
      .filter(
        (c) =>
          c.rawEqual === true &&
          Boolean(c.a?.credential || c.b?.credential) &&
          !matchesAny(c.key, settings.sharedSecretsAllowed) &&
          // must-differ already reports identical values of declared per-environment keys.
          !matchesAny(c.key, settings.differ),
      )
      .map((c) => ({
        ...pair(c, a, b),
        sensitive: true,
        messageId: 'shared',
        data: { key: c.key, a: a.identity.name, b: b.identity.name },
      }));
  },
});
