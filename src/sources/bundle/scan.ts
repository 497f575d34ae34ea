/**
 * What the `s3-bundle` source finds in one object: pure, so that it runs the same on the main
 * thread and in the scan workers (./worker.ts).
 */
import { findUrls } from '../../snapshot/values.js';

/** A named pattern as written in the config (`scan:`), compiled where it runs. */
export type NamedPattern = readonly [name: string, source: string];

export interface ObjectScan {
  /** Distinct origins (`https://api.example.com`) of absolute URLs. */
  readonly origins: readonly string[];
  /** Distinct matches of each named pattern, in the patterns' order. */
  readonly scans: readonly (readonly string[])[];
  /** Distinct Stripe keys (`pk_…`, `sk_…`, `rk_…`). */
  readonly stripeKeys: readonly string[];
}

const STRIPE_KEY = /\b[psr]k_(?:test|live)_[A-Za-z0-9]{8,}/g;

/** Text of a UTF-8 object, or undefined for binary content. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** What one object holds; binary content (a NUL byte, or not UTF-8) holds nothing. */
export function scanBytes(bytes: Uint8Array, patterns: readonly RegExp[]): ObjectScan {
  const text = decodeText(bytes);
  if (text === undefined) return { origins: [], scans: [], stripeKeys: [] };
  const origins = new Set<string>();
  // Parse each distinct URL once: bundles repeat the same few URLs thousands of times.
  for (const url of findUrls(text, true)) if (url.host) origins.add(url.origin);
  return {
    origins: [...origins],
    scans: patterns.map((pattern) => [...new Set(text.match(pattern) ?? [])]),
    stripeKeys: [...new Set(text.match(STRIPE_KEY) ?? [])],
  };
}

/** Compiles the config's patterns (validated when the source starts, so they compile). */
export function compilePatterns(patterns: readonly NamedPattern[]): RegExp[] {
  return patterns.map(([, source]) => new RegExp(source, 'g'));
}
