import { placeholderKind, templateExpressions } from '../snapshot/values.js';
import { factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  template: '{env} holds an unrendered template: {expressions}',
  standIn: '{env} holds a stand-in, not a real value',
  standInShown: '{env} holds a stand-in, not a real value: {value}',
} as const;

export default defineRule({
  id: 'placeholder-value',
  defaultSeverity: 'error',
  scope: 'single',
  description:
    'an unrendered template or a stand-in value (error in production, warning elsewhere)',
  messages,
  check({ env }) {
    const severity = env.identity.tier === 'production' ? 'error' : 'warning';
    const out: RuleFinding<typeof messages>[] = [];
    for (const kf of factsOf(env)) {
      // Commands expand their own `${PORT}`; lists (bundle assets, URLs) are not settings.
      const value = kf.fact.value;
      if (kf.fact.kind === 'command' || typeof value !== 'string') continue;
      const kind = placeholderKind(value);
      if (!kind) continue;
      const base = { ...single(env, kf), severity } as const;
      if (kind === 'template') {
        // Template names are no secret (`${JWT_SECRET}` names the variable, it is not its value).
        const expressions = templateExpressions(value);
        out.push({
          ...base,
          messageId: 'template' as const,
          data: { env: env.identity.name, key: kf.key, expressions },
        });
      } else if (kf.fact.sensitive) {
        out.push({
          ...base,
          messageId: 'standIn' as const,
          data: { env: env.identity.name, key: kf.key },
        });
      } else {
        out.push({
          ...base,
          messageId: 'standInShown' as const,
          data: { env: env.identity.name, key: kf.key, value: value.trim() },
        });
      }
    }
    return out;
  },
});
