/**
 * snapshots → compare → rules → findings (severities and ignores applied) → report. Pure:
 * given snapshots and settings it returns the report; nothing here prints or exits.
 */
import { compareSnapshots } from '../compare/compare.js';
import { expectedReason } from '../compare/expected.js';
import { foldRelated } from './fold.js';
import { acrossPairs, pairsAgainst, referenceOf } from './several.js';
import type { Comparison } from '../compare/types.js';
import type { ExitStatus, FailOn, Report, ReportEntry, ReportSource } from '../report/types.js';
import { SEVERITY_ORDER } from '../report/types.js';
import { claimedByOthers, rules as catalogue } from '../rules/index.js';
import type {
  CompareSettings,
  Finding,
  IgnoreEntry,
  PolicyReview,
  Rule,
  RuleFinding,
  Severity,
  SeverityOrOff,
} from '../rules/types.js';
import { displayValue } from '../snapshot/redact.js';
import type { EnvironmentIdentity, Snapshot } from '../snapshot/types.js';
import { factKey } from '../snapshot/types.js';
import { sameEnvironment } from '../snapshot/history.js';
import { matchesGlob } from '../util/glob.js';
import { VERSION } from '../version.js';
import { byCodeUnit } from '../util/order.js';

export interface AuditInput {
  readonly command: 'diff' | 'check';
  /** One snapshot for `check`, two for `diff`. */
  readonly snapshots: readonly Snapshot[];
  /** Every environment the config knows, for cross-environment references. */
  readonly identities: readonly EnvironmentIdentity[];
  readonly settings: CompareSettings;
  readonly severities: Readonly<Record<string, SeverityOrOff>>;
  readonly ignores: readonly IgnoreEntry[];
  readonly failOn: FailOn;
  readonly now: Date;
  readonly configFile?: string;
  readonly rules?: readonly Rule[];
  /** With `--config-ref`: what the working tree's config would change (SPEC §7a). */
  readonly policy?: PolicyReview;
  /** `--reference`: the environment a diff of several measures the others against (SPEC §13). */
  readonly reference?: string;
}

/** One pair of a diff: the two snapshots and their comparisons, expectations marked. */
interface Pair {
  readonly a: Snapshot;
  readonly b: Snapshot;
  readonly comparisons: readonly Comparison[];
}

export function audit(input: AuditInput): Report {
  const rules = input.rules ?? catalogue;
  const { snapshots, settings, now } = input;
  const [a] = snapshots;
  if (!a) throw new Error('audit needs at least one snapshot');
  // A diff compares each environment with the reference (with two, simply the pair).
  const reference =
    input.command === 'diff' && snapshots.length > 1
      ? referenceOf(snapshots, input.reference)
      : undefined;
  const pairs: Pair[] = reference
    ? pairsAgainst(snapshots, reference).map(([x, y]) => ({
        a: x,
        b: y,
        comparisons: expectations(compareSnapshots(x, y), settings, [x, y]),
      }))
    : [];
  const comparisons = pairs.flatMap((p) => p.comparisons);

  const raw = foldRelated(runRules(input, rules, pairs, reference), comparisons);
  const policed = applyPolicy(raw, input);
  const { ignored } = policed;
  const findings = reference
    ? acrossPairs(policed.findings, snapshots, reference).sort(compareFindings)
    : policed.findings;

  const anySourceFailed = snapshots.some((s) => s.sources.some((src) => src.status === 'error'));
  const counts = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
  const gating =
    input.failOn === 'never'
      ? 0
      : input.failOn === 'warning'
        ? counts.errors + counts.warnings
        : counts.errors;
  const exitCode: 0 | 1 | 2 = anySourceFailed ? 2 : gating > 0 ? 1 : 0;
  const entries = reference ? pairEntries(pairs, findings, snapshots) : singleEntries(a, findings);
  const keysCompared = entries.length;
  const matching = entries.filter((e) => e.status === 'match').length;
  const expectedDifferences = entries.filter((e) => e.status === 'expected').length;

  return {
    schemaVersion: 1,
    tool: { name: 'parity', version: VERSION },
    command: input.command,
    environments: snapshots.map((s) => s.identity.name),
    ...(reference ? { reference: reference.identity.name } : {}),
    environmentDetails: snapshots.map((s) => ({
      name: s.identity.name,
      tier: s.identity.tier,
      origin: s.origin.kind === 'live' ? 'live' : s.origin.file,
      capturedAt: s.capturedAt,
    })),
    generatedAt: now.toISOString(),
    failOn: input.failOn,
    summary: { ...counts, keysCompared, matching, expectedDifferences, ignored, exitCode },
    exit: exitStatus(exitCode, gating, input.failOn, snapshots),
    sources: snapshots.flatMap((s) =>
      s.sources.map((src): ReportSource => ({
        environment: s.identity.name,
        name: src.name,
        type: src.type,
        status: src.status,
        facts: src.facts.length,
        durationMs: src.durationMs,
        ...(src.error ? { error: src.error } : {}),
        ...(src.code ? { code: src.code } : {}),
        ...(src.hint ? { hint: src.hint } : {}),
        ...(src.location?.line ? { line: src.location.line } : {}),
      })),
    ),
    findings,
    entries,
    ...(input.configFile ? { configFile: input.configFile } : {}),
  };
}

