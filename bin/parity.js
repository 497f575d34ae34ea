#!/usr/bin/env node
// Launcher: the CLI is bundled into dist/ by `npm run build` (scripts/build.mjs).
// `parity --version` answers before loading anything else: it is called by scripts often.
if (process.argv.length === 3 && process.argv[2] === '--version') {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // Node 22.1+ keeps the compiled bundle on disk between runs (os.tmpdir()/node-compile-cache;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such cache: a no-op there.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  const { main } = await import('../dist/main.js');
  process.exitCode = await main(process.argv);
}
