import { matchesGlob } from '../util/glob.js';
import { fingerprint } from './redact.js';
import { classify } from './sensitivity.js';
import type { Fact, FactKind, RawFact } from './types.js';

/** The kind a source declares for a path (first matching glob), or `value`. */
function kindOf(path: string, kinds: Readonly<Record<string, FactKind>> = {}): FactKind {
  for (const [glob, kind] of Object.entries(kinds)) if (matchesGlob(path, glob)) return kind;
  return 'value';
}

/** A source's raw fact made into a snapshot fact: kind given, sensitivity classified, fingerprint taken. */
export function toFact(raw: RawFact, kinds?: Readonly<Record<string, FactKind>>): Fact {
  const { sensitive, credential } = classify(raw.path, raw.value, raw.sensitive === true);
  const lastModified =
    raw.lastModified instanceof Date ? raw.lastModified.toISOString() : raw.lastModified;
  return {
    path: raw.path,
    kind: kindOf(raw.path, kinds),
    value: raw.value,
    sensitive,
    credential: sensitive && credential,
    ...(sensitive ? { fingerprint: fingerprint(raw.value) } : {}),
    ...(raw.location ? { location: raw.location } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(raw.elementLocations ? { elementLocations: raw.elementLocations } : {}),
    ...(raw.family ? { family: raw.family } : {}),
  };
}
