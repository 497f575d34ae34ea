import { fingerprint } from './redact.js';
import { classify } from './sensitivity.js';
import type { Fact, RawFact } from './types.js';

/** A source's raw fact made into a snapshot fact: sensitivity classified, fingerprint taken. */
export function toFact(raw: RawFact): Fact {
  const { sensitive, credential } = classify(raw.path, raw.value, raw.sensitive === true);
  const lastModified =
    raw.lastModified instanceof Date ? raw.lastModified.toISOString() : raw.lastModified;
  return {
    path: raw.path,
    value: raw.value,
    sensitive,
    credential: sensitive && credential,
    ...(sensitive ? { fingerprint: fingerprint(raw.value) } : {}),
    ...(raw.location ? { location: raw.location } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(raw.elementLocations ? { elementLocations: raw.elementLocations } : {}),
  };
}
