import { ENGINE_VERSION_PATH, pair } from './_helpers.js';
import { defineRule } from './types.js';

export default defineRule({
  id: 'version-skew',
  defaultSeverity: 'error',
  scope: 'pair',
  description: 'engine major version differs (error) or minor differs (warning)',
  messages: {
    major: '{a} runs {versionA}, {b} runs {versionB}: a different major version',
    minor: '{a} runs {versionA}, {b} runs {versionB}: a different minor version',
  },
  check({ a, b, comparisons }) {
    const out = [];
    for (const c of comparisons) {
      if (c.status !== 'different' || !ENGINE_VERSION_PATH.test(c.path)) continue;
      const va = String(c.a?.value ?? '');
      const vb = String(c.b?.value ?? '');
      const major = majorOf(va) !== majorOf(vb);
      out.push({
        ...pair(c, a, b),
        messageId: major ? ('major' as const) : ('minor' as const),
        data: { key: c.key, a: a.identity.name, b: b.identity.name, versionA: va, versionB: vb },
        severity: major ? ('error' as const) : ('warning' as const),
      });
    }
    return out;
  },
});

/** `15.4` → `15`; before PostgreSQL 10 the major was two numbers (`9.6.22` → `9.6`). */
export function majorOf(version: string): string {
  const parts = version.trim().split('.');
  if (parts[0] === '9' && parts[1] !== undefined) return `${parts[0]}.${parts[1]}`;
  return parts[0] ?? '';
}
