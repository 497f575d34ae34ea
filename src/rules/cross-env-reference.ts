import { findEnvReferences } from '../snapshot/normalize.js';
import { leafName } from '../snapshot/values.js';
import { distinct, factsOf, single } from './_helpers.js';
import type { Snapshot } from '../snapshot/types.js';
import { defineRule } from './types.js';

/** Keys whose value is a build mode, not an environment: `NODE_ENV=production` in staging is normal. */
const MODE_KEYS: ReadonlySet<string> = new Set(['NODE_ENV']);

export default defineRule({
  id: 'cross-env-reference',
  defaultSeverity: 'error',
  scope: 'single',
  description: "a value that names another environment's alias, host, account or resource",
  messages: {
    reference: '{env} value names {other}: {what}',
  },
  check({ env, others, counterpart }) {
    const shared = counterpart ? sharedValues(counterpart) : new Map<string, string>();
    const out = [];
    for (const kf of factsOf(env)) {
      if (MODE_KEYS.has(leafName(kf.fact.path))) continue;
      const refs = kf.strings.flatMap((s) => findEnvReferences(s, env.identity, others));
      if (refs.length === 0) continue;
      // A value both environments hold verbatim still names one of them: a reference from the
      // other (both writing to `acme-production-reports`, SPEC §11). Only a code identifier
      // (`app.settings_production`, a module path) names code, not a place: info.
      const verbatim =
        kf.fact.value !== undefined && shared.get(kf.key) === JSON.stringify(kf.fact.value);
      const code =
        verbatim && refs.every((r) => r.kind === 'alias') && kf.strings.every(isCodeIdentifier);
      const what = distinct(refs.map((r) => `${r.kind} "${r.match}"`));
      out.push({
        ...single(env, kf),
        ...(code ? { severity: 'info' as const } : {}),
        messageId: 'reference' as const,
        data: {
          env: env.identity.name,
          key: kf.key,
          other: distinct(refs.map((r) => r.environment)),
          what,
        },
      });
    }
    return out;
  },
});

/** A dotted module path (`app.settings_production`, `config.environments.production`). */
function isCodeIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(text.trim());
}

function sharedValues(snapshot: Snapshot): Map<string, string> {
  return new Map(factsOf(snapshot).map((kf) => [kf.key, JSON.stringify(kf.fact.value)]));
}
