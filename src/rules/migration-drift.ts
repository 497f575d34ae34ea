import type { Comparison } from '../compare/types.js';
import { pair } from './_helpers.js';
import { defineRule } from './types.js';
import type { RuleFinding } from './types.js';

const messages = {
  behind: '{env} is behind {reference}: {tool} migration {migration} not applied',
  ahead: '{env} has {tool} migration {migration} that {reference} has not: not yet promoted',
  none: '{absent} has no {tool} migrations applied; {present} has {count}',
  revision: '{a} is at {tool} revision {revisionA}, {b} at {revisionB}',
} as const;

/** `migrations.<tool>.<id>` → tool and id. */
function parse(path: string): { tool: string; id: string } | undefined {
  const m = /^migrations\.([^.]+)\.(.+)$/s.exec(path);
  return m?.[1] && m[2] ? { tool: m[1], id: m[2] } : undefined;
}

export default defineRule({
  id: 'migration-drift',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'a migration applied in one database only (behind: error; ahead: warning)',
  messages,
  // Applied migrations and each tool's latest are this rule's: one finding per migration.
  claims: (c) => c.kind === 'migration',
  check({ a, b, reference, comparisons }) {
    const other = reference === a ? b : a;
    const byTool = new Map<string, Comparison[]>();
    for (const c of comparisons) {
      const at = c.kind === 'migration' ? parse(c.path) : undefined;
      if (at)
        byTool.set(`${c.source}\u0000${at.tool}`, [
          ...(byTool.get(`${c.source}\u0000${at.tool}`) ?? []),
          c,
        ]);
    }
    const out: RuleFinding<typeof messages>[] = [];
    for (const [id, all] of byTool) {
      const [source = '', tool = ''] = id.split('\u0000');
      const latest = all.find((c) => parse(c.path)?.id === 'latest');
      const applied = all.filter((c) => c !== latest);
      // A tool that records only the revision a database is at (alembic): one finding.
      if (applied.length === 0) {
        if (latest?.status === 'different')
          out.push({
            ...pair(latest, a, b),
            messageId: 'revision',
            data: {
              tool,
              a: a.identity.name,
              b: b.identity.name,
              revisionA: String(latest.a?.value),
              revisionB: String(latest.b?.value),
            },
          });
        continue;
      }
      const onlyIn = (status: Comparison['status']) => applied.filter((c) => c.status === status);
      const inA = applied.length - onlyIn('only-b').length;
      const inB = applied.length - onlyIn('only-a').length;
      // One side has none of this tool's migrations: one finding for the tool, not one each.
      if (inA === 0 || inB === 0) {
        const [present, absent] = inA === 0 ? [b, a] : [a, b];
        const first = applied[0];
        if (!first) continue;
        out.push({
          key: `${source}:migrations.${tool}`,
          source,
          environments: [a.identity.name, b.identity.name],
          sensitive: false,
          ...(first.a?.location || first.b?.location
            ? { location: first.a?.location ?? first.b?.location }
            : {}),
          ...(present === reference ? {} : { severity: 'warning' as const }),
          messageId: 'none',
          data: {
            tool,
            present: present.identity.name,
            absent: absent.identity.name,
            count: applied.length,
          },
        });
        continue;
      }
      for (const c of applied) {
        if (c.status !== 'only-a' && c.status !== 'only-b') continue;
        const migration = parse(c.path)?.id ?? '';
        const present = c.status === 'only-a' ? a : b;
        out.push(
          present === reference
            ? {
                ...pair(c, a, b),
                values: {}, // `true`: the message says it all
                messageId: 'behind',
                data: {
                  env: other.identity.name,
                  reference: reference.identity.name,
                  tool,
                  migration,
                },
              }
            : {
                ...pair(c, a, b),
                values: {},
                severity: 'warning',
                messageId: 'ahead',
                data: {
                  env: other.identity.name,
                  reference: reference.identity.name,
                  tool,
                  migration,
                },
              },
        );
      }
    }
    return out;
  },
});
