import { findUrls, isLoopbackHost } from '../snapshot/values.js';
import { distinct, factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

/** XML namespaces and schema identifiers: `http://` names, never fetched (bundles are full of them). */
const NAMESPACE_HOSTS: ReadonlySet<string> = new Set([
  'www.w3.org',
  'w3.org',
  'schemas.xmlsoap.org',
  'schemas.microsoft.com',
  'schemas.openxmlformats.org',
  'ns.adobe.com',
  'purl.org',
  'xmlns.com',
  'www.apache.org',
]);

export default defineRule({
  id: 'insecure-url',
  defaultSeverity: 'warning',
  scope: 'single',
  description: 'http:// URLs to non-local hosts in the production tier',
  messages: {
    insecure: '{env} uses plain http: {origins}',
  },
  check({ env }) {
    if (env.identity.tier !== 'production') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      if (kf.fact.kind === 'command') continue;
      const origins = kf.strings
        .flatMap((s) => findUrls(s))
        .filter(
          (u) =>
            u.scheme === 'http' &&
            u.host &&
            !isLoopbackHost(u.host) &&
            !NAMESPACE_HOSTS.has(u.host),
        )
        .map((u) => u.origin);
      if (origins.length === 0) continue;
      out.push({
        ...single(env, kf),
        messageId: 'insecure' as const,
        data: { env: env.identity.name, key: kf.key, origins: distinct(origins) },
      });
    }
    return out;
  },
});