/** Every enabled rule over its scope: pair rules on each pair, single rules on each environment. */
function runRules(
  input: AuditInput,
  rules: readonly Rule[],
  pairs: readonly Pair[],
  reference: Snapshot | undefined,
): Finding[] {
  const { snapshots, settings, now } = input;
  const raw: Finding[] = [];
  const emit = (rule: Rule, found: readonly RuleFinding[]): void => {
    for (const f of found) {
      raw.push({ ...f, rule: rule.id, severity: f.severity ?? rule.defaultSeverity });
    }
  };
  for (const rule of rules) {
    if (input.severities[rule.id] === 'off') continue;
    if (rule.scope === 'pair') {
      const claimed = claimedByOthers(rule, rules);
      for (const { a, b, comparisons } of pairs) {
        const ref = reference ?? b;
        const history = sameEnvironment(a, b);
        emit(
          rule,
          rule.check({ a, b, reference: ref, history, comparisons, settings, now, claimed }),
        );
      }
    } else if (rule.scope === 'single') {
      for (const env of snapshots) {
        // The environment it was compared with: the reference (the reference's, the first other).
        const counterpart = reference
          ? env === reference
            ? snapshots.find((s) => s !== env)
            : reference
          : undefined;
        const others = otherIdentities(env, snapshots, input.identities);
        const found = rule.check({
          env,
          others,
          settings,
          now,
          ...(counterpart ? { counterpart } : {}),
        });
        emit(rule, found);
      }
    } else {
      emit(
        rule,
        rule.check({
          snapshots,
          ignores: input.ignores,
          settings,
          now,
          ...(input.configFile ? { configFile: input.configFile } : {}),
          ...(input.policy ? { policy: input.policy } : {}),
        }),
      );
    }
  }
  return raw;
}

/** Severity overrides and active ignores applied; the rest sorted for output. */
function applyPolicy(
  raw: readonly Finding[],
  input: AuditInput,
): { findings: Finding[]; ignored: number } {
  const today = input.now.toISOString().slice(0, 10);
  const activeIgnores = input.ignores.filter((i) => !i.expires || i.expires >= today);
  let ignored = 0;
  const findings: Finding[] = [];
  for (const finding of raw) {
    const override = input.severities[finding.rule];
    const severity: Severity = override && override !== 'off' ? override : finding.severity;
    const withSeverity = { ...finding, severity };
    if (finding.rule !== 'expired-ignore' && activeIgnores.some((i) => ignores(i, withSeverity))) {
      ignored++;
      continue;
    }
    findings.push(withSeverity);
  }
  findings.sort(compareFindings);
  return { findings, ignored };
}

/** Each comparison with the reason its difference is expected, when it is. */
function expectations(
  comparisons: readonly Comparison[],
  settings: CompareSettings,
  [a, b]: readonly [Snapshot, Snapshot],
): Comparison[] {
  return comparisons.map((c) => {
    const expected = expectedReason(c, settings, a, b);
    return expected ? { ...c, expected } : c;
  });
}

