/**
 * What makes a source complete, checked from the files of a tree: its module
 * `src/sources/<type>.ts` registered in src/sources/index.ts, its page `docs/sources/<type>.md`
 * with an up-to-date options table (every option described), its test
 * `test/unit/sources/<type>.test.ts`, and — when it reads `export:` files — real export shapes
 * under `test/fixtures/real-world/<type>/`. Returns one line per thing missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { optionDocs, optionsTable, withOptionsTable } from '../../src/sources/options-doc.js';
import type { SourceDefinition } from '../../src/sources/types.js';

/** Files in src/sources/ that are not sources. */
const NOT_SOURCES = new Set(['index.ts', 'types.ts', 'options-doc.ts']);

/** A Markdown table with its padding (as prettier writes it) taken out. */
function tableText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/ +/g, ' ').replace(/-{3,}/g, '---'))
    .filter(Boolean)
    .join('\n');
}

export function sourceModules(root: string): string[] {
  return readdirSync(path.join(root, 'src/sources'))
    .filter((f) => f.endsWith('.ts') && !NOT_SOURCES.has(f) && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

export function sourceProblems(root: string, defs: readonly SourceDefinition[]): string[] {
  const problems: string[] = [];
  const types = new Set(defs.map((d) => d.type));
  for (const module of sourceModules(root)) {
    if (!types.has(module)) problems.push(`src/sources/${module}.ts: not in the registry`);
  }
  for (const def of defs) {
    const at = (file: string): string => path.join(root, file);
    if (!existsSync(at(`src/sources/${def.type}.ts`))) {
      problems.push(`${def.type}: no module src/sources/${def.type}.ts`);
    }
    const doc = `docs/sources/${def.type}.md`;
    if (!existsSync(at(doc))) {
      problems.push(`${def.type}: no page ${doc}`);
    } else {
      const page = readFileSync(at(doc), 'utf8');
      if (!page.startsWith(`# \`${def.type}\` source\n`)) {
        problems.push(`${doc}: does not start with "# \`${def.type}\` source"`);
      }
      const fresh = withOptionsTable(page, def);
      if (fresh === undefined) problems.push(`${doc}: no options markers`);
      else if (!tableText(page).includes(tableText(optionsTable(def)))) {
        problems.push(`${doc}: options table out of date (run npm run docs)`);
      }
    }
    for (const option of optionDocs(def)) {
      if (!option.description)
        problems.push(`${def.type}: option ${option.name} has no .describe()`);
    }
    const test = `test/unit/sources/${def.type}.test.ts`;
    if (!existsSync(at(test))) problems.push(`${def.type}: no test ${test}`);
    const reads = optionDocs(def).some((o) => o.name === 'export');
    const shapes = `test/fixtures/real-world/${def.type}`;
    if (reads && !(existsSync(at(shapes)) && readdirSync(at(shapes)).length > 0)) {
      problems.push(`${def.type}: reads export: files but has no real shapes in ${shapes}/`);
    }
  }
  return problems;
}
