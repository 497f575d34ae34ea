/** History refs (SPEC §15): which stored snapshot `ENV@latest`, `ENV@<date>`, `ENV@~N` name. */
import { describe, expect, it } from 'vitest';
import { parseRef, resolveRef } from '../../../src/store/refs.js';

const STAMPS = ['2026-11-01T08:00:00.000Z', '2026-11-15T08:00:00.000Z', '2026-12-01T08:00:00.000Z'];
const resolve = (arg: string): string => {
  const ref = parseRef(arg);
  if (!ref) throw new Error(`not a ref: ${arg}`);
  return resolveRef(ref, STAMPS, '/store');
};

describe('history refs', () => {
  it('names the latest, N before it, and the last at or before a date or time', () => {
    expect([
      resolve('production@latest'),
      resolve('production@~1'),
      resolve('production@~2'),
      resolve('production@2026-11-15'),
      resolve('production@2026-11-15T07:59'),
      resolve('production@2026-12-31'),
    ]).toEqual([STAMPS[2], STAMPS[1], STAMPS[0], STAMPS[1], STAMPS[0], STAMPS[2]]);
  });

  it('is not a ref without @ and a known form', () => {
    expect([
      parseRef('production'),
      parseRef('production@yesterday'),
      parseRef('a/b@latest'),
    ]).toEqual([undefined, undefined, undefined]);
  });

  it('refuses, in one line, a ref before the first snapshot, beyond the oldest, or into an empty store', () => {
    expect(() => resolve('production@2026-10-01')).toThrow(
      'production@2026-10-01: no snapshot at or before 2026-10-01 in the store /store',
    );
    expect(() => resolve('production@~3')).toThrow(
      'production@~3: only 3 snapshots in the store /store',
    );
    const ref = parseRef('staging@latest');
    expect(() => ref && resolveRef(ref, [], '/store')).toThrow(
      'staging@latest: no snapshot of this environment in the store /store',
    );
  });
});
