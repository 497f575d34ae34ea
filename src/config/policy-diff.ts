/**
 * What a pull request's parity.yaml would change in policy, compared with the trusted one of
 * `--config-ref` (SPEC §7a). The gate runs the trusted policy; reviewers see this summary as one
 * `config-change` finding. Only what loosens or redirects the audit is worth their attention, so
 * each line says what it does: sources added, removed or changed, probes, identity settings,
 * ignores added, rules relaxed, compare globs widened.
 */
import { getRule } from '../rules/index.js';
import { isProbe } from '../sources/index.js';
import { byCodeUnit } from '../util/order.js';
import type { ParsedConfig } from './schema.js';

const SEVERITY_RANK: Readonly<Record<string, number>> = { off: 0, info: 1, warning: 2, error: 3 };

/** The working tree's config as found: parsed, unparseable (its one-line error), or absent. */
export type CandidatePolicy =
  | { readonly kind: 'parsed'; readonly config: ParsedConfig }
  | { readonly kind: 'invalid'; readonly error: string }
  | { readonly kind: 'absent' };

export function policyChanges(trusted: ParsedConfig, candidate: CandidatePolicy): string[] {
  if (candidate.kind === 'absent') return ['removes the config file'];
  if (candidate.kind === 'invalid') return [`replaces the config with an invalid one`];
  const next = candidate.config;
  const out: string[] = [];

  for (const [name, source] of Object.entries(next.sources)) {
    const before = trusted.sources[name];
    const probe = isProbe(source.type) ? ` ${source.type} probe` : '';
    if (!before) out.push(`adds${probe || ' source'} "${name}" (${source.type})`);
    else if (!same(before, source)) out.push(`changes${probe || ' source'} "${name}"`);
  }
  for (const name of Object.keys(trusted.sources)) {
    if (!(name in next.sources)) out.push(`removes source "${name}"`);
  }

  if (!same(trusted.store, next.store)) out.push('changes the snapshot store');
  for (const [name, env] of Object.entries(next.environments)) {
    const before = trusted.environments[name];
    if (!before) {
      out.push(`adds environment "${name}"`);
      continue;
    }
    if (!same(before.aws ?? {}, env.aws ?? {}))
      out.push(`changes identity settings (aws) of "${name}"`);
    if (!same(before.hosts ?? {}, env.hosts ?? {}) || !same(before.allowHosts, env.allowHosts))
      out.push(`changes hosts of "${name}"`);
    if (!same(before.sources ?? {}, env.sources ?? {}))
      out.push(`changes source overrides of "${name}"`);
    if (!same(before.deploysFrom, env.deploysFrom))
      out.push(`changes the branch "${name}" deploys from`);
    if (
      !same(before.tier, env.tier) ||
      !same(before.aliases, env.aliases) ||
      !same(before.vars, env.vars)
    )
      out.push(`changes the identity (tier, aliases, vars) of "${name}"`);
  }
  for (const name of Object.keys(trusted.environments)) {
    if (!(name in next.environments)) out.push(`removes environment "${name}"`);
  }

  const knownIgnores = new Set(trusted.ignore.map((i) => JSON.stringify(i)));
  for (const entry of next.ignore) {
    if (!knownIgnores.has(JSON.stringify(entry)))
      out.push(`adds ignore of "${entry.key}"${entry.rule ? ` (${entry.rule})` : ''}`);
  }

  for (const rule of new Set([...Object.keys(trusted.rules), ...Object.keys(next.rules)])) {
    const fallback = getRule(rule)?.defaultSeverity ?? 'error';
    const before = trusted.rules[rule] ?? fallback;
    const after = next.rules[rule] ?? fallback;
    if (before === after) continue;
    const relaxed = (SEVERITY_RANK[after] ?? 3) < (SEVERITY_RANK[before] ?? 3);
    out.push(`${relaxed ? 'relaxes' : 'sets'} rule ${rule} to ${after}`);
  }

  const widened = (list: 'differ' | 'sharedSecretsAllowed'): string[] =>
    next.compare[list].filter((g) => !trusted.compare[list].includes(g));
  for (const glob of widened('differ')) out.push(`adds compare.differ "${glob}"`);
  for (const glob of widened('sharedSecretsAllowed'))
    out.push(`adds compare.sharedSecretsAllowed "${glob}"`);
  for (const glob of trusted.compare.equal) {
    if (!next.compare.equal.includes(glob)) out.push(`removes compare.equal "${glob}"`);
  }
  if (next.compare.staleAfterDays > trusted.compare.staleAfterDays)
    out.push(`raises compare.staleAfterDays to ${next.compare.staleAfterDays}`);

  if (out.length === 0 && !same(trusted, next)) out.push('other changes');
  return out.sort(byCodeUnit);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Objects with their keys sorted, so that reordering a mapping is no change. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([x], [y]) => byCodeUnit(x, y))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
