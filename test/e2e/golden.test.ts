/**
 * Golden output of the built-in demo: the text (NO_COLOR), Markdown and JSON reports as a user
 * sees them, byte for byte, run-time figures aside. A change to what users see shows up here as
 * a diff to review; `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts` rewrites the files
 * after a deliberate change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_DIFF, REPO_ROOT, runCli, withoutRunTimes } from '../support/cli.js';

const GOLDEN = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));

describe('golden output of the demo', () => {
  it.each([
    ['text', 'demo.txt', []],
    ['text', 'demo-verbose.txt', ['-v']],
    ['markdown', 'demo.md', []],
    ['json', 'demo.json', []],
  ])('%s → test/golden/%s', async (format, file, extra) => {
    const result = await runCli([...DEMO_DIFF, '-f', format, ...extra], { cwd: REPO_ROOT });
    expect(result.code).toBe(0);
    const actual = withoutRunTimes(result.stdout);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN(file), actual);
    expect(actual).toBe(readFileSync(GOLDEN(file), 'utf8'));
  });
});
