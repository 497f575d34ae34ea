import { normalizeValue } from '../snapshot/normalize.js';
import { displayValue } from '../snapshot/redact.js';
import type { Fact } from '../snapshot/types.js';
import { factKey } from '../snapshot/types.js';
import { matchesAny } from '../util/glob.js';
import { byCodeUnit } from '../util/order.js';
import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  changed: '{env} differs from what {file} declares ({declared})',
  added: '{env} has it and {file} does not declare it: set by hand?',
  absent: '{file} declares it ({declared}) and {env} does not have it',
} as const;

/** Equal as SPEC §4 compares: raw values, fingerprints for secrets, else normalized forms. */
function same(live: Fact, declared: Fact, identity: Parameters<typeof normalizeValue>[1]): boolean {
  if (live.sensitive || declared.sensitive)
    return live.fingerprint !== undefined && live.fingerprint === declared.fingerprint;
  if (JSON.stringify(live.value) === JSON.stringify(declared.value)) return true;
  return (
    live.value !== undefined &&
    declared.value !== undefined &&
    normalizeValue(live.value, identity) === normalizeValue(declared.value, identity)
  );
}

export default defineRule({
  id: 'undeclared-change',
  defaultSeverity: 'warning',
  scope: 'single',
  description: 'what runs differs from what Git declares (a source with declared:)',
  messages,
  // The same change seen between environments is this finding's (SPEC §14: one per problem).
  explains: ['value-drift', 'missing-key'],
  check({ env, counterpart }) {
    // The other environment's value too, so a report shows all three sides: declared (in the
    // message), this environment and the other.
    const other = (sourceName: string, path: string): Record<string, string> => {
      const fact = counterpart?.sources
        .find((s) => s.name === sourceName && s.status === 'ok')
        ?.facts.find((f) => f.path === path);
      return counterpart && fact ? { [counterpart.identity.name]: displayValue(fact) } : {};
    };
    const out: RuleFinding<typeof messages>[] = [];
    const severity = env.identity.tier === 'production' ? ('error' as const) : undefined;
    for (const source of env.sources) {
      const declared = source.declared;
      if (source.status !== 'ok' || !declared) continue;
      const live = new Map(
        source.facts.filter((f) => matchesAny(f.path, declared.covers)).map((f) => [f.path, f]),
      );
      const want = new Map(declared.facts.map((f) => [f.path, f]));
      const paths = [...new Set([...live.keys(), ...want.keys()])].sort(byCodeUnit);
      for (const path of paths) {
        const l = live.get(path);
        const d = want.get(path);
        if (l && d && same(l, d, env.identity)) continue;
        const base = {
          key: factKey(source.name, path),
          source: source.name,
          environments: [env.identity.name],
          sensitive: Boolean(l?.sensitive || d?.sensitive),
          values: {
            ...other(source.name, path),
            ...(l ? { [env.identity.name]: displayValue(l) } : {}),
          },
          // At the declaration: where the fix goes (or, for a value set by hand, the file).
          location: d?.location ?? { file: declared.file },
          ...(severity ? { severity } : {}),
        };
        const data = { env: env.identity.name, file: declared.file };
        if (l && d)
          out.push({ ...base, messageId: 'changed', data: { ...data, declared: displayValue(d) } });
        else if (l) out.push({ ...base, messageId: 'added', data });
        else if (d)
          out.push({ ...base, messageId: 'absent', data: { ...data, declared: displayValue(d) } });
      }
    }
    return out;
  },
});
