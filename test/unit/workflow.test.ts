/**
 * .github/workflows/ci.yml, checked for structure: every Node version installs the real parts
 * (PostgreSQL 15, MariaDB, Chromium, moto) and runs .ci/run with PARITY_REQUIRE_REAL=1, so no
 * test skips there either.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const workflow = parse(
  readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8'),
) as {
  jobs: {
    test: {
      strategy: { matrix: { node: string[] } };
      container: string;
      env: Record<string, string>;
      steps: { run?: string; uses?: string }[];
    };
  };
};

describe('the GitHub workflow', () => {
  const job = workflow.jobs.test;
  const runs = job.steps.flatMap((s) => (s.run ? [s.run] : [])).join('\n');

  it('tests every supported Node line in Debian, as the project CI does', () => {
    expect(job.strategy.matrix.node).toEqual(['20.19', '22', '24']);
    expect(job.container).toBe('node:${{ matrix.node }}-bookworm');
  });

  it('installs every real part and requires them all', () => {
    for (const part of ['postgresql-15', 'mariadb-server', 'chromium', "'moto[server]'"])
      expect(runs).toContain(part);
    expect(job.env.PARITY_REQUIRE_REAL).toBe('1');
    expect(runs).toMatch(/^bash \.ci\/run$/m);
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toContain(
      'export PARITY_REQUIRE_REAL=1',
    );
  });
});
