/**
 * config → sources → facts → snapshot, for one environment. Every source starts as soon as the
 * sources it depends on (`${source:key}`) are loaded, so a slow source never serializes the
 * others. A failing source becomes a status `error` entry; it never stops the audit.
 */
import { createAwsClients } from '../aws/clients.js';
import type { AwsClients } from '../aws/types.js';
import { errorInfo } from '../errors.js';
import type { ErrorInfo } from '../errors.js';
import type { ResolvedEnvironment, ResolvedSource } from '../config/resolve.js';
import { secretSlotOf, sourceReferencesIn } from '../config/resolve.js';
import { toFact } from '../snapshot/facts.js';
import { scrubSecrets } from '../snapshot/redact.js';
import type { Fact, Reference, Snapshot, SourceSnapshot } from '../snapshot/types.js';
import { fingerprint, stringifyValue } from '../snapshot/redact.js';
import { valueStrings } from '../snapshot/values.js';
import { locatedInFile } from '../sources/_declared.js';
import type { SourceContext, SourceDefinition } from '../sources/types.js';

export type ProgressEvent =
  | { readonly kind: 'source-start'; readonly environment: string; readonly source: string }
  | {
      readonly kind: 'source-done';
      readonly environment: string;
      readonly source: string;
      readonly status: 'ok' | 'error';
      readonly facts: number;
      readonly durationMs: number;
    };

export interface LoadOptions {
  readonly baseDir: string;
  readonly rootDir?: string;
  readonly concurrency?: number;
  /** Source names (or types) to read; their dependencies are read too. */
  readonly only?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly now?: () => Date;
}

export interface LoadedEnvironment {
  readonly snapshot: Snapshot;
  /** Raw sensitive values seen (facts and ENV values): outputs are scrubbed of them. */
  readonly secrets: readonly string[];
}

