/**
 * docs/scale.md's GitHub Actions example, checked for structure: a snapshot job per environment
 * in a matrix, each with its own role and only `snapshot --store`, and one diff job after them
 * that reads the same store. A doc that drifts from the commands fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const doc = readFileSync(new URL('../../docs/scale.md', import.meta.url), 'utf8');
const block = /```yaml\n(# \.github\/workflows\/[^\n]+\n[\s\S]*?)```/.exec(doc)?.[1] ?? '';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string;
  strategy?: { matrix: { include: { environment: string; role: string }[] } };
  steps: Step[];
}

describe('docs/scale.md', () => {
  const workflow = parse(block) as { jobs: Record<string, Job> };

  it('snapshots each environment in its own job, with its own role, into one store', () => {
    const snapshot = workflow.jobs.snapshot;
    const include = snapshot?.strategy?.matrix.include ?? [];
    expect(include.map((i) => i.environment)).toEqual(['staging', 'production']);
    expect(new Set(include.map((i) => i.role)).size).toBe(include.length);
    const runs = (snapshot?.steps ?? []).flatMap((s) => (s.run ? [s.run] : []));
    expect(runs).toEqual([
      expect.stringMatching(
        /^npx parity-audit snapshot \$\{\{ matrix\.environment \}\} --store (s3:\/\/\S+)$/,
      ),
    ]);
    const key = (snapshot?.steps ?? []).find((s) => s.run)?.env?.PARITY_FINGERPRINT_KEY;
    expect(key).toBe('${{ secrets.PARITY_FINGERPRINT_KEY }}');
  });

  it('diffs the stored snapshots in one job after them, from the same store', () => {
    const diff = workflow.jobs.diff;
    expect(diff?.needs).toBe('snapshot');
    const store = /--store (\S+)/.exec(
      (workflow.jobs.snapshot?.steps ?? []).find((s) => s.run)?.run ?? '',
    )?.[1];
    const run = (diff?.steps ?? []).find((s) => s.run)?.run ?? '';
    expect(run).toMatch(/^npx parity-audit diff staging@latest production@latest /);
    expect(run).toContain(`--store ${store ?? '?'}`);
    expect(diff?.strategy).toBeUndefined();
  });
});
