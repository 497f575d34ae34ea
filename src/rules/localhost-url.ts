import { findUrls, isLoopbackHost } from '../snapshot/values.js';
import { factsOf, listText, single } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'localhost-url',
  defaultSeverity: 'error',
  scope: 'single',
  description: 'localhost, 127.0.0.0/8, 0.0.0.0 or [::1] URLs outside the local tier',
  messages: {
    local: '{env} points at {origins}',
  },
  check({ env }) {
    if (env.identity.tier === 'local') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      const origins = kf.strings
        .flatMap((s) => findUrls(s))
        .filter((u) => u.host && isLoopbackHost(u.host))
        .map((u) => u.origin);
      if (origins.length === 0) continue;
      out.push({
        ...single(env, kf),
        messageId: 'local' as const,
        data: { env: env.identity.name, key: kf.key, origins: listText(origins) },
      });
    }
    return out;
  },
});
