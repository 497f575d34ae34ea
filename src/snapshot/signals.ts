/**
 * Capture-time signals: what a snapshot file keeps of a sensitive fact instead of its value.
 * The value never leaves the process; the single-environment rules still need to see, in a
 * file read back later, the parts of it that are no secret and that they look at: loopback
 * and plain-http origins, sandbox endpoints, the mode prefix of a payment key (`sk_test_`),
 * and the names of other environments (their aliases, hosts and account ids). Each signal is
 * a string the rules read as they read a value, so they have one code path for both.
 */
import { findEnvReferences } from './normalize.js';
import type { EnvironmentIdentity, Fact } from './types.js';
import { findUrls, isLoopbackHost, valueStrings } from './values.js';

const KEY_MODE = /(?<![A-Za-z0-9])(?:sk|pk|rk)_(?:test|live)_/g;

export function signalsOf(
  fact: Fact,
  own: EnvironmentIdentity,
  others: readonly EnvironmentIdentity[],
): string[] {
  if (fact.value === undefined) return [...(fact.signals ?? [])];
  const out = new Set<string>();
  for (const text of valueStrings(fact.value)) {
    for (const url of findUrls(text)) {
      if (!url.host) continue;
      const loopback = isLoopbackHost(url.host);
      if (loopback || url.scheme === 'http' || url.host.split('.').includes('sandbox')) {
        out.add(url.origin);
      }
    }
    for (const mode of text.match(KEY_MODE) ?? []) out.add(mode);
    for (const ref of findEnvReferences(text, own, others)) out.add(ref.match);
  }
  return [...out].sort();
}
