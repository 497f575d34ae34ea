/**
 * From the validated config to one environment's concrete sources: per-environment overrides
 * merged over the shared declarations, templates filled in (SPEC §2), and the `${source:key}`
 * dependency order fixed (cycles are config errors).
 */
import { ParityError } from '../errors.js';
import type { AwsSettings } from '../aws/types.js';
import type { EnvironmentIdentity, Tier } from '../snapshot/types.js';
import { getSourceDefinition } from '../sources/index.js';
import type { SecretSlot, SourceDefinition } from '../sources/types.js';
import { matchesGlob } from '../util/glob.js';
import type { LoadedConfig } from './load.js';
import { formatIssues, pathText } from './load.js';
import type { EnvironmentConfig } from './schema.js';
import { byCodeUnit } from '../util/order.js';

export interface ResolvedSource {
  readonly name: string;
  readonly type: string;
  readonly definition: SourceDefinition;
  /** Options with every template filled in except `${source:key}`, which the engine resolves. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Sources of the same environment this one reads facts from. */
  readonly dependsOn: readonly string[];
  /** A problem found before loading (e.g. an unset `${ENV:…}`): the source fails with it. */
  readonly error?: string;
  readonly line?: number;
}

export interface ResolvedEnvironment {
  readonly identity: EnvironmentIdentity;
  readonly aws: AwsSettings;
  readonly allowHosts: readonly string[];
  /** The branch the environment deploys from (SPEC §14), when declared. */
  readonly deploysFrom?: string;
  /** In dependency order. */
  readonly sources: readonly ResolvedSource[];
  /** Values taken from the process environment: treated as secrets by every output. */
  readonly secrets: readonly string[];
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const SOURCE_REF = /^([A-Za-z0-9][A-Za-z0-9_.-]*):(.+)$/;

export function defaultTier(name: string): Tier {
  if (/(^|[^a-z])(prod|production|live)([^a-z]|$)/i.test(name)) return 'production';
  if (/(^|[^a-z])(local|dev|development)([^a-z]|$)/i.test(name)) return 'local';
  return 'nonproduction';
}

export function environmentNames(loaded: LoadedConfig): string[] {
  return Object.keys(loaded.config.environments);
}

export function identityOf(loaded: LoadedConfig, name: string): EnvironmentIdentity {
  const env = environmentConfig(loaded, name);
  const scope: Scope = { env: name, vars: env.vars ?? {}, hosts: {}, processEnv: {} };
  const hosts: Record<string, string> = {};
  for (const [key, value] of Object.entries(env.hosts ?? {})) {
    hosts[key] = fill(value, scope, ['environments', name, 'hosts', key], loaded, undefined).text;
  }
  return {
    name,
    tier: env.tier ?? defaultTier(name),
    aliases: env.aliases && env.aliases.length > 0 ? env.aliases : [name],
    hosts,
    ...(env.aws?.accountId ? { accountId: env.aws.accountId } : {}),
  };
}

function environmentConfig(loaded: LoadedConfig, name: string): EnvironmentConfig {
  const env = loaded.config.environments[name];
  if (!env) {
    const known = environmentNames(loaded).join(', ');
    throw new ParityError(
      'UNKNOWN_ENVIRONMENT',
      `unknown environment "${name}" (${loaded.displayPath} declares: ${known})`,
    );
  }
  return env;
}

export function resolveEnvironment(
  loaded: LoadedConfig,
  name: string,
  processEnv: NodeJS.ProcessEnv = process.env,
): ResolvedEnvironment {
  const env = environmentConfig(loaded, name);
  const identity = identityOf(loaded, name);
  const secrets: string[] = [];
  const scope: Scope = { env: name, vars: env.vars ?? {}, hosts: identity.hosts, processEnv };

  const aws: Record<string, string> = {};
  for (const [key, value] of Object.entries(env.aws ?? {})) {
    // No slot: an AWS setting is a request parameter, never a place for a secret (SPEC §7a).
    const filled = fill(value, scope, ['environments', name, 'aws', key], loaded, undefined);
    aws[key] = filled.text;
    secrets.push(...filled.secrets);
  }

  const declared = loaded.config.sources;
  const overrides = env.sources ?? {};
  for (const sourceName of Object.keys(overrides)) {
    if (!(sourceName in declared) && !('type' in (overrides[sourceName] ?? {}))) {
      const line = loaded.lineOf(['environments', name, 'sources', sourceName]);
      throw new ParityError(
        'CONFIG_INVALID',
        `${loaded.displayPath}${line ? `:${line}` : ''} environments.${name}.sources.${sourceName}: overrides a source that is not declared under sources (add it there, or give it a type)`,
      );
    }
  }

  const resolved: ResolvedSource[] = [];
  for (const sourceName of [...new Set([...Object.keys(declared), ...Object.keys(overrides)])]) {
    const override = overrides[sourceName];
    const shared: Record<string, unknown> = { ...declared[sourceName] };
    const merged = deepMerge(shared, override ?? {});
    const basePath = override
      ? ['environments', name, 'sources', sourceName]
      : ['sources', sourceName];
    const type = typeof merged.type === 'string' ? merged.type : '';
    const definition = getSourceDefinition(type);
    if (!definition) {
      const line = loaded.lineOf([...basePath, 'type']);
      throw new ParityError(
        'CONFIG_INVALID',
        `${loaded.displayPath}${line ? `:${line}` : ''} ${pathText(basePath)}.type: unknown source type "${type}"`,
      );
    }
    const check = definition.options.safeParse(merged);
    if (!check.success) {
      throw new ParityError(
        'CONFIG_INVALID',
        formatIssues(check.error.issues, loaded.displayPath, loaded.lineOf, basePath),
      );
    }
    const problem = definition.check?.(check.data);
    if (problem) {
      const line = loaded.lineOf(basePath);
      throw new ParityError(
        'CONFIG_INVALID',
        `${loaded.displayPath}${line ? `:${line}` : ''} ${pathText(basePath)}: ${problem}`,
      );
    }
    const dependsOn = new Set<string>();
    const problems: string[] = [];
    const options = mapStrings(check.data, [], (text, optionPath) => {
      const slot = secretSlotOf(definition, optionPath.join('.'));
      const filled = fill(text, scope, [...basePath, ...optionPath], loaded, slot);
      for (const dep of filled.sourceRefs) dependsOn.add(dep);
      secrets.push(...filled.secrets);
      problems.push(...filled.problems);
      return filled.text;
    });
    const reads = isRecord(options) ? (definition.reads?.(options) ?? []) : [];
    for (const dep of reads) {
      if (dep === sourceName || !(dep in declared || dep in overrides)) {
        const line = loaded.lineOf(basePath);
        throw new ParityError(
          'CONFIG_INVALID',
          `${loaded.displayPath}${line ? `:${line}` : ''} ${pathText(basePath)}: reads ${dep === sourceName ? 'itself' : `"${dep}", which is no declared source`}`,
        );
      }
      dependsOn.add(dep);
    }
    for (const dep of dependsOn) {
      if (dep === sourceName || !(dep in declared || dep in overrides)) {
        const line = loaded.lineOf(basePath);
        throw new ParityError(
          'CONFIG_INTERPOLATION',
          `${loaded.displayPath}${line ? `:${line}` : ''} ${pathText(basePath)}: \${${dep}:…} names ${dep === sourceName ? 'the source itself' : `no declared source "${dep}"`}`,
        );
      }
    }
    const line = loaded.lineOf(basePath);
    resolved.push({
      name: sourceName,
      type,
      definition,
      options: isRecord(options) ? options : {},
      dependsOn: [...dependsOn].sort(),
      ...(problems[0] ? { error: problems[0] } : {}),
      ...(line ? { line } : {}),
    });
  }

  return {
    identity,
    aws,
    allowHosts: env.allowHosts ?? [],
    ...(env.deploysFrom ? { deploysFrom: env.deploysFrom } : {}),
    sources: dependencyOrder(resolved, loaded, name),
    secrets: secrets.filter((s) => s.length > 0),
  };
}

interface Scope {
  readonly env: string;
  readonly vars: Readonly<Record<string, string | number | boolean>>;
  readonly hosts: Readonly<Record<string, string>>;
  readonly processEnv: NodeJS.ProcessEnv;
}

interface Filled {
  readonly text: string;
  readonly sourceRefs: readonly string[];
  readonly secrets: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Fills `${env}`, `${vars.X}`, `${hosts.X}` and `${ENV:NAME}`; leaves `${source:key}` for the
 * engine and records the dependency. `${ENV:NAME}` is refused outside a secret slot, and inside
 * one it must be the whole header value or the whole password of the connection URL: anywhere
 * else (a host, a user name, a path, a query) it would carry the secret to where the config
 * points (SPEC §7a).
 */
function fill(
  text: string,
  scope: Scope,
  at: readonly (string | number)[],
  loaded: LoadedConfig,
  slot: SecretSlot | undefined,
): Filled {
  const sourceRefs: string[] = [];
  const secrets: string[] = [];
  const problems: string[] = [];
  const fail = (message: string, hint?: string): never => {
    const line = loaded.lineOf(at);
    throw new ParityError(
      'CONFIG_INTERPOLATION',
      `${loaded.displayPath}${line ? `:${line}` : ''} ${pathText(at)}: ${message}`,
      hint ? { hint } : {},
    );
  };
  const envRefs = [...text.matchAll(PLACEHOLDER)].filter((m) =>
    (m[1] ?? '').trim().startsWith('ENV:'),
  );
  const firstEnv = envRefs[0]?.[0];
  if (firstEnv !== undefined) {
    const where =
      slot === undefined
        ? 'is only allowed'
        : envRefs.length > 1
          ? 'may appear once, and only'
          : slot === 'header' && text !== firstEnv
            ? 'must be the whole value: it is only allowed'
            : slot === 'connection' && !isWholePassword(text, firstEnv)
              ? 'must be the whole password of the URL: it is only allowed'
              : undefined;
    if (where) {
      fail(
        `${firstEnv} ${where} as the whole password of a database connection URL (sql, schema) or the whole value of an http header`,
        'write e.g. postgres://reader:${ENV:PG_PASSWORD}@db.example.com/app, or set the variable to the whole header value',
      );
    }
  }
  const out = text.replace(PLACEHOLDER, (whole, expr: string) => {
    const e = expr.trim();
    if (e === 'env') return scope.env;
    if (e.startsWith('vars.')) {
      const value = scope.vars[e.slice(5)];
      return value === undefined
        ? fail(`\${${e}} is not defined for environment ${scope.env}`)
        : String(value);
    }
    if (e.startsWith('hosts.')) {
      const value = scope.hosts[e.slice(6)];
      return value ?? fail(`\${${e}} is not defined for environment ${scope.env}`);
    }
    if (e.startsWith('ENV:')) {
      const variable = e.slice(4);
      const value = scope.processEnv[variable];
      if (value === undefined || value === '') {
        problems.push(`environment variable ${variable} is not set`);
        return '';
      }
      secrets.push(value);
      // Inside a URL the password is percent-encoded, so that `@` or `/` in it cannot move the host.
      return slot === 'connection' ? encodeURIComponent(value) : value;
    }
    const ref = SOURCE_REF.exec(e);
    if (ref?.[1]) {
      sourceRefs.push(ref[1]);
      return whole;
    }
    return fail(`unknown placeholder \${${e}} (use env, vars.X, hosts.X, ENV:NAME or source:key)`);
  });
  return { text: out, sourceRefs, secrets, problems };
}

/** Whether `placeholder` stands exactly for the password of the URL `template`. */
function isWholePassword(template: string, placeholder: string): boolean {
  const marker = 'parity0secret0slot';
  const probe = template.replace(placeholder, marker).replace(PLACEHOLDER, 'x');
  try {
    const url = new URL(probe);
    return url.password === marker && url.username !== '';
  } catch {
    return false;
  }
}

/** The secret slot an option path is, if any (`headers.*` matches every header). */
export function secretSlotOf(
  definition: SourceDefinition,
  optionPath: string,
): SecretSlot | undefined {
  for (const [glob, slot] of Object.entries(definition.secretSlots ?? {})) {
    if (matchesGlob(optionPath, glob)) return slot;
  }
  return undefined;
}

/** The `${source:key}` placeholders left in a string, for the engine. */
export function sourceReferencesIn(text: string): { whole: string; source: string; key: string }[] {
  const found: { whole: string; source: string; key: string }[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const ref = SOURCE_REF.exec((m[1] ?? '').trim());
    if (ref?.[1] && ref[2] && ref[1] !== 'ENV') {
      found.push({ whole: m[0], source: ref[1], key: ref[2] });
    }
  }
  return found;
}

function dependencyOrder(
  sources: readonly ResolvedSource[],
  loaded: LoadedConfig,
  envName: string,
): ResolvedSource[] {
  const byName = new Map(sources.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting: string[] = [];
  const ordered: ResolvedSource[] = [];
  const visit = (source: ResolvedSource): void => {
    if (done.has(source.name)) return;
    const at = visiting.indexOf(source.name);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), source.name].join(' → ');
      throw new ParityError(
        'CONFIG_CYCLE',
        `${loaded.displayPath}: \${source:key} cycle in environment ${envName}: ${cycle}`,
      );
    }
    visiting.push(source.name);
    for (const dep of source.dependsOn) {
      const target = byName.get(dep);
      if (target) visit(target);
    }
    visiting.pop();
    done.add(source.name);
    ordered.push(source);
  };
  for (const source of [...sources].sort((x, y) => byCodeUnit(x.name, y.name))) visit(source);
  return ordered;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(
  base: Readonly<Record<string, unknown>>,
  over: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isRecord(prev) && isRecord(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function mapStrings(
  value: unknown,
  at: readonly (string | number)[],
  fn: (text: string, at: readonly (string | number)[]) => string,
): unknown {
  if (typeof value === 'string') return fn(value, at);
  if (Array.isArray(value)) return value.map((v: unknown, i) => mapStrings(v, [...at, i], fn));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = mapStrings(v, [...at, key], fn);
    return out;
  }
  return value;
}
