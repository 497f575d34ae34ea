import configChange from './config-change.js';
import crossEnvReference from './cross-env-reference.js';
import danglingReference from './dangling-reference.js';
import debugEnabled from './debug-enabled.js';
import expiredIgnore from './expired-ignore.js';
import imageDrift from './image-drift.js';
import insecureUrl from './insecure-url.js';
import liveCredentialOutsideProduction from './live-credential-outside-production.js';
import localhostUrl from './localhost-url.js';
import migrationDrift from './migration-drift.js';
import missingKey from './missing-key.js';
import placeholderValue from './placeholder-value.js';
import mustDiffer from './must-differ.js';
import schemaDrift from './schema-drift.js';
import sharedSecret from './shared-secret.js';
import sourceError from './source-error.js';
import staleBuild from './stale-build.js';
import staleData from './stale-data.js';
import staleValue from './stale-value.js';
import testCredentialInProduction from './test-credential-in-production.js';
import undeclaredChange from './undeclared-change.js';
import undeployedCommits from './undeployed-commits.js';
import valueDrift from './value-drift.js';
import versionSkew from './version-skew.js';
import wildcardHost from './wildcard-host.js';
import type { Comparison } from '../compare/types.js';
import type { Rule } from './types.js';

/** The rule catalogue: every rule registered here, in the order `parity rules` lists them. */
export const rules: readonly Rule[] = [
  missingKey,
  valueDrift,
  mustDiffer,
  sharedSecret,
  crossEnvReference,
  localhostUrl,
  testCredentialInProduction,
  liveCredentialOutsideProduction,
  insecureUrl,
  debugEnabled,
  wildcardHost,
  placeholderValue,
  danglingReference,
  staleValue,
  staleData,
  imageDrift,
  versionSkew,
  schemaDrift,
  migrationDrift,
  undeclaredChange,
  staleBuild,
  undeployedCommits,
  sourceError,
  expiredIgnore,
  configChange,
];

/** Whether a rule other than `asking` claims a comparison (see PairRule.claims). */
export function claimedByOthers(
  asking: Rule,
  catalogue: readonly Rule[] = rules,
): (c: Comparison) => boolean {
  const claimers = catalogue.flatMap((r) =>
    r !== asking && r.scope === 'pair' && r.claims ? [r.claims] : [],
  );
  return (c) => claimers.some((claims) => claims(c));
}

const byId = new Map<string, Rule>(rules.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
