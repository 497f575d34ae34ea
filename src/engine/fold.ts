/**
 * One finding per problem (SPEC §11), applied to the rules' findings before ignores and
 * severities: a general finding that another finding already explains is folded into it.
 */
import type { Comparison } from '../compare/types.js';
import { SEVERITY_ORDER } from '../report/types.js';
import { getRule } from '../rules/index.js';
import type { Finding } from '../rules/types.js';
import { byCodeUnit } from '../util/order.js';

/** Output order: severity, then key, then rule (the order the report lists them in). */
function byOutputOrder(x: Finding, y: Finding): number {
  return (
    SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
    byCodeUnit(x.key, y.key) ||
    byCodeUnit(x.rule, y.rule)
  );
}

/**
 * One finding per problem (SPEC §11): a `value-drift` on a key that a more specific rule
 * reports for the same environments is folded into that finding (which keeps both sides'
 * values and lists it in `related`); a probe's `rowCount`/`empty` drift folds into the
 * probe's first `stale-data` finding; the same image drift of one service at two keys
 * (`image`, `container.web.image`), and the same localhost or plain-http origin at several keys
 * of one source, fold into the first.
 */
export function foldRelated(
  raw: readonly Finding[],
  comparisons: readonly Comparison[],
): Finding[] {
  const GENERAL = 'value-drift';
  const kindOf = new Map(comparisons.map((c) => [c.key, c.kind]));
  const specific = new Map<string, Finding>();
  const firstStale = new Map<string, Finding>();
  for (const f of [...raw].sort(byOutputOrder)) {
    if (f.rule === GENERAL || getRule(f.rule)?.scope === 'audit') continue;
    if (!specific.has(f.key)) specific.set(f.key, f);
    if (f.rule === 'stale-data' && f.source && !firstStale.has(f.source))
      firstStale.set(f.source, f);
  }
  // A service's image is also its main container's image: one drift reported at both keys.
  // The service-level key (`image`, fewest dots) stands for the others.
  const imageId = (f: Finding): string =>
    `${f.source ?? ''}\u0000${JSON.stringify(f.values ?? {})}`;
  const depth = (key: string): number => key.split('.').length;
  const firstImage = new Map<string, Finding>();
  for (const f of raw
    .filter((r) => r.rule === 'image-drift')
    .sort((x, y) => depth(x.key) - depth(y.key) || byCodeUnit(x.key, y.key))) {
    if (!firstImage.has(imageId(f))) firstImage.set(imageId(f), f);
  }
  // The same loopback or plain-http origin found at several keys of one source (a bundle's
  // URL list and a scan of it, two URLs of one laptop .env) is one misconfiguration.
  const ORIGIN_RULES: ReadonlySet<string> = new Set(['localhost-url', 'insecure-url']);
  const originId = (f: Finding): string =>
    `${f.rule}\u0000${f.source ?? ''}\u0000${f.environments.join(',')}\u0000${JSON.stringify(f.data.origins ?? '')}`;
  const firstOrigin = new Map<string, Finding>();
  // The one that names the object the origin is in (a bundle URL's) stands for the rest.
  const located = (f: Finding): number => ('object' in f.data ? 0 : 1);
  for (const f of [...raw].sort((x, y) => located(x) - located(y) || byOutputOrder(x, y))) {
    if (ORIGIN_RULES.has(f.rule) && !firstOrigin.has(originId(f))) firstOrigin.set(originId(f), f);
  }
  const sameImage = (f: Finding): Finding | undefined => {
    const first =
      f.rule === 'image-drift'
        ? firstImage.get(imageId(f))
        : ORIGIN_RULES.has(f.rule)
          ? firstOrigin.get(originId(f))
          : undefined;
    return first === f ? undefined : first;
  };
  // A rule that says it explains another's findings (its `explains`) takes them on its keys.
  const explainers = new Map<string, Finding[]>();
  for (const g of raw) {
    if (!getRule(g.rule)?.explains?.length) continue;
    explainers.set(g.key, [...(explainers.get(g.key) ?? []), g]);
  }
  const explainedBy = (f: Finding): Finding | undefined =>
    explainers
      .get(f.key)
      ?.find(
        (g) =>
          g !== f &&
          getRule(g.rule)?.explains?.includes(f.rule) === true &&
          g.environments.every((e) => f.environments.includes(e)),
      );
  const targetOf = new Map<Finding, Finding>();
  for (const f of raw) {
    const explained = explainedBy(f);
    if (explained) {
      targetOf.set(f, explained);
      continue;
    }
    const target =
      f.rule !== GENERAL
        ? sameImage(f)
        : kindOf.get(f.key) === 'row-count' && f.source
          ? firstStale.get(f.source)
          : specific.get(f.key);
    if (target && target.environments.every((e) => f.environments.includes(e))) {
      targetOf.set(f, target);
    }
  }
  // Folds chain (a drift into its key's localhost-url, that one into the same origin's first):
  // each folded finding goes to the one that survives.
  const survivor = (f: Finding): Finding => {
    let at = f;
    for (let next = targetOf.get(at); next; next = targetOf.get(at)) at = next;
    return at;
  };
  const into = new Map<Finding, Finding[]>();
  for (const f of targetOf.keys()) {
    const to = survivor(f);
    into.set(to, [...(into.get(to) ?? []), f]);
  }
  return raw
    .filter((f) => !targetOf.has(f))
    .map((f) => {
      const folded = into.get(f)?.sort(byOutputOrder);
      if (!folded) return f;
      // Both sides' values of a folded drift; a same-rule duplicate keeps the survivor's own.
      const drifts = folded.filter((x) => x.rule === GENERAL && x.key === f.key);
      const values = Object.assign({}, ...drifts.map((x) => x.values ?? {}), f.values ?? {});
      return {
        ...f,
        values,
        related: folded.map((x) => ({ rule: x.rule, key: x.key })),
      };
    });
}
