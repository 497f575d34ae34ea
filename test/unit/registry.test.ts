/**
 * The registries are complete: every source module registered, documented (options generated
 * from the schema), tested and, for export readers, given real shapes; every format has its
 * formatter and a test. A new source is its module, a line in src/sources/index.ts, its page
 * and its test; this says which is missing.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { getFormatter, listFormats } from '../../src/report/index.js';
import { FORMATS } from '../../src/report/types.js';
import { getMatrixFormatter, MATRIX_FORMATS } from '../../src/report/matrix/index.js';
import { sourceDefinitions } from '../../src/sources/index.js';
import { optionsTable } from '../../src/sources/options-doc.js';
import { defineSource } from '../../src/sources/types.js';
import { sourceModules, sourceProblems } from '../support/registry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('source registry', () => {
  it('every source is registered, documented with a current options table, tested and given real shapes', () => {
    expect(sourceProblems(ROOT, sourceDefinitions)).toEqual([]);
    expect(sourceModules(ROOT)).toEqual(sourceDefinitions.map((d) => d.type).sort());
  });

  // A throwaway source, as a newcomer would add it: the check passes with its three files and
  // its registry line, and names what is missing when one is taken away.
  const ecr = defineSource({
    type: 'ecr',
    description: 'Image tags of an ECR repository (a stub for this test).',
    options: z.strictObject({
      type: z.literal('ecr'),
      repository: z.string().min(1).describe('The repository name.'),
    }),
    services: [],
    requestChain: 1,
    kinds: { 'tag.*': 'image' },
    load: () => Promise.resolve({ facts: [] }),
  });

  function treeWithEcr(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'parity-registry-'));
    for (const dir of ['src/sources', 'docs/sources', 'test/unit/sources']) {
      cpSync(path.join(ROOT, dir), path.join(root, dir), { recursive: true });
    }
    mkdirSync(path.join(root, 'test/fixtures'), { recursive: true });
    cpSync(
      path.join(ROOT, 'test/fixtures/real-world'),
      path.join(root, 'test/fixtures/real-world'),
      {
        recursive: true,
      },
    );
    writeFileSync(path.join(root, 'src/sources/ecr.ts'), '// the stub module\n');
    writeFileSync(
      path.join(root, 'docs/sources/ecr.md'),
      `# \`ecr\` source\n\nTags.\n\n## Options\n\n<!-- options: written by \`npm run docs\` from the schema; edit the .describe() texts -->\n\n${optionsTable(ecr)}\n\n<!-- /options -->\n`,
    );
    writeFileSync(path.join(root, 'test/unit/sources/ecr.test.ts'), '// its test\n');
    return root;
  }

  it('a new source with its module, page and test (and its registry line) is complete', () => {
    expect(sourceProblems(treeWithEcr(), [...sourceDefinitions, ecr])).toEqual([]);
  });

  it('names what a new source lacks: its registry line, its page, its test', () => {
    const root = treeWithEcr();
    expect(sourceProblems(root, sourceDefinitions)).toEqual([
      'src/sources/ecr.ts: not in the registry',
    ]);
    rmSync(path.join(root, 'docs/sources/ecr.md'));
    rmSync(path.join(root, 'test/unit/sources/ecr.test.ts'));
    expect(sourceProblems(root, [...sourceDefinitions, ecr])).toEqual([
      'ecr: no page docs/sources/ecr.md',
      'ecr: no test test/unit/sources/ecr.test.ts',
    ]);
  });

  it('a stale options table or an undescribed option fails', () => {
    const root = treeWithEcr();
    const stale = defineSource({
      ...ecr,
      options: z.strictObject({
        type: z.literal('ecr'),
        repository: z.string().min(1).describe('The repository name.'),
        region: z.string().optional(),
      }),
    });
    expect(sourceProblems(root, [...sourceDefinitions, stale])).toEqual([
      'docs/sources/ecr.md: options table out of date (run npm run docs)',
      'ecr: option region has no .describe()',
    ]);
  });
});

describe('formatter registry', () => {
  it.each(FORMATS.map((f) => [f]))('%s has a formatter and a test', async (format) => {
    expect((await getFormatter(format)).name).toBe(format);
    const tests = [
      ...readdirSync(path.join(ROOT, 'test/unit/report')),
      ...readdirSync(path.join(ROOT, 'test/e2e')),
    ];
    expect(
      tests.some((f) => f.startsWith(format) && f.endsWith('.test.ts')),
      format,
    ).toBe(true);
    expect(listFormats()).toContain(format);
  });
});

describe('matrix formatter registry', () => {
  // The matrix tests: test/unit/report/matrix*.test.ts and test/e2e/matrix-*.test.ts.
  const matrixTests = [
    ...readdirSync(path.join(ROOT, 'test/unit/report'))
      .filter((f) => f.startsWith('matrix'))
      .map((f) => path.join(ROOT, 'test/unit/report', f)),
    ...readdirSync(path.join(ROOT, 'test/e2e'))
      .filter((f) => f.startsWith('matrix-'))
      .map((f) => path.join(ROOT, 'test/e2e', f)),
  ].map((f) => readFileSync(f, 'utf8'));

  it.each(MATRIX_FORMATS.map((f) => [f]))('%s has a formatter and a test', async (format) => {
    expect((await getMatrixFormatter(format)).name).toBe(format);
    expect(
      matrixTests.some((t) => t.includes(`format('${format}'`) || t.includes(`'-f', '${format}'`)),
      format,
    ).toBe(true);
  });
});
