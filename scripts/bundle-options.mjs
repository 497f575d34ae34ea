// How parity is bundled for Node (scripts/build.mjs), shared with the benchmark's floor program
// (bench/floor.ts), which must be bundled exactly like parity to be a fair floor.
export const nodeBundle = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // The SDK's ES builds: a module carries only the commands it imports (tree-shaken).
  mainFields: ['module', 'main'],
  minify: process.env.PARITY_READABLE !== '1',
  // pg's optional native binding, loaded by pg only when asked for (`pg.native`).
  external: ['pg-native'],
  // CommonJS dependencies (pg, dotenv) call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __parityRequire } from 'node:module'; const require = __parityRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
