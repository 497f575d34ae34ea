import { defineRule } from './types.js';

export default defineRule({
  id: 'expired-ignore',
  defaultSeverity: 'warning',
  scope: 'audit',
  description: 'an ignore entry past its expires date (it no longer applies)',
  messages: {
    expired: 'the ignore of {glob} expired on {expires} and no longer applies ({reason})',
  },
  check({ ignores, now, configFile }) {
    const today = now.toISOString().slice(0, 10);
    return ignores.flatMap((entry, index) =>
      entry.expires && entry.expires < today
        ? [
            {
              key: `config:ignore[${index}]`,
              environments: [],
              sensitive: false,
              messageId: 'expired' as const,
              data: { glob: entry.key, expires: entry.expires, reason: entry.reason },
              ...(configFile
                ? { location: { file: configFile, ...(entry.line ? { line: entry.line } : {}) } }
                : {}),
            },
          ]
        : [],
    );
  },
});
