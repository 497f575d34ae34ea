import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  missing: 'the deployed bundle was not built from {file}: {variable} is not in it',
  instead:
    'the deployed bundle was not built from {file}: {variable} is not in it, the bundle holds {instead} instead',
} as const;

export default defineRule({
  id: 'stale-build',
  defaultSeverity: 'warning',
  scope: 'single',
  description: 'the deployed bundle was not built from the declared dotenv (s3-bundle builtFrom:)',
  messages,
  check({ env }) {
    const out: RuleFinding<typeof messages>[] = [];
    for (const source of env.sources) {
      if (source.status !== 'ok') continue;
      for (const fact of source.facts) {
        if (!fact.path.startsWith('built.') || fact.value === true) continue;
        const variable = fact.path.slice('built.'.length);
        const instead = Array.isArray(fact.value) ? fact.value.map(String) : [];
        const base = {
          key: `${source.name}:${fact.path}`,
          source: source.name,
          environments: [env.identity.name],
          sensitive: false,
          ...(fact.location ? { location: fact.location } : {}),
        };
        const file = fact.location?.file ?? 'its dotenv source';
        out.push(
          instead.length > 0
            ? {
                ...base,
                values: { [env.identity.name]: instead.join(', ') },
                messageId: 'instead',
                data: { file, variable, instead },
              }
            : { ...base, messageId: 'missing', data: { file, variable } },
        );
      }
    }
    return out;
  },
});
