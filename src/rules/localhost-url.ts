import { stripContentHashes } from '../snapshot/normalize.js';
import { findUrls, isLoopbackHost } from '../snapshot/values.js';
import { distinct, factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'localhost-url',
  defaultSeverity: 'error',
  scope: 'single',
  description: 'localhost, 127.0.0.0/8, 0.0.0.0 or [::1] URLs outside the local tier',
  messages: {
    local: '{env} points at {origins}',
    localIn: '{env} links to {origins} ({object})',
  },
  check({ env }) {
    if (env.identity.tier === 'local') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      // A health check or start command runs inside the container: localhost there is itself.
      if (kf.fact.kind === 'command') continue;
      const origins = [
        ...new Set(
          kf.strings
            .flatMap((s) => findUrls(s))
            .filter((u) => u.host && isLoopbackHost(u.host))
            .map((u) => u.origin),
        ),
      ];
      const first = origins[0];
      if (first === undefined) continue;
      // A bundle's URL list knows which object each URL came from: point at that object.
      const uri =
        kf.fact.elementLocations?.[first] ??
        kf.strings.map((s) => kf.fact.elementLocations?.[s]).find(Boolean);
      const base = {
        ...single(env, kf),
        data: { env: env.identity.name, key: kf.key, origins: distinct(origins) },
      };
      if (uri) {
        const object = stripContentHashes(uri.replace(/^[a-z0-9]+:\/\/[^/]*\//, ''));
        out.push({
          ...base,
          location: { uri },
          messageId: 'localIn' as const,
          data: { ...base.data, object },
        });
      } else {
        out.push({ ...base, messageId: 'local' as const });
      }
    }
    return out;
  },
});
