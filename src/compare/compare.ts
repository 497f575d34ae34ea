/**
 * Joins two snapshots into one comparison per key (SPEC §4). Linear in the number of facts:
 * keys are joined through maps, never by scanning one side for each key of the other.
 */
import { fingerprint } from '../snapshot/redact.js';
import { normalizeValue } from '../snapshot/normalize.js';
import type { Fact, Snapshot, SourceSnapshot } from '../snapshot/types.js';
import { factKey } from '../snapshot/types.js';
import type { Comparison } from './types.js';

export function compareSnapshots(a: Snapshot, b: Snapshot): Comparison[] {
  const sourcesA = new Map(a.sources.map((s) => [s.name, s]));
  const sourcesB = new Map(b.sources.map((s) => [s.name, s]));
  const names = [...new Set([...sourcesA.keys(), ...sourcesB.keys()])].sort();
  const out: Comparison[] = [];
  for (const name of names) {
    const sa = sourcesA.get(name);
    const sb = sourcesB.get(name);
    // A source that could not be read is reported as `source-error`; comparing what little it
    // returned would only produce false `missing-key` findings.
    if (sa?.status === 'error' || sb?.status === 'error') continue;
    // A loop, not push(...): a spread of 600k comparisons overflows the call stack.
    for (const c of compareSource(name, sa, sb, a, b)) out.push(c);
  }
  return out;
}

function compareSource(
  name: string,
  sa: SourceSnapshot | undefined,
  sb: SourceSnapshot | undefined,
  a: Snapshot,
  b: Snapshot,
): Comparison[] {
  const factsA = new Map((sa?.facts ?? []).map((f) => [f.path, f]));
  const factsB = new Map((sb?.facts ?? []).map((f) => [f.path, f]));
  const paths = [...new Set([...factsA.keys(), ...factsB.keys()])].sort();
  return paths.map((path) => compareFacts(name, path, factsA.get(path), factsB.get(path), a, b));
}

function compareFacts(
  source: string,
  path: string,
  fa: Fact | undefined,
  fb: Fact | undefined,
  a: Snapshot,
  b: Snapshot,
): Comparison {
  const key = factKey(source, path);
  const sensitive = Boolean(fa?.sensitive || fb?.sensitive);
  const kind = (fa ?? fb)?.kind ?? 'value';
  const base = {
    key,
    source,
    path,
    kind,
    sensitive,
    ...(fa ? { a: fa } : {}),
    ...(fb ? { b: fb } : {}),
  };
  if (!fa || !fb) {
    return { ...base, status: fa ? 'only-a' : 'only-b', rawEqual: undefined };
  }
  if (sensitive) {
    const pa = printOf(fa);
    const pb = printOf(fb);
    const rawEqual = pa !== undefined && pb !== undefined ? pa === pb : undefined;
    return { ...base, status: rawEqual ? 'equal' : 'different', rawEqual };
  }
  const rawEqual = sameRaw(fa, fb);
  const normalizedA = normalizeValue(fa.value, a.identity);
  const normalizedB = normalizeValue(fb.value, b.identity);
  const equal = rawEqual || normalizedA === normalizedB;
  return { ...base, status: equal ? 'equal' : 'different', rawEqual, normalizedA, normalizedB };
}

function printOf(fact: Fact): string | undefined {
  if (fact.fingerprint) return fact.fingerprint;
  return fact.value === undefined ? undefined : fingerprint(fact.value);
}

function sameRaw(fa: Fact, fb: Fact): boolean {
  if (fa.value === fb.value) return true;
  return JSON.stringify(fa.value) === JSON.stringify(fb.value);
}
