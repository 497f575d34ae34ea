import { matchesGlob } from '../util/glob.js';
import { fingerprint } from './redact.js';
import { classify } from './sensitivity.js';
import type { Fact, FactKind, RawFact } from './types.js';
import { valueStrings } from './values.js';

/** The kind a source declares for a path (first matching glob), or `value`. */
function kindOf(path: string, kinds: Readonly<Record<string, FactKind>> = {}): FactKind {
  for (const [glob, kind] of Object.entries(kinds)) if (matchesGlob(path, glob)) return kind;
  return 'value';
}

/** An ARN, an SSM parameter name or an S3 URI: the name of a resource, never its content. */
function isResourceName(text: string): boolean {
  return /^(?:arn:aws[a-z-]*:[a-z0-9-]+:|\/[\w.-]|s3:\/\/)/.test(text.trim());
}

/** A source's raw fact made into a snapshot fact: kind given, sensitivity classified, fingerprint taken. */
export function toFact(raw: RawFact, kinds?: Readonly<Record<string, FactKind>>): Fact {
  const kind = kindOf(raw.path, kinds);
  // A reference (an ARN, a parameter name) is no secret whatever its key says (SPEC §11): it is
  // shown, compared and checked for cross-environment use; only a credential-shaped value in
  // one stays sensitive.
  // A schema's definitions and migration ids are structure, whatever a column is called
  // (`users.column.password_hash`): only a credential-shaped value in one stays sensitive.
  const { sensitive, credential } =
    kind === 'schema' || kind === 'migration'
      ? classify('', raw.value, false)
      : kind !== 'reference'
        ? classify(raw.path, raw.value, raw.sensitive === true)
        : valueStrings(raw.value).every(isResourceName)
          ? { sensitive: false, credential: false }
          : classify('', raw.value, false);
  const lastModified =
    raw.lastModified instanceof Date ? raw.lastModified.toISOString() : raw.lastModified;
  return {
    path: raw.path,
    kind,
    value: raw.value,
    sensitive,
    credential: sensitive && credential,
    ...(sensitive ? { fingerprint: fingerprint(raw.value) } : {}),
    ...(raw.location ? { location: raw.location } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(raw.modifiedBy ? { modifiedBy: raw.modifiedBy } : {}),
    ...(raw.elementLocations ? { elementLocations: raw.elementLocations } : {}),
    ...(raw.family ? { family: raw.family } : {}),
  };
}
