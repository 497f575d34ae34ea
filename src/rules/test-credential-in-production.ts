import { findUrls } from '../snapshot/values.js';
import { distinct, factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

const TEST_KEYS: readonly (readonly [RegExp, string])[] = [
  [/(?<![A-Za-z0-9])sk_test_/, 'a Stripe test secret key (sk_test_…)'],
  [/(?<![A-Za-z0-9])rk_test_/, 'a Stripe test restricted key (rk_test_…)'],
  [/(?<![A-Za-z0-9])pk_test_/, 'a Stripe test publishable key (pk_test_…)'],
];

export default defineRule({
  id: 'test-credential-in-production',
  defaultSeverity: 'error',
  scope: 'single',
  description:
    'test keys (sk_test_, pk_test_, rk_test_) or sandbox endpoints in the production tier',
  messages: {
    test: '{env} holds {what}',
  },
  check({ env }) {
    if (env.identity.tier !== 'production') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      const found: string[] = [];
      for (const s of kf.strings) {
        for (const [pattern, what] of TEST_KEYS) if (pattern.test(s)) found.push(what);
        for (const u of findUrls(s)) {
          if (u.host.split('.').includes('sandbox')) found.push(`a sandbox endpoint (${u.host})`);
        }
      }
      if (found.length === 0) continue;
      out.push({
        ...single(env, kf),
        messageId: 'test' as const,
        data: { env: env.identity.name, key: kf.key, what: distinct(found) },
      });
    }
    return out;
  },
});
