/**
 * Golden output of the built-in demo: the text (NO_COLOR), Markdown and JSON reports as a user
 * sees them, byte for byte, run-time figures aside. A change to what users see shows up here as
 * a diff to review; `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts` rewrites the files
 * after a deliberate change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';

const GOLDEN = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));

/** What changes from run to run: the time of the run and how long each source took. */
const stable = (text: string) =>
  text
    .replace(/"(generatedAt|capturedAt)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"durationMs": \d+/g, '"durationMs": 0');

describe('golden output of the demo', () => {
  it.each([
    ['text', 'demo.txt', []],
    ['text', 'demo-verbose.txt', ['-v']],
    ['markdown', 'demo.md', []],
    ['json', 'demo.json', []],
  ])('%s → test/golden/%s', async (format, file, extra) => {
    const result = await runCli(
      [
        'diff',
        'staging',
        'production',
        '-c',
        'fixtures/demo/parity.yaml',
        '-f',
        format,
        '--fail-on',
        'never',
        ...extra,
      ],
      { cwd: REPO_ROOT },
    );
    expect(result.code).toBe(0);
    const actual = stable(result.stdout);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN(file), actual);
    expect(actual).toBe(readFileSync(GOLDEN(file), 'utf8'));
  });
});
