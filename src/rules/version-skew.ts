import { engineMajor } from '../snapshot/versions.js';
import { pair } from './_helpers.js';
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
  // A version and the major derived from it are one skew: this rule reports it once.
  claims: (c) => c.kind === 'version' || c.kind === 'version-major',
  check({ a, b, comparisons }) {
    const out = [];
    for (const c of comparisons) {
      if (c.status !== 'different' || c.kind !== 'version') continue;
      const va = String(c.a?.value ?? '');
      const vb = String(c.b?.value ?? '');
      const major = engineMajor(c.a?.family, va) !== engineMajor(c.b?.family, vb);
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
