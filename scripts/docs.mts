/**
 * `npm run docs`: writes each source's options table into docs/sources/<type>.md from the
 * zod schema and its `.describe()` texts. The registry test fails when a page is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sourceDefinitions } from '../src/sources/index.js';
import { withOptionsTable } from '../src/sources/options-doc.js';

let failed = false;
for (const def of sourceDefinitions) {
  const file = new URL(`../docs/sources/${def.type}.md`, import.meta.url);
  const page = withOptionsTable(readFileSync(file, 'utf8'), def);
  if (page === undefined) {
    console.error(`docs/sources/${def.type}.md: no options markers`);
    failed = true;
  } else {
    writeFileSync(file, page);
  }
}
process.exitCode = failed ? 1 : 0;
