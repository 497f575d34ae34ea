// Loaded with `node --import` by the lazy-loading test: reports every @aws-sdk module that is
// resolved, so a test can prove a dotenv-only run loads no AWS SDK code.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/@aws-sdk/') || result.url.includes('/@smithy/')) {
    process.stderr.write('[import] ' + specifier + '\\n');
  }
  return result;
}`),
);