export async function loadEnvironment(
  env: ResolvedEnvironment,
  options: LoadOptions,
): Promise<LoadedEnvironment> {
  const now = options.now ?? (() => new Date());
  const aws = createAwsClients(env.aws, { concurrency: options.concurrency });
  const signal = options.signal ?? new AbortController().signal;
  const selected = selectSources(env.sources, options.only);
  const references: Reference[] = [];
  const secrets = new Set<string>(env.secrets);
  const results = new Map<string, Promise<SourceSnapshot>>();
  // Hosts that live sources vouch for (RDS endpoints), by source name.
  const vouched = new Map<string, readonly string[]>();
  const providers = selected.filter((s) => s.definition.providesHosts === true);
  const probeHosts = async (asking: string): Promise<ReadonlySet<string>> => {
    await Promise.all(providers.filter((p) => p.name !== asking).map((p) => results.get(p.name)));
    const hosts = [
      ...Object.values(env.identity.hosts),
      ...env.allowHosts,
      ...[...vouched.values()].flat(),
    ];
    return new Set(hosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
  };

  const state: EnvironmentRun = {
    env,
    options,
    aws,
    signal,
    references,
    secrets,
    results,
    vouched,
    probeHosts,
  };
  const run = (source: ResolvedSource): Promise<SourceSnapshot> => loadSource(source, state);

  // Longest request chains first (a stable sort keeps config order among equals). Each starts
  // on the next microtask, once every source's promise is in `results`: a source may start
  // before one it depends on, and waits for it.
  const startOrder = [...selected].sort(
    (a, b) => b.definition.requestChain - a.definition.requestChain,
  );
  for (const source of startOrder) {
    results.set(
      source.name,
      Promise.resolve().then(() => run(source)),
    );
  }
  const loaded = (await Promise.all(selected.map((s) => results.get(s.name)))).filter(
    (s): s is SourceSnapshot => s !== undefined,
  );
  return {
    snapshot: {
      identity: env.identity,
      capturedAt: now().toISOString(),
      sources: propagateSensitivity(loaded),
      references,
      origin: { kind: 'live' },
    },
    secrets: [...secrets],
  };
}

/** What the sources of one environment share while they load. */
interface EnvironmentRun {
  readonly env: ResolvedEnvironment;
  readonly options: LoadOptions;
  readonly aws: AwsClients;
  readonly signal: AbortSignal;
  readonly references: Reference[];
  readonly secrets: Set<string>;
  readonly results: ReadonlyMap<string, Promise<SourceSnapshot>>;
  /** Hosts that live sources vouch for (RDS endpoints), by source name. */
  readonly vouched: Map<string, readonly string[]>;
  readonly probeHosts: (asking: string) => Promise<ReadonlySet<string>>;
}

/** One source: waits for the sources it reads from, resolves `${source:key}`, loads, classifies. */
async function loadSource(source: ResolvedSource, state: EnvironmentRun): Promise<SourceSnapshot> {
  const { env, options, aws, signal, references, secrets, results, vouched, probeHosts } = state;
  const deps = await Promise.all(
    source.dependsOn.map((name) => results.get(name) ?? Promise.resolve(undefined)),
  );
  const started = performance.now();
  options.onProgress?.({
    kind: 'source-start',
    environment: env.identity.name,
    source: source.name,
  });
  const finish = (
    partial: Omit<SourceSnapshot, 'name' | 'type' | 'durationMs'>,
  ): SourceSnapshot => {
    const durationMs = Math.round(performance.now() - started);
    options.onProgress?.({
      kind: 'source-done',
      environment: env.identity.name,
      source: source.name,
      status: partial.status,
      facts: partial.facts.length,
      durationMs,
    });
    return {
      name: source.name,
      type: source.type,
      durationMs,
      ...(source.line ? { location: { line: source.line } } : {}),
      ...partial,
    };
  };
  // A failed source keeps its catalogue code and hint to every report (errors.ts).
  const fail = ({ code, message, hint }: ErrorInfo): SourceSnapshot =>
    finish({ status: 'error', code, error: message, ...(hint ? { hint } : {}), facts: [] });
  if (source.error) return fail({ code: 'CONFIG_INTERPOLATION', message: source.error });
  const failedDep = deps.find((d) => d?.status === 'error');
  if (failedDep) {
    return fail({
      code: 'SOURCE_FAILED',
      message: `depends on ${failedDep.name}, which could not be read`,
    });
  }
  const factsOf = new Map(deps.flatMap((d) => (d ? [[d.name, d.facts] as const] : [])));
  const resolution = resolveSourceRefs(source, factsOf);
  if (resolution.misplaced[0]) {
    return fail({
      code: 'CONFIG_INTERPOLATION',
      message: `\${${resolution.misplaced[0]}} is a secret: it may only be the whole value of a database connection (sql, schema) or an http header`,
    });
  }
  references.push(...resolution.references);
  for (const s of resolution.secrets) secrets.add(s);
  if (resolution.missing.length > 0) {
    return fail({
      code: 'CONFIG_INTERPOLATION',
      message: `unresolved reference ${resolution.missing.map((m) => `\${${m}}`).join(', ')}`,
    });
  }
  try {
    const definition = source.definition;
    const parsed = definition.options.parse(resolution.options);
    const ctx: SourceContext = {
      environment: env.identity,
      sourceName: source.name,
      baseDir: options.baseDir,
      rootDir: options.rootDir ?? options.baseDir,
      aws,
      signal,
      allowHosts: env.allowHosts,
      ...(env.deploysFrom ? { deploysFrom: env.deploysFrom } : {}),
      probeHosts: () => probeHosts(source.name),
      sourceFacts: (name) => (source.dependsOn.includes(name) ? factsOf.get(name) : undefined),
    };
    const loaded = await definition.load(parsed, ctx);
    if (loaded.hosts) vouched.set(source.name, loaded.hosts);
    const facts = loaded.facts.map((raw) => toFact(raw, definition.kinds));
    const declared = await readDeclared(definition, resolution.options, parsed, ctx, facts);
    for (const fact of [...facts, ...(declared?.facts ?? [])]) {
      if (fact.sensitive && fact.value !== undefined) secrets.add(stringifyValue(fact.value));
    }
    references.push(...(loaded.references ?? []));
    return finish({ status: 'ok', facts, ...(declared ? { declared } : {}) });
  } catch (error) {
    // The code and hint travel with the error to every report (SPEC §7: a hint where one helps).
    const info = errorInfo(error, 'SOURCE_FAILED');
    return fail({ ...info, message: scrubSecrets(info.message, [...secrets]) });
  }
}

/**
 * The source's `declared:` file (SPEC §14), read offline into the live facts' paths: by the
 * source's reader, or as an `export:` of it. A path that is secret live is secret declared too,
 * so the two compare through fingerprints.
 */
async function readDeclared(
  definition: SourceDefinition,
  options: unknown,
  parsed: unknown,
  ctx: SourceContext,
  live: readonly Fact[],
): Promise<SourceSnapshot['declared']> {
  const file = (parsed as { declared?: unknown }).declared;
  const declaration = definition.declaration;
  if (typeof file !== 'string' || !declaration) return undefined;
  const raw =
    (await declaration.read?.(parsed, ctx)) ??
    (await locatedInFile(
      (
        await definition.load(
          definition.options.parse({ ...(options as object), export: file }),
          ctx,
        )
      ).facts,
      file,
      ctx,
    ));
  const secret = new Set(live.filter((f) => f.sensitive).map((f) => f.path));
  const facts = raw.map((r) =>
    toFact(secret.has(r.path) ? { ...r, sensitive: true } : r, definition.kinds),
  );
  const covers =
    typeof declaration.covers === 'function' ? declaration.covers(parsed) : declaration.covers;
  return { file: facts[0]?.location?.file ?? file, facts, covers };
}

function selectSources(
  sources: readonly ResolvedSource[],
  only: readonly string[] | undefined,
): ResolvedSource[] {
  if (!only || only.length === 0) return [...sources];
  const byName = new Map(sources.map((s) => [s.name, s]));
  const wanted = new Set<string>();
  const add = (s: ResolvedSource): void => {
    if (wanted.has(s.name)) return;
    wanted.add(s.name);
    for (const dep of s.dependsOn) {
      const d = byName.get(dep);
      if (d) add(d);
    }
  };
  for (const s of sources) if (only.includes(s.name) || only.includes(s.type)) add(s);
  // Keep dependency order.
  return sources.filter((s) => wanted.has(s.name));
}

interface Resolution {
  readonly options: unknown;
  readonly references: Reference[];
  readonly missing: string[];
  readonly secrets: string[];
  /** Sensitive facts placed where a secret may not go (SPEC §7a): the source fails. */
  readonly misplaced: string[];
}

/** Fills `${source:key}` from the facts of already loaded sources of the same environment. */
function resolveSourceRefs(
  source: ResolvedSource,
  factsOf: ReadonlyMap<string, readonly Fact[]>,
): Resolution {
  const references: Reference[] = [];
  const missing: string[] = [];
  const secrets: string[] = [];
  const misplaced: string[] = [];
  const walk = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      let out = value;
      for (const ref of sourceReferencesIn(value)) {
        const fact = factsOf.get(ref.source)?.find((f) => f.path === ref.key);
        const target = `${ref.source}:${ref.key}`;
        const resolved = fact !== undefined && fact.value !== undefined;
        references.push({ source: source.name, at, target, resolved });
        if (!resolved) {
          missing.push(target);
          continue;
        }
        const text = stringifyValue(fact.value);
        if (fact.sensitive) {
          secrets.push(text);
          // A secret may not become part of a URL, a path or an AWS request parameter.
          if (value !== ref.whole || !secretSlotOf(source.definition, at)) misplaced.push(target);
        }
        out = out.split(ref.whole).join(text);
      }
      return out;
    }
    if (Array.isArray(value)) return value.map((v: unknown, i) => walk(v, `${at}[${i}]`));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, at ? `${at}.${k}` : k);
      return out;
    }
    return value;
  };
  return { options: walk(source.options, ''), references, missing, secrets, misplaced };
}

/**
 * A value that is secret in one place is secret everywhere: `pk_…` under `STRIPE_…_KEY` in a
 * dotenv file makes the same string found in the bundle sensitive too. Otherwise one fact
 * would display what another hides.
 */
function propagateSensitivity(sources: readonly SourceSnapshot[]): SourceSnapshot[] {
  const secret = new Map<string, boolean>();
  for (const s of sources) {
    for (const f of s.facts) {
      if (!f.sensitive || f.value === undefined) continue;
      for (const text of valueStrings(f.value)) {
        if (text.trim().length >= 6) secret.set(text, (secret.get(text) ?? false) || f.credential);
      }
    }
  }
  if (secret.size === 0) return [...sources];
  return sources.map((s) => ({
    ...s,
    facts: s.facts.map((f) => {
      if (f.sensitive || f.value === undefined) return f;
      const hits = valueStrings(f.value).filter((t) => secret.has(t));
      if (hits.length === 0) return f;
      return {
        ...f,
        sensitive: true,
        credential: hits.some((t) => secret.get(t) === true),
        fingerprint: fingerprint(f.value),
      };
    }),
  }));
}
