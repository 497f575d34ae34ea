#!/usr/bin/env node
// Launcher: the CLI is bundled into dist/ by `npm run build` (scripts/build.mjs).
// CommonJS on purpose (bin/package.json): Node starts a CommonJS file faster than an ES module,
// and `parity --version`, called by scripts often, answers before loading anything else.
'use strict';

if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Node 22.1+ keeps the compiled bundle on disk between runs (os.tmpdir()/node-compile-cache;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such cache: a no-op there.
  require('node:module').enableCompileCache?.();
  import('../dist/main.js').then(
    async ({ main }) => {
      process.exitCode = await main(process.argv);
    },
    (error) => {
      process.stderr.write(`parity: cannot load dist/ (run npm run build): ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
