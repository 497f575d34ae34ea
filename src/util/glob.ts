/**
 * Key globs as users write them in `compare` and `ignore`: `*` matches any run of characters
 * (across `.`, `/` and `:`), everything else is literal. Case-sensitive, like the keys.
 *
 * Matched without a regular expression: `^a.*b.*c$` backtracks polynomially in the number of
 * stars (a glob with 30 stars against a long key never finishes), and both globs and keys can
 * come from a pull request (SPEC §7a). The greedy two-pointer walk below is O(key × glob) at
 * worst: on a mismatch only the most recent star is widened, because any match an earlier star
 * could reach by taking more is also reachable by the later star.
 */
export function matchesGlob(key: string, glob: string): boolean {
  let k = 0;
  let g = 0;
  // Where the last star seen was, and the key position it currently stretches to.
  let star = -1;
  let resume = 0;
  while (k < key.length) {
    const c = glob.charCodeAt(g);
    if (c === STAR) {
      star = g++;
      resume = k;
    } else if (g < glob.length && c === key.charCodeAt(k)) {
      g++;
      k++;
    } else if (star >= 0) {
      g = star + 1;
      k = ++resume;
    } else {
      return false;
    }
  }
  while (glob.charCodeAt(g) === STAR) g++;
  return g === glob.length;
}

const STAR = 0x2a;

export function matchesAny(key: string, globs: readonly string[]): boolean {
  return globs.some((glob) => matchesGlob(key, glob));
}