function otherIdentities(
  env: Snapshot,
  snapshots: readonly Snapshot[],
  identities: readonly EnvironmentIdentity[],
): EnvironmentIdentity[] {
  const byName = new Map<string, EnvironmentIdentity>();
  for (const id of identities) byName.set(id.name, id);
  for (const s of snapshots) byName.set(s.identity.name, s.identity);
  byName.delete(env.identity.name);
  return [...byName.values()];
}

function ignores(entry: IgnoreEntry, finding: Finding): boolean {
  if (entry.rule && entry.rule !== finding.rule) return false;
  if (entry.env && !finding.environments.includes(entry.env)) return false;
  return matchesGlob(finding.key, entry.key);
}

function compareFindings(x: Finding, y: Finding): number {
  return (
    SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
    byCodeUnit(x.key, y.key) ||
    byCodeUnit(x.rule, y.rule) ||
    byCodeUnit(x.environments.join(','), y.environments.join(','))
  );
}

/**
 * One entry per key of any pair, with every environment's value: missing when an environment
 * lacks it, a finding when one is about it, a match when every pair is equal, expected when each
 * difference is.
 */
function pairEntries(
  pairs: readonly Pair[],
  findings: readonly Finding[],
  snapshots: readonly Snapshot[],
): ReportEntry[] {
  const withFindings = new Set(findings.map((f) => f.key));
  const byKey = new Map<string, { c: Comparison; p: Pair }[]>();
  for (const p of pairs)
    for (const c of p.comparisons) {
      const list = byKey.get(c.key);
      if (list) list.push({ c, p });
      else byKey.set(c.key, [{ c, p }]);
    }
  const entries: ReportEntry[] = [];
  for (const [key, list] of byKey) {
    const cs = list.map((x) => x.c);
    const first = cs[0];
    if (!first) continue;
    const values: Record<string, string | undefined> = {};
    const normalized: Record<string, string | undefined> = {};
    for (const s of snapshots) {
      values[s.identity.name] = undefined;
      normalized[s.identity.name] = undefined;
    }
    for (const { c, p } of list) {
      for (const [name, fact, norm] of [
        [p.a.identity.name, c.a, c.normalizedA],
        [p.b.identity.name, c.b, c.normalizedB],
      ] as const) {
        if (fact) values[name] = displayValue(fact);
        if (fact && !c.sensitive && norm !== undefined) normalized[name] = norm;
      }
    }
    const status: ReportEntry['status'] =
      cs.length < pairs.length || cs.some((c) => c.status === 'only-a' || c.status === 'only-b')
        ? 'missing'
        : withFindings.has(key)
          ? 'finding'
          : cs.every((c) => c.status === 'equal')
            ? 'match'
            : cs.every((c) => c.status === 'equal' || c.expected !== undefined)
              ? 'expected'
              : 'finding';
    entries.push({
      key,
      source: first.source,
      status,
      sensitive: cs.some((c) => c.sensitive),
      values,
      normalized,
    });
  }
  return entries.sort((x, y) => byCodeUnit(x.key, y.key));
}

function singleEntries(env: Snapshot, findings: readonly Finding[]): ReportEntry[] {
  const withFindings = new Set(findings.map((f) => f.key));
  const name = env.identity.name;
  return env.sources
    .filter((s) => s.status === 'ok')
    .flatMap((s) =>
      s.facts.map((fact): ReportEntry => {
        const key = factKey(s.name, fact.path);
        return {
          key,
          source: s.name,
          status: withFindings.has(key) ? 'finding' : 'match',
          sensitive: fact.sensitive,
          values: { [name]: displayValue(fact) },
          normalized: {},
        };
      }),
    )
    .sort((x, y) => byCodeUnit(x.key, y.key));
}

function exitStatus(
  exitCode: 0 | 1 | 2,
  gating: number,
  failOn: FailOn,
  snapshots: readonly Snapshot[],
): ExitStatus {
  if (exitCode === 2) {
    const failedSources = snapshots.flatMap((s) =>
      s.sources
        .filter((src) => src.status === 'error')
        .map((src) => `${s.identity.name}/${src.name}`),
    );
    return { cause: 'incomplete', failOn, failedSources };
  }
  return exitCode === 1 ? { cause: 'findings', failOn, gating } : { cause: 'clean', failOn };
}
