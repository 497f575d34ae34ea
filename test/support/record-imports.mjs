// Loaded with `node --import` by the lazy-loading test: reports every module file that is
// loaded (`[load] <url>`), so a test can map the bundle's files to the packages they hold
// (dist/bundle.json) and prove that a dotenv-only run loads no AWS SDK code.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.startsWith('file:')) process.stderr.write('[load] ' + result.url + '\\n');
  return result;
}`),
);
