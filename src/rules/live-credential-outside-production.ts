import { distinct, factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

const LIVE_KEYS: readonly (readonly [RegExp, string])[] = [
  [/(?<![A-Za-z0-9])sk_live_/, 'a Stripe live secret key (sk_live_…)'],
  [/(?<![A-Za-z0-9])rk_live_/, 'a Stripe live restricted key (rk_live_…)'],
  [/(?<![A-Za-z0-9])pk_live_/, 'a Stripe live publishable key (pk_live_…)'],
];

export default defineRule({
  id: 'live-credential-outside-production',
  defaultSeverity: 'error',
  scope: 'single',
  description: 'live keys (sk_live_, pk_live_, rk_live_) outside the production tier',
  messages: {
    live: '{env} ({tier}) holds {what}',
  },
  check({ env }) {
    if (env.identity.tier === 'production') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      const found = kf.strings.flatMap((s) =>
        LIVE_KEYS.filter(([pattern]) => pattern.test(s)).map(([, what]) => what),
      );
      if (found.length === 0) continue;
      out.push({
        ...single(env, kf),
        messageId: 'live' as const,
        data: {
          env: env.identity.name,
          tier: env.identity.tier,
          key: kf.key,
          what: distinct(found),
        },
      });
    }
    return out;
  },
});
