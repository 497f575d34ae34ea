// `npm run build`: bundles src/ into a flat dist/ with esbuild (type checking is `npm run
// typecheck`). One bundle instead of ~1,500 files under node_modules: a run resolves, reads
// and compiles far less (bench/RESULTS.md has the figures).
//
// - Entry points: the CLI, the bundle-scan worker, and one module per AWS service
//   (src/aws/sdk/*.ts), each imported only when a source of that service runs; code they
//   share goes into chunks.
// - The SDK's ES-module builds (`module` field), so a service module carries only the client
//   and the commands parity sends, not the service's hundreds of others.
// - dist/bundle.json: which packages each output file holds. The lazy-loading test reads it
//   to prove that a dotenv-only run loads no AWS code.
// - For profiling: PARITY_READABLE=1 keeps names and whitespace (a CPU profile then names
//   functions), PARITY_SOURCEMAP=1 writes source maps (run with `node --enable-source-maps`).
import { build } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = path.join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });

const services = readdirSync(path.join(root, 'src/aws/sdk')).filter((f) => f.endsWith('.ts'));
const entryPoints = {
  main: path.join(root, 'src/cli/main.ts'),
  // Worker threads of the bundle scan (src/sources/bundle/pool.ts finds it beside itself).
  'bundle-scan-worker': path.join(root, 'src/sources/bundle/worker.ts'),
  ...Object.fromEntries(
    services.map((f) => [`aws-${path.basename(f, '.ts')}`, path.join(root, 'src/aws/sdk', f)]),
  ),
};

const result = await build({
  ...nodeBundle,
  entryPoints,
  outdir,
  splitting: true,
  sourcemap: process.env.PARITY_SOURCEMAP === '1',
  legalComments: 'linked',
  chunkNames: 'chunk-[hash]',
  metafile: true,
});

const packageOf = (input) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1] : 'parity';
};
const files = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const packages = [...new Set(Object.keys(output.inputs).map(packageOf))].sort();
  files[path.basename(file)] = { bytes: output.bytes, packages };
}
writeFileSync(path.join(outdir, 'bundle.json'), `${JSON.stringify({ files }, null, 1)}\n`);
