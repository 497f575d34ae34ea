import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  behind: 'the deployed build {commit} is {count} commits behind {branch}',
  unknown:
    'cannot tell how far the deployed build {commit} is behind {branch}: the local history does not have both',
} as const;

export default defineRule({
  id: 'undeployed-commits',
  defaultSeverity: 'info',
  scope: 'single',
  description: 'the deployed bundle build is behind the branch its environment deploys from',
  messages,
  // Two environments' builds differing is this finding's when one is behind its branch.
  explains: ['value-drift'],
  check({ env }) {
    const out: RuleFinding<typeof messages>[] = [];
    for (const source of env.sources) {
      if (source.status !== 'ok') continue;
      const fact = (path: string) => source.facts.find((f) => f.path === path);
      const behind = fact('build.behind');
      const branch = fact('build.deploysFrom')?.value;
      const commit = fact('build.commit')?.value;
      if (!behind || typeof branch !== 'string' || typeof commit !== 'string') continue;
      if (behind.value === 0) continue;
      const base = {
        key: `${source.name}:build.commit`,
        source: source.name,
        environments: [env.identity.name],
        sensitive: false,
        ...(behind.location ? { location: behind.location } : {}),
      };
      const short = commit.slice(0, 12);
      out.push(
        typeof behind.value === 'number'
          ? {
              ...base,
              messageId: 'behind',
              data: { commit: short, count: behind.value, branch },
            }
          : {
              ...base,
              messageId: 'unknown',
              data: { commit: short, branch },
            },
      );
    }
    return out;
  },
});
