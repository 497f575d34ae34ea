import { createHmac, randomBytes } from 'node:crypto';
import { escapeControls } from '../util/controls.js';
import { escapeRegExp } from './values.js';
import type { Fact, FactValue } from './types.js';

export const REDACTED = '<redacted>';

/**
 * The key every fingerprint of this process is made with: PARITY_FINGERPRINT_KEY when set (so
 * two snapshot files taken with the same key can be compared), else a random per-run key.
 * Never a bare hash: short secrets would be brute-forced (SPEC §7.2).
 */
const configuredKey = process.env.PARITY_FINGERPRINT_KEY;
const runKey: Buffer = configuredKey ? Buffer.from(configuredKey, 'utf8') : randomBytes(32);

export function hasFingerprintKey(): boolean {
  return Boolean(configuredKey);
}

/**
 * Which key fingerprinted a snapshot (a keyed HMAC of a constant, never the key): two snapshots
 * whose secrets can be compared carry the same id.
 */
export function fingerprintKeyId(): string | undefined {
  return configuredKey
    ? createHmac('sha256', runKey)
        .update('parity fingerprint key id', 'utf8')
        .digest('hex')
        .slice(0, 16)
    : undefined;
}

export function fingerprint(value: FactValue): string {
  return createHmac('sha256', runKey).update(canonical(value), 'utf8').digest('hex');
}

/** What may be shown of a fact's value. Sensitive values never are. */
export function displayValue(fact: Fact): string {
  if (fact.sensitive) return redactedLabel(fact.fingerprint);
  return stringifyValue(fact.value);
}

function redactedLabel(fp: string | undefined): string {
  return hasFingerprintKey() && fp ? `<redacted:hmac:${fp.slice(0, 8)}>` : REDACTED;
}

export function stringifyValue(value: FactValue | undefined): string {
  if (value === undefined) return REDACTED;
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map((v: unknown) => String(v)).join(', ');
  return String(value);
}

function canonical(value: FactValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Shorter values are too common to scrub from text without mangling it (ports, `true`). */
const MIN_SCRUB_LENGTH = 6;

/**
 * The shapes a secret takes on its way to an output: as written, JSON- and HTML-escaped (the
 * json, sarif and html formats), with control characters escaped (text and Markdown), percent-
 * and form-encoded (inside a URL), reversed, and base64 (std and url-safe) at each of the three
 * byte alignments it can have inside a longer base64 text. Case is folded when matching.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, [...secret].reverse().join('')]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(
    secret
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;'),
  );
  forms.add(escapeControls(secret));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURI(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const bytes = Buffer.from(secret, 'utf8');
  for (let skip = 0; skip < 3; skip++) {
    const aligned = bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3);
    if (aligned.length < 6) continue;
    const b64 = aligned.toString('base64');
    forms.add(b64);
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.trim().length >= MIN_SCRUB_LENGTH);
}

/**
 * The last line of defence: replaces every known secret, in each of its forms and whatever its
 * case, with `<redacted>`. Rules and formatters never put secrets in findings; this catches
 * what a service error message, a transformation or a future bug might echo.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.trim().length < MIN_SCRUB_LENGTH) continue;
    for (const form of secretForms(secret)) forms.add(form.toLowerCase());
  }
  if (forms.size === 0) return text;
  // A cheap test first: most forms are not in the text; only those that are cost a regex.
  let folded = text.toLowerCase();
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (!folded.includes(form)) continue;
    out = out.replace(new RegExp(escapeRegExp(form), 'giu'), REDACTED);
    folded = out.toLowerCase();
  }
  return out;
}
