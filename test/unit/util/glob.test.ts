import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAny, matchesGlob } from '../../../src/util/glob.js';

/** What globs meant before: `^…$` with `*` as `.*` (keys below hold no line break). */
function byRegExp(key: string, glob: string): boolean {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${glob.split('*').map(literal).join('.*')}$`).test(key);
}

describe('key globs', () => {
  it.each([
    ['params:STRIPE_KEY', 'params:STRIPE_*', true],
    ['params:STRIPE_KEY', 'params:stripe_*', false],
    ['bundle:stripe.mode', 'bundle:stripe.*', true],
    ['a.b/c:d', '*', true],
    ['', '*', true],
    ['', '', true],
    ['a', '', false],
    ['abc', 'a*b*c', true],
    ['abbc', 'a*b', false],
    ['ab', 'a**b', true],
    ['mississippi', 'm*issip*', true],
    ['mississippi', 'm*issipx*', false],
    ['a.c', 'a?c', false],
    ['a[b]c', 'a[b]c', true],
    ['a+', 'a+', true],
    ['aa', 'a+', false],
    // Any run of characters, line breaks included (a RegExp's `.` stopped at them).
    ['a\nb', 'a*b', true],
  ])('%s against %s: %s', (key, glob, expected) => {
    expect(matchesGlob(key, glob)).toBe(expected);
  });

  it('means what the regular expression meant', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', ':', '*'), maxLength: 12 });
    fc.assert(
      fc.property(text, text, (key, glob) => {
        const plainKey = key.replaceAll('*', 'c');
        expect(matchesGlob(plainKey, glob)).toBe(byRegExp(plainKey, glob));
      }),
      { numRuns: 2000 },
    );
  });

  it('a glob with 30 stars against a 100,000-character key completes', () => {
    // As a RegExp this takes 35 s at 40 characters and never ends at 100,000.
    const glob = `web:${'*a'.repeat(29)}*!`;
    expect(matchesGlob(`web:${'a'.repeat(100_000)}`, glob)).toBe(false);
    expect(matchesGlob(`web:${'a'.repeat(100_000)}!`, glob)).toBe(true);
  });

  it('matchesAny is any glob', () => {
    expect(matchesAny('web:A', ['x:*', 'web:*'])).toBe(true);
    expect(matchesAny('web:A', [])).toBe(false);
  });
});
