import { createHmac, randomBytes } from 'node:crypto';
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

export function fingerprint(value: FactValue): string {
  return createHmac('sha256', runKey).update(canonical(value), 'utf8').digest('hex');
}

/** What may be shown of a fact's value. Sensitive values never are. */
export function displayValue(fact: Fact): string {
  if (fact.sensitive) return redactedLabel(fact.fingerprint);
  return stringifyValue(fact.value);
}

export function redactedLabel(fp: string | undefined): string {
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
 * The last line of defence: replaces every known secret value found in `text` with
 * `<redacted>`. Rules and formatters never put secrets in findings; this catches what a
 * service error message or a future bug might echo.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  const list = [...new Set(secrets)]
    .filter((s) => s.trim().length >= MIN_SCRUB_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of list) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
