/** Small pieces several rules share. */
import type { Comparison } from '../compare/types.js';
import { displayValue } from '../snapshot/redact.js';
import type { Fact, Snapshot, SourceSnapshot } from '../snapshot/types.js';
import { factKey } from '../snapshot/types.js';
import { valueStrings } from '../snapshot/values.js';
import { byCodeUnit } from '../util/order.js';

export interface KeyedFact {
  readonly source: SourceSnapshot;
  readonly fact: Fact;
  readonly key: string;
  /** Every string in the value (list elements flattened); a redacted fact's capture-time signals. */
  readonly strings: readonly string[];
}

const factsCache = new WeakMap<Snapshot, readonly KeyedFact[]>();

// A database's schema and migrations are structure, not settings: a column default naming
// `localhost` or `production` is no misconfiguration of the environment. A bundle's build checks
// repeat what its `urls` already say.
const STRUCTURE: ReadonlySet<string> = new Set(['schema', 'migration', 'build']);

/**
 * The settings of the sources that were read, in key order, as single rules scan them; built
 * once per snapshot for all rules.
 */
export function factsOf(env: Snapshot): readonly KeyedFact[] {
  let facts = factsCache.get(env);
  if (!facts) {
    facts = keyedFacts(env);
    factsCache.set(env, facts);
  }
  return facts;
}

function keyedFacts(env: Snapshot): KeyedFact[] {
  return env.sources
    .filter((s) => s.status === 'ok')
    .flatMap((source) =>
      source.facts
        .filter((fact) => !STRUCTURE.has(fact.kind))
        .map((fact) => ({
          source,
          fact,
          key: factKey(source.name, fact.path),
          strings: fact.value === undefined ? (fact.signals ?? []) : valueStrings(fact.value),
        })),
    )
    .sort((x, y) => byCodeUnit(x.key, y.key));
}

/** Both sides' display values (redacted when sensitive). */
function pairValues(c: Comparison, a: Snapshot, b: Snapshot): Record<string, string> {
  return {
    ...(c.a ? { [a.identity.name]: displayValue(c.a) } : {}),
    ...(c.b ? { [b.identity.name]: displayValue(c.b) } : {}),
  };
}

/** The location of whichever side has one (a dotenv line, an ARN). */
function locationOf(c: Comparison): Fact['location'] {
  return c.a?.location ?? c.b?.location;
}

export function single(
  env: Snapshot,
  kf: KeyedFact,
): {
  key: string;
  source: string;
  environments: string[];
  values: Record<string, string>;
  sensitive: boolean;
  location?: Fact['location'];
} {
  return {
    key: kf.key,
    source: kf.source.name,
    environments: [env.identity.name],
    values: { [env.identity.name]: displayValue(kf.fact) },
    sensitive: kf.fact.sensitive,
    ...(kf.fact.location ? { location: kf.fact.location } : {}),
  };
}

/** A finding's base fields for a pair comparison. */
export function pair(
  c: Comparison,
  a: Snapshot,
  b: Snapshot,
): {
  key: string;
  source: string;
  environments: string[];
  values: Record<string, string>;
  sensitive: boolean;
  location?: Fact['location'];
} {
  const location = locationOf(c);
  return {
    key: c.key,
    source: c.source,
    environments: [a.identity.name, b.identity.name],
    values: pairValues(c, a, b),
    sensitive: c.sensitive,
    ...(location ? { location } : {}),
  };
}

/** Each item once, in first-seen order: a finding's list (the render boundary shortens it). */
export function distinct(items: readonly string[]): string[] {
  return [...new Set(items)];
}
