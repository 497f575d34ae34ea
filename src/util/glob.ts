/**
 * Key globs as users write them in `compare` and `ignore`: `*` matches any run of characters
 * (across `.`, `/` and `:`), everything else is literal. Case-sensitive, like the keys.
 */
import { escapeRegExp } from '../snapshot/values.js';

const compiled = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.split('*').map(escapeRegExp).join('.*')}$`);
    compiled.set(glob, re);
  }
  return re;
}

export function matchesGlob(key: string, glob: string): boolean {
  return globToRegExp(glob).test(key);
}

export function matchesAny(key: string, globs: readonly string[]): boolean {
  return globs.some((glob) => matchesGlob(key, glob));
}
