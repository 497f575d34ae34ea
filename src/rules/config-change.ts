import { defineRule } from './types.js';

/**
 * The working tree's parity.yaml differs from the trusted one of `--config-ref` (SPEC §7a): the
 * gate ran the trusted policy, and this tells reviewers what the pull request would change.
 */
export default defineRule({
  id: 'config-change',
  defaultSeverity: 'warning',
  scope: 'audit',
  description: 'the pull request changes parity.yaml; the gate used the trusted one (--config-ref)',
  messages: {
    changed: 'the working tree’s config would change the policy of {ref} (not applied): {changes}',
  },
  check({ policy, configFile }) {
    if (!policy || policy.changes.length === 0) return [];
    return [
      {
        key: 'config:policy',
        environments: [],
        sensitive: false,
        messageId: 'changed' as const,
        data: { ref: policy.ref, changes: policy.changes.join('; ') },
        ...(configFile ? { location: { file: configFile } } : {}),
      },
    ];
  },
});
