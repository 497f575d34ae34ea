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
      // A value both environments hold verbatim names things, not places: an alias inside it
      // (`app.settings_production`) is no reference (SPEC §4). Hosts and accounts still are.
      const verbatim =
        kf.fact.value !== undefined && shared.get(kf.key) === JSON.stringify(kf.fact.value);
      const refs = kf.strings
        .flatMap((s) => findEnvReferences(s, env.identity, others))
        .filter((r) => !(verbatim && r.kind === 'alias'));
      if (refs.length === 0) continue;
      const what = distinct(refs.map((r) => `${r.kind} "${r.match}"`));
      out.push({
        ...single(env, kf),
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

function sharedValues(snapshot: Snapshot): Map<string, string> {
  return new Map(factsOf(snapshot).map((kf) => [kf.key, JSON.stringify(kf.fact.value)]));
}
