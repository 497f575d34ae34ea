/**
 * Builders for rule and compare tests: identities, snapshots from plain objects (through the
 * same `toFact` the engine uses), and settings. Everything returned is deep-frozen, so a rule
 * that mutates its input throws.
 */
import { defaultTier } from '../../src/config/resolve.js';
import { toFact } from '../../src/snapshot/facts.js';
import type {
  EnvironmentIdentity,
  FactValue,
  Reference,
  Snapshot,
  SourceSnapshot,
} from '../../src/snapshot/types.js';
import type {
  CompareSettings,
  IgnoreEntry,
  PairContext,
  SingleContext,
  AuditContext,
} from '../../src/rules/types.js';
import { compareSnapshots } from '../../src/compare/compare.js';
import { audit } from '../../src/engine/audit.js';
import { referenceOf } from '../../src/engine/several.js';
import { sameEnvironment } from '../../src/snapshot/history.js';
import type { AuditInput } from '../../src/engine/audit.js';
import type { Report } from '../../src/report/types.js';
import { expectedReason } from '../../src/compare/expected.js';
import type { Comparison } from '../../src/compare/types.js';
import { rules } from '../../src/rules/index.js';
import { getSourceDefinition } from '../../src/sources/index.js';

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function identity(
  name: string,
  partial: Partial<EnvironmentIdentity> = {},
): EnvironmentIdentity {
  return { name, tier: defaultTier(name), aliases: [name], hosts: {}, ...partial };
}

export interface FactSpec {
  readonly value: FactValue;
  readonly sensitive?: boolean;
  readonly lastModified?: string;
  readonly location?: { file?: string; line?: number; uri?: string };
}

export type SourceSpec = Readonly<Record<string, FactValue | FactSpec>>;

function isSpec(v: FactValue | FactSpec): v is FactSpec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v;
}

export function snapshot(
  id: EnvironmentIdentity,
  sources: Readonly<Record<string, SourceSpec>>,
  options: {
    types?: Readonly<Record<string, string>>;
    failed?: Readonly<Record<string, string>>;
    references?: readonly Reference[];
  } = {},
): Snapshot {
  const list: SourceSnapshot[] = Object.entries(sources).map(([name, facts]) => {
    const type = options.types?.[name] ?? 'dotenv';
    const kinds = getSourceDefinition(type)?.kinds;
    return {
      name,
      type,
      status: 'ok',
      durationMs: 1,
      facts: Object.entries(facts).map(([path, v]) =>
        toFact(
          isSpec(v)
            ? {
                path,
                value: v.value,
                ...(v.sensitive ? { sensitive: true } : {}),
                ...(v.lastModified ? { lastModified: v.lastModified } : {}),
                ...(v.location ? { location: v.location } : {}),
              }
            : { path, value: v },
          kinds,
        ),
      ),
    };
  });
  for (const [name, error] of Object.entries(options.failed ?? {})) {
    list.push({
      name,
      type: options.types?.[name] ?? 'ssm',
      status: 'error',
      error,
      durationMs: 1,
      facts: [],
    });
  }
  return deepFreeze({
    identity: id,
    capturedAt: '2026-11-22T10:00:00.000Z',
    sources: list,
    references: options.references ?? [],
    origin: { kind: 'live' },
  });
}

export function settings(partial: Partial<CompareSettings> = {}): CompareSettings {
  return deepFreeze({
    differ: [],
    equal: [],
    sharedSecretsAllowed: [],
    staleAfterDays: 30,
    ...partial,
  });
}

export const NOW = new Date('2026-11-22T10:00:00.000Z');

export const STAGING = identity('staging', {
  aliases: ['staging', 'stg'],
  hosts: { app: 'staging.tableicty.com', api: 'api-staging.tableicty.com' },
});
export const PRODUCTION = identity('production', {
  aliases: ['production', 'prod'],
  hosts: { app: 'tableicty.com', api: 'api.tableicty.com' },
});

export function pairContext(
  a: Snapshot,
  b: Snapshot,
  s: CompareSettings = settings(),
): PairContext {
  const claimed = (c: Comparison): boolean =>
    rules.some((r) => r.scope === 'pair' && r.claims?.(c) === true);
  // As the engine gives them: each difference marked with why it is expected, when it is.
  const comparisons = compareSnapshots(a, b).map((c) => {
    const expected = expectedReason(c, s, a, b);
    return expected ? { ...c, expected } : c;
  });
  const reference = referenceOf([a, b]);
  const history = sameEnvironment(a, b);
  return deepFreeze({ a, b, reference, history, comparisons, settings: s, now: NOW, claimed });
}

export function singleContext(
  env: Snapshot,
  others: readonly EnvironmentIdentity[] = [],
  s: CompareSettings = settings(),
): SingleContext {
  return deepFreeze({ env, others, settings: s, now: NOW });
}

export function auditContext(
  snapshots: readonly Snapshot[],
  ignores: readonly IgnoreEntry[] = [],
): AuditContext {
  return deepFreeze({
    snapshots,
    ignores,
    settings: settings(),
    now: NOW,
    configFile: 'parity.yaml',
  });
}

/** `rule key env,env` lines, the shape most assertions compare. */
export function summarize(
  findings: readonly { key: string; environments: readonly string[] }[],
): string[] {
  return findings.map((f) => `${f.key} ${f.environments.join(',')}`);
}

/** The audit the engine runs for `parity diff` of two snapshots (or `check` of one), defaults filled. */
export function auditOf(snapshots: readonly Snapshot[], partial: Partial<AuditInput> = {}): Report {
  return audit({
    command: snapshots.length > 1 ? 'diff' : 'check',
    snapshots,
    identities: snapshots.map((s) => s.identity),
    settings: settings(),
    severities: {},
    ignores: [],
    failOn: 'error',
    now: NOW,
    ...partial,
  });
}
