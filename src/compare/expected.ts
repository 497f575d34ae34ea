/**
 * Differences that are expected, so no drift (SPEC §4, §5, §11): keys in `compare.differ`,
 * secrets (two different secrets are how it should be), instance sizes and counts (unless
 * `compare.equal` makes them strict), and in a `local`-tier environment a value that differs
 * from its counterpart only by pointing at a loopback host instead; a bundle's build checks,
 * which are each environment's own.
 */
import type { CompareSettings } from '../rules/types.js';
import { sameEnvironment } from '../snapshot/history.js';
import type { Snapshot } from '../snapshot/types.js';
import { findUrls, isLoopbackHost } from '../snapshot/values.js';
import { matchesAny } from '../util/glob.js';
import type { Comparison, ExpectedReason } from './types.js';

export function expectedReason(
  c: Comparison,
  settings: CompareSettings,
  a: Snapshot,
  b: Snapshot,
): ExpectedReason | undefined {
  if (c.status !== 'different') return undefined;
  if (matchesAny(c.key, settings.differ)) return 'differ';
  // Two different secrets are how it should be; a secret that is empty on one side is not. Of
  // one environment at two times, a secret whose fingerprint changed is a rotation to report
  // (SPEC §15); one that cannot be compared is not reported as changed.
  const history = sameEnvironment(a, b);
  if (c.sensitive && history && c.rawEqual === undefined) return 'sensitive';
  if (c.sensitive && !history && c.a?.value !== '' && c.b?.value !== '') return 'sensitive';
  if (matchesAny(c.key, settings.equal)) return undefined;
  if (c.kind === 'size') return 'size';
  // A build check is about one environment's bundle (stale-build, undeployed-commits).
  if (c.kind === 'build') return 'build';
  if (onlyLoopback(c, a, b)) return 'loopback';
  return undefined;
}

/** The value with each URL origin replaced, so two values can be compared on the rest. */
function withoutOrigins(text: string): { rest: string; loopback: boolean } {
  let rest = '';
  let at = 0;
  let loopback = false;
  for (const url of findUrls(text)) {
    if (isLoopbackHost(url.host)) loopback = true;
    const path = url.text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    rest += `${text.slice(at, url.index)}{origin}${path}`;
    at = url.index + url.text.length;
  }
  return { rest: rest + text.slice(at), loopback };
}

function onlyLoopback(c: Comparison, a: Snapshot, b: Snapshot): boolean {
  const local = a.identity.tier === 'local' ? c.a : b.identity.tier === 'local' ? c.b : undefined;
  const other = local === c.a ? c.b : c.a;
  if (!local || !other || typeof local.value !== 'string' || typeof other.value !== 'string') {
    return false;
  }
  const mine = withoutOrigins(local.value);
  return mine.loopback && mine.rest === withoutOrigins(other.value).rest;
}
