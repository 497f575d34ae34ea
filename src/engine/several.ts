/**
 * Several environments in one diff (SPEC §13): each is compared with a reference, the findings
 * the pairs share are one finding naming every environment concerned, and when all but one
 * agree the finding names the odd one out ("staging differs from dev and production").
 */
import { compareSnapshots } from '../compare/compare.js';
import { ParityError } from '../errors.js';
import { getRule } from '../rules/index.js';
import type { DataValue, Finding } from '../rules/types.js';
import type { Snapshot } from '../snapshot/types.js';
import { SEVERITY_ORDER } from '../report/types.js';

/**
 * The environment the others are measured against: `--reference`, else the first
 * production-tier one named, else the last named.
 */
export function referenceOf(snapshots: readonly Snapshot[], requested?: string): Snapshot {
  if (requested !== undefined) {
    const named = snapshots.find((s) => s.identity.name === requested);
    if (!named)
      throw new ParityError(
        'USAGE',
        `--reference ${requested} is not one of the environments compared (${snapshots.map((s) => s.identity.name).join(', ')})`,
      );
    return named;
  }
  const first = snapshots.find((s) => s.identity.tier === 'production') ?? snapshots.at(-1);
  if (!first) throw new Error('referenceOf needs a snapshot');
  return first;
}

/** Each other environment paired with the reference, both in the order they were named. */
export function pairsAgainst(
  snapshots: readonly Snapshot[],
  reference: Snapshot,
): (readonly [Snapshot, Snapshot])[] {
  const at = (s: Snapshot): number => snapshots.indexOf(s);
  return snapshots
    .filter((s) => s !== reference)
    .map((s) => (at(s) < at(reference) ? ([s, reference] as const) : ([reference, s] as const)));
}

const isPairFinding = (f: Finding): boolean => getRule(f.rule)?.scope === 'pair';

/** A pair finding, or one environment's finding that a pair's drift folded into (it says the same). */
const isDifference = (f: Finding): boolean =>
  isPairFinding(f) || (f.related ?? []).some((r) => getRule(r.rule)?.scope === 'pair');

/**
 * The pair findings that say the same of several pairs (the same rule, key and message, with
 * data differing only in environment names) made one, naming every environment concerned;
 * then, with three environments or more, each pair finding whose key sets one environment
 * apart marked with it.
 */
export function acrossPairs(
  findings: readonly Finding[],
  snapshots: readonly Snapshot[],
  reference: Snapshot,
): Finding[] {
  const names = snapshots.map((s) => s.identity.name);
  const envNames = new Set(names);
  const inOrder = (envs: Iterable<string>): string[] => {
    const set = new Set(envs);
    return names.filter((n) => set.has(n));
  };
  const isEnvValue = (v: DataValue): boolean =>
    typeof v === 'string'
      ? envNames.has(v)
      : Array.isArray(v) && v.every((x) => typeof x === 'string' && envNames.has(x));
  const shape = (f: Finding): string =>
    JSON.stringify([
      f.rule,
      f.key,
      f.messageId,
      Object.entries(f.data).map(([k, v]) => [k, isEnvValue(v) ? '<env>' : v]),
    ]);
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (!isPairFinding(f)) {
      out.push(f);
      continue;
    }
    const id = shape(f);
    groups.set(id, [...(groups.get(id) ?? []), f]);
  }
  for (const group of groups.values()) out.push(merged(group, inOrder, isEnvValue));
  return snapshots.length > 2 ? withOddOneOut(out, snapshots, reference, inOrder) : out;
}

