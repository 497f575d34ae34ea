/**
 * The working tree's config on a pull-request event (SPEC §7a): the pull request's author wrote
 * it, while the job holds the credentials. Probes decide where parity connects and with what;
 * identity settings decide whose credentials it uses. Neither is taken from the pull request
 * unless the workflow says it trusts it.
 */
import { ParityError } from '../errors.js';
import { isProbe } from '../sources/index.js';
import type { LoadedConfig } from './load.js';

const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);
const IDENTITY = ['profile', 'roleArn', 'region'] as const;

/** What in the config needs trust: probes, identity settings and the store, as `sources.plans (sql)`. */
function trustedOnlySettings(loaded: LoadedConfig): string[] {
  const found: string[] = [];
  // Where history is read from and written to (SPEC §15): the job's credentials go there.
  if (loaded.config.store !== undefined) found.push('store');
  for (const [name, source] of Object.entries(loaded.config.sources)) {
    if (isProbe(source.type)) found.push(`sources.${name} (${source.type})`);
  }
  for (const [envName, env] of Object.entries(loaded.config.environments)) {
    for (const [name, override] of Object.entries(env.sources ?? {})) {
      const type = override.type;
      if (typeof type === 'string' && isProbe(type))
        found.push(`environments.${envName}.sources.${name} (${type})`);
    }
    for (const setting of IDENTITY) {
      if (env.aws?.[setting] !== undefined) found.push(`environments.${envName}.aws.${setting}`);
    }
  }
  return found;
}

export interface TrustOptions {
  readonly configRef?: string;
  readonly trustConfig: boolean;
}

/** Refuses a pull request's own probes and identity settings, unless the policy is trusted. */
export function assertTrustedPolicy(
  loaded: LoadedConfig,
  processEnv: NodeJS.ProcessEnv,
  options: TrustOptions,
): void {
  const event = processEnv.GITHUB_EVENT_NAME ?? '';
  if (options.configRef || options.trustConfig || !PULL_REQUEST_EVENTS.has(event)) return;
  const found = trustedOnlySettings(loaded);
  if (found.length === 0) return;
  const more = found.length > 2 ? ` and ${found.length - 2} more` : '';
  throw new ParityError(
    'UNTRUSTED_CONFIG',
    `${loaded.displayPath} comes from the pull request (${event}) and declares ${found.slice(0, 2).join(', ')}${more}, which parity takes from a trusted config only`,
  );
}
