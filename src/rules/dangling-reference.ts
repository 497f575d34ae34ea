import { defineRule } from './types.js';

export default defineRule({
  id: 'dangling-reference',
  defaultSeverity: 'error',
  scope: 'audit',
  description: 'a secret reference or ${source:key} that resolves to nothing',
  messages: {
    dangling: '{env} refers to {target}, which does not exist',
  },
  check({ snapshots }) {
    return snapshots.flatMap((s) =>
      s.references
        .filter((r) => !r.resolved)
        .map((r) => ({
          key: `${r.source}:${r.at}`,
          source: r.source,
          environments: [s.identity.name],
          sensitive: false,
          messageId: 'dangling' as const,
          data: { env: s.identity.name, key: `${r.source}:${r.at}`, target: r.target },
          ...(r.location ? { location: r.location } : {}),
        })),
    );
  },
});