function merged(
  group: readonly Finding[],
  inOrder: (envs: Iterable<string>) => string[],
  isEnvValue: (v: DataValue) => boolean,
): Finding {
  const [first, ...rest] = group;
  if (!first) throw new Error('an empty group');
  if (rest.length === 0) return first;
  const data: Record<string, DataValue> = {};
  for (const [name, value] of Object.entries(first.data)) {
    if (!isEnvValue(value)) {
      data[name] = value;
      continue;
    }
    const all = inOrder(group.flatMap((f) => [f.data[name] ?? []].flat() as string[]));
    data[name] = all.length === 1 ? (all[0] ?? '') : all;
  }
  const related = group.flatMap((f) => f.related ?? []);
  const seen = new Set<string>();
  return {
    ...first,
    environments: inOrder(group.flatMap((f) => f.environments)),
    values: Object.assign({}, ...group.map((f) => f.values ?? {})) as Record<string, string>,
    sensitive: group.some((f) => f.sensitive),
    severity: group.reduce<Finding['severity']>(
      (worst, f) => (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst] ? f.severity : worst),
      first.severity,
    ),
    data,
    ...(related.length > 0
      ? {
          related: related.filter((r) => {
            const id = `${r.rule}\u0000${r.key}`;
            return seen.has(id) ? false : (seen.add(id), true);
          }),
        }
      : {}),
  };
}

/**
 * Per key with pair findings: when one environment differs from the reference and the rest
 * agree with it, that one is the odd one out; when every other environment differs from the
 * reference and they agree among themselves, the reference is.
 */
function withOddOneOut(
  findings: readonly Finding[],
  snapshots: readonly Snapshot[],
  reference: Snapshot,
  inOrder: (envs: Iterable<string>) => string[],
): Finding[] {
  const refName = reference.identity.name;
  const others = snapshots.filter((s) => s !== reference);
  const differing = new Map<string, Set<string>>();
  for (const f of findings) {
    if (!isDifference(f)) continue;
    const set = differing.get(f.key) ?? new Set<string>();
    for (const e of f.environments) if (e !== refName) set.add(e);
    differing.set(f.key, set);
  }
  const comparisons = new Map<Snapshot, Map<string, string>>();
  const statusWith = (x: Snapshot, y: Snapshot, key: string): string | undefined => {
    let byKey = comparisons.get(y);
    if (!byKey) {
      byKey = new Map(compareSnapshots(x, y).map((c) => [c.key, c.status]));
      comparisons.set(y, byKey);
    }
    return byKey.get(key);
  };
  const odd = new Map<string, { environment: string; agreeing: string[] }>();
  for (const [key, set] of differing) {
    const apart = others.filter((s) => set.has(s.identity.name));
    const agreeing = others.filter((s) => !set.has(s.identity.name));
    const [one, ...more] = apart;
    if (!one) continue;
    if (more.length === 0 && agreeing.length > 0) {
      odd.set(key, {
        environment: one.identity.name,
        agreeing: inOrder([...agreeing.map((s) => s.identity.name), refName]),
      });
    } else if (agreeing.length === 0) {
      // The others agree among themselves when each compares equal with the first (or none has the key).
      const together = more.every((s) => {
        const status = statusWith(one, s, key);
        return status === undefined || status === 'equal';
      });
      if (together) odd.set(key, { environment: refName, agreeing: inOrder(set) });
    }
  }
  // One environment's finding that no other environment has on a key they all hold (a
  // localhost URL, another environment's resource): that environment is the odd one out. Not
  // the reference's alone: what only the reference is flagged for (a test key in production)
  // is about its tier, not a difference.
  const holders = (key: string): number =>
    snapshots.filter((s) =>
      s.sources.some(
        (src) =>
          key.startsWith(`${src.name}:`) &&
          src.facts.some((fact) => `${src.name}:${fact.path}` === key),
      ),
    ).length;
  const single = new Map<string, Finding[]>();
  for (const f of findings) {
    if (isDifference(f) || f.environments.length !== 1) continue;
    const id = `${f.rule}\u0000${f.key}`;
    single.set(id, [...(single.get(id) ?? []), f]);
  }
  const alone = new Set<Finding>();
  for (const group of single.values()) {
    const [f, ...more] = group;
    if (!f || more.length > 0 || differing.has(f.key)) continue;
    if (f.environments[0] === refName || holders(f.key) !== snapshots.length) continue;
    alone.add(f);
  }
  return findings.map((f) => {
    const apart = isDifference(f)
      ? odd.get(f.key)
      : alone.has(f)
        ? {
            environment: f.environments[0] ?? '',
            agreeing: snapshots.map((s) => s.identity.name).filter((n) => n !== f.environments[0]),
          }
        : undefined;
    return apart ? { ...f, oddOneOut: apart } : f;
  });
}
