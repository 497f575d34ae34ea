import { leafName, parseBoolean } from '../snapshot/values.js';
import { factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

const HOST_LISTS = /^(?:DJANGO_)?ALLOWED_HOSTS$|CORS|ACCESS_CONTROL_ALLOW_ORIGIN/;
const ALLOW_ALL = /^(?:CORS_ORIGIN_ALLOW_ALL|CORS_ALLOW_ALL_ORIGINS)$/;

export default defineRule({
  id: 'wildcard-host',
  defaultSeverity: 'warning',
  scope: 'single',
  description: 'ALLOWED_HOSTS=*, CORS * or allow-all-origins in the production tier',
  messages: {
    wildcard: '{env} allows any host (*)',
    allowAll: '{env} allows every origin',
  },
  check({ env }) {
    if (env.identity.tier !== 'production') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      const leaf = leafName(kf.fact.path).toUpperCase();
      if (ALLOW_ALL.test(leaf) && parseBoolean(kf.strings.join('')) === true) {
        out.push({
          ...single(env, kf),
          messageId: 'allowAll' as const,
          data: { env: env.identity.name, key: kf.key },
        });
        continue;
      }
      if (!HOST_LISTS.test(leaf)) continue;
      const entries = kf.strings
        .flatMap((s) => s.split(/[\s,;]+/))
        .map((e) => e.trim().replace(/^["'[]+|["'\]]+$/g, ''));
      if (entries.includes('*')) {
        out.push({
          ...single(env, kf),
          messageId: 'wildcard' as const,
          data: { env: env.identity.name, key: kf.key },
        });
      }
    }
    return out;
  },
});
