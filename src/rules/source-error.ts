import { defineRule } from './types.js';

export default defineRule({
  id: 'source-error',
  defaultSeverity: 'error',
  scope: 'audit',
  description: 'a source could not be read (forces exit 2)',
  messages: {
    failed: '{env} {source} ({type}) could not be read: {error}',
    failedWithHint: '{env} {source} ({type}) could not be read: {error} — {hint}',
  },
  check({ snapshots }) {
    return snapshots.flatMap((s) =>
      s.sources
        .filter((src) => src.status === 'error')
        .map((src) => {
          const base = {
            key: src.name,
            source: src.name,
            environments: [s.identity.name],
            sensitive: false,
            ...(src.location ? { location: src.location } : {}),
          };
          const data = {
            env: s.identity.name,
            source: src.name,
            type: src.type,
            error: src.error ?? 'unknown error',
            code: src.code ?? 'SOURCE_FAILED',
          };
          return src.hint
            ? { ...base, messageId: 'failedWithHint' as const, data: { ...data, hint: src.hint } }
            : { ...base, messageId: 'failed' as const, data };
        }),
    );
  },
});
