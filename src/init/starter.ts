/**
 * `parity init`: from what a repository holds (see scan.ts) writes a commented starter
 * parity.yaml that validates as it is and reads every source found: dotenv files per
 * environment, a framework's layered .env files, committed ECS task definitions. Only what every
 * environment has becomes an active source; the rest is suggested in comments.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultTier } from '../config/resolve.js';
import { layoutFiles, layoutMode, layoutName } from '../sources/_layouts.js';
import { byCodeUnit } from '../util/order.js';
import type { RepoScan, TaskDefinitionFile } from './scan.js';

export { scanRepository } from './scan.js';

// Words that name an environment inside a file path (`ecs/task-def.staging.json`).
const ENVIRONMENT_WORDS: ReadonlySet<string> = new Set([
  'production',
  'prod',
  'prd',
  'live',
  'staging',
  'stage',
  'stg',
  'preprod',
  'uat',
  'qa',
  'dev',
  'development',
  'sandbox',
  'demo',
]);

/** Files that differ only by an environment's name: `template` holds `${env}`. */
interface FileSet {
  readonly template: string;
  readonly byEnv: ReadonlyMap<string, string>;
}

/** One source of the starter config: its YAML (under `sources:`) and what it reads. */
interface Declared {
  readonly name: string;
  readonly type: string;
  readonly yaml: string;
}

export interface Starter {
  readonly text: string;
  readonly environments: string[];
  /** The active sources (empty: nothing found that parity can read). */
  readonly sources: readonly Declared[];
}

/** The starter config for what was found. */
export function starterConfig(
  scan: RepoScan,
  project: string,
  hosts: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(),
): Starter {
  const ecs = groupByEnvironment(
    scan.taskDefinitions.map((t) => t.file),
    scan,
  );
  const environments = chooseEnvironments(scan, ecs.sets) ?? oneEnvironment(scan, ecs.shared);
  const names = new Set<string>();
  const sources: Declared[] = [];
  const notes: string[] = [];
  const declare = (base: string, type: string, body: string): void => {
    const name = uniqueName(base, names);
    sources.push({ name, type, yaml: `  ${name}: { type: ${type}, ${body} }` });
  };
  planDotenv(scan, environments, declare, notes);
  planEcs(ecs, environments, environments.length === 1, declare, notes);
  const lines = [
    ...header(project, environments, hosts),
    'sources:',
    ...sources.map((s) => s.yaml),
    ...notes.map((n) => `  # ${n}`),
    ...suggestions(scan, project, environments, sources),
    ...FOOTER,
  ];
  return { text: lines.join('\n'), environments, sources };
}

function header(
  project: string,
  environments: readonly string[],
  hosts: ReadonlyMap<string, Readonly<Record<string, string>>>,
): string[] {
  const lines = [
    `# parity.yaml — written by \`parity init\`. Run: parity ${nextCommand(environments)}`,
    '# Full format: docs/configuration.md; editor completion: parity schema > parity.schema.json',
    'version: 1',
    `project: ${yamlString(project)}`,
    'environments:',
  ];
  for (const env of environments) {
    lines.push(`  ${env}:`, `    tier: ${defaultTier(env)}`, `    aliases: [${env}]`);
    const own = Object.entries(hosts.get(env) ?? {});
    if (own.length > 0) {
      lines.push(`    hosts: # read from the dotenv files: this environment's own hosts`);
      for (const [name, host] of own) lines.push(`      ${name}: ${host}`);
    } else {
      const example = defaultTier(env) === 'production' ? 'example.com' : `${env}.example.com`;
      lines.push(`    # hosts: { app: ${example} }   # this environment's own hosts`);
    }
    lines.push(`    # aws: { region: us-east-1, profile: ${project}-${env} }`);
  }
  return lines;
}

const FOOTER = [
  'compare:',
  '  # Keys expected to differ between environments (their own database, Stripe keys, sizes):',
  '  differ: []',
  '  # Credentials allowed to be identical across environments:',
  '  sharedSecretsAllowed: []',
  '# rules: { insecure-url: error }',
  '# ignore:',
  '#   - { key: "env:LEGACY_*", rule: missing-key, reason: "cleanup tracked in TICKET-1", expires: 2027-01-31 }',
  '',
];

/** What to run on the config: a diff of the first two environments, or a check of the only one. */
export function nextCommand(environments: readonly string[]): string {
  return environments.length === 1
    ? `check ${environments[0] ?? ''}`
    : `diff ${environments.slice(0, 2).join(' ')}`;
}

/**
 * The environments most sources agree on: of the environment sets found (dotenv suffixes per
 * folder, task-definition files per environment), the one the most sources cover, preferring
 * sets of two or more (a diff needs two), then larger ones. A framework project with fewer
 * gets development and production, the two modes every framework has.
 */
function chooseEnvironments(scan: RepoScan, ecs: readonly FileSet[]): string[] | undefined {
  const candidates = [
    ...[...scan.dotenv].map(([dir, set]) => (scan.layouts.has(dir) ? withoutLocal(set) : set)),
    ...ecs.map((s) => new Set(s.byEnv.keys())),
  ].filter((s) => s.size > 0);
  const covers = (s: ReadonlySet<string>): number =>
    candidates.filter((c) => [...s].every((e) => c.has(e))).length;
  const ranked = [...candidates].sort(
    (a, b) => Number(b.size >= 2) - Number(a.size >= 2) || covers(b) - covers(a) || b.size - a.size,
  );
  const chosen = new Set(ranked[0] ?? []);
  if (chosen.size < 2 && scan.layouts.size > 0) chosen.add('development').add('production');
  if (chosen.size >= 2) return [...chosen].sort(byTier);
  return scan.taskDefinitions.length > 0 && candidates.length === 0
    ? undefined
    : ['staging', 'production'];
}

/**
 * A repository whose only readable source is one task definition (the `.aws/task-definition.json`
 * a deploy action registers) describes one environment: the one its family names, else
 * production. Reading that file as every environment would report its own names as
 * cross-environment references.
 */
function oneEnvironment(scan: RepoScan, shared: readonly string[]): string[] {
  const task: TaskDefinitionFile | undefined = scan.taskDefinitions.find(
    (t) => t.file === shared[0],
  );
  const words = (task?.family ?? '').split(/[^A-Za-z0-9]+/);
  return [words.find((w) => ENVIRONMENT_WORDS.has(w.toLowerCase())) ?? 'production'];
}

/** `.env.local` is the developer's own override in every framework, not an environment. */
function withoutLocal(set: ReadonlySet<string>): Set<string> {
  return new Set([...set].filter((e) => e !== 'local'));
}

type Declare = (base: string, type: string, body: string) => void;

function planDotenv(
  scan: RepoScan,
  environments: readonly string[],
  declare: Declare,
  notes: string[],
): void {
  for (const [dir, layout] of scan.layouts) {
    const missing = environments.filter((e) => !layoutReadable(scan, dir, layout, e));
    const name = dotenvName(dir);
    if (missing.length === 0) {
      declare(name, 'dotenv', `layout: ${layout}${dir === '' ? '' : `, dir: ${yamlString(dir)}`}`);
    } else {
      notes.push(
        `${dir || '.'}/: ${layoutName(layout)} reads no .env file for ${missing.join(', ')}; add one, or set mode: per environment.`,
      );
    }
  }
  for (const [dir, set] of scan.dotenv) {
    if (scan.layouts.has(dir)) continue;
    if (environments.every((e) => set.has(e))) {
      declare(dotenvName(dir), 'dotenv', `file: "${dir === '' ? '' : `${dir}/`}.env.\${env}"`);
    } else {
      notes.push(
        `${dir || '.'}/.env.* exists only for ${[...set].join(', ')}; add the others to compare it.`,
      );
    }
  }
}

function dotenvName(dir: string): string {
  return dir === '' ? 'env' : `${dir.split('/').pop() ?? dir}-env`;
}

/** Whether the framework finds at least one of its files for the environment's mode. */
function layoutReadable(
  scan: RepoScan,
  dir: string,
  layout: Parameters<typeof layoutFiles>[0],
  env: string,
): boolean {
  const present = scan.envFiles.get(dir) ?? new Set<string>();
  try {
    const mode = layoutMode(layout, undefined, { name: env, tier: defaultTier(env) });
    return layoutFiles(layout, mode).files.some((f) => present.has(f));
  } catch {
    return false; // a mode the framework refuses
  }
}

function planEcs(
  ecs: { sets: readonly FileSet[]; shared: readonly string[]; partial: readonly string[] },
  environments: readonly string[],
  single: boolean,
  declare: Declare,
  notes: string[],
): void {
  for (const set of ecs.sets) {
    if (environments.every((e) => set.byEnv.has(e))) {
      declare(fileSourceName(set.template), 'ecs', `export: "${set.template}"`);
    } else {
      notes.push(
        `${set.template} exists only for ${[...set.byEnv.keys()].join(', ')}; add the others to compare it.`,
      );
    }
  }
  for (const file of ecs.shared) {
    // One file is one environment's: compared with another environment it would be noise.
    if (single) declare(fileSourceName(file), 'ecs', `export: "${file}"`);
    else
      notes.push(
        `${file} is one environment's task definition; declare it under that environment's sources.`,
      );
  }
  for (const file of ecs.partial) {
    notes.push(
      `ECS task definition ${file} names one environment only; add the others to compare it.`,
    );
  }
}

/**
 * Groups files by what they are once an environment word is taken out of their path
 * (`ecs/task-def.staging.json` and `ecs/task-def.production.json` are `ecs/task-def.${env}.json`).
 * A file in no group of two is `shared` (no environment in its path) or `partial`.
 */
function groupByEnvironment(
  files: readonly string[],
  scan: RepoScan,
): { sets: FileSet[]; shared: string[]; partial: string[] } {
  const known = new Set([...scan.dotenv.values()].flatMap((s) => [...s]));
  const templates = new Map<string, Map<string, string>>();
  const named = new Set<string>();
  for (const file of files) {
    for (const m of file.matchAll(/[A-Za-z0-9]+/g)) {
      const word = m[0];
      if (!ENVIRONMENT_WORDS.has(word.toLowerCase()) && !known.has(word)) continue;
      named.add(file);
      const template = `${file.slice(0, m.index)}\${env}${file.slice(m.index + word.length)}`;
      const byEnv = templates.get(template) ?? new Map<string, string>();
      byEnv.set(word, file);
      templates.set(template, byEnv);
    }
  }
  const used = new Set<string>();
  const sets: FileSet[] = [];
  for (const [template, byEnv] of [...templates].sort((a, b) => b[1].size - a[1].size)) {
    const free = [...byEnv.values()].every((f) => !used.has(f));
    if (byEnv.size < 2 || !free) continue;
    for (const f of byEnv.values()) used.add(f);
    sets.push({ template, byEnv });
  }
  return {
    sets,
    shared: files.filter((f) => !named.has(f)),
    partial: files.filter((f) => named.has(f) && !used.has(f)),
  };
}

/** `ecs/task-def.${env}.json` → `task-def`; `deploy/${env}/taskdef.json` → `taskdef`. */
function fileSourceName(template: string): string {
  const base = path.posix.basename(template.replace(/\$\{env\}/g, ''), '.json');
  const name = base.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|[-_.]+$/g, '');
  return name || 'task';
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** Sources seen in workflows and apprunner.yaml that need an account: comments to uncomment. */
function suggestions(
  scan: RepoScan,
  project: string,
  environments: readonly string[],
  sources: readonly Declared[],
): string[] {
  const out: string[] = [];
  // What runs, compared with what Git declares (SPEC §14): each committed task definition.
  for (const task of sources.filter((x) => x.type === 'ecs')) {
    const file = /export: "([^"]+)"/.exec(task.yaml)?.[1];
    if (file)
      out.push(
        `${task.name}-live: { type: ecs, cluster: "${project}-\${env}", service: "${project}-\${env}", declared: "${file}" }   # what runs, compared with ${file}`,
      );
  }
  const dotenv = sources.find((x) => x.type === 'dotenv')?.name;
  for (const p of scan.ssmPaths.slice(0, 3)) {
    const templated = environments.reduce(
      (acc, e) => acc.replace(new RegExp(`/${e}(/|$)`), '/${env}$1'),
      p,
    );
    out.push(
      `params: { type: ssm, path: "${templated.endsWith('/') ? templated : `${templated}/`}" }   # seen in .github/workflows`,
    );
  }
  if (scan.apprunnerYaml.length > 0) {
    out.push(
      `api: { type: apprunner, service: "${project}-\${env}", declared: "${scan.apprunnerYaml[0] ?? 'apprunner.yaml'}" }   # ${scan.apprunnerYaml[0] ?? 'apprunner.yaml'} found: what runs, compared with it`,
    );
  }
  for (const d of scan.distributions.slice(0, 2)) {
    out.push(
      `web: { type: cloudfront, distribution: "${d}" }   # seen in .github/workflows; use vars per environment`,
    );
  }
  for (const b of scan.buckets.slice(0, 2)) {
    const templated = environments.reduce(
      (acc, e) => acc.replace(new RegExp(`(^|-)${e}(-|$)`), '$1${env}$2'),
      b,
    );
    // Built from the dotenv files in Git (SPEC §14): each public build variable must be in it.
    const built = dotenv ? `, builtFrom: ${dotenv}` : '';
    out.push(
      `bundle: { type: s3-bundle, bucket: "${templated}"${built} }   # seen in .github/workflows`,
    );
  }
  return out.length > 0
    ? ['  # Found in this repository — uncomment what applies:', ...out.map((s) => `  # ${s}`)]
    : [];
}

/** Non-production first, so `parity diff staging production` reads naturally. */
function byTier(a: string, b: string): number {
  const rank = (n: string): number =>
    ({ local: 0, nonproduction: 1, production: 2 })[defaultTier(n)];
  return rank(a) - rank(b) || byCodeUnit(a, b);
}

function yamlString(text: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(text) ? text : JSON.stringify(text);
}

/**
 * Each environment's own hosts, read from the URLs its dotenv files hold under the same key:
 * `API_URL=https://api-staging.example.com` vs `https://api.example.com` makes a host `api`
 * for each, so those values compare equal from the first run.
 */
export async function inferHosts(
  root: string,
  scan: RepoScan,
  environments: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  // dotenv is CommonJS: its functions are on the default export, as Node's interop gives it.
  const { default: dotenv } = await import('dotenv');
  const out = new Map<string, Record<string, string>>(environments.map((e) => [e, {}]));
  for (const [dir, set] of scan.dotenv) {
    if (!environments.every((e) => set.has(e))) continue;
    const files = await Promise.all(
      environments.map(async (e) =>
        dotenv.parse(await readFile(path.join(root, dir, `.env.${e}`), 'utf8').catch(() => '')),
      ),
    );
    const keys = Object.keys(files[0] ?? {}).sort();
    for (const key of keys) {
      const hostsOf = files.map((f) => urlHost(f[key]));
      if (hostsOf.some((h) => h === undefined) || new Set(hostsOf).size < environments.length)
        continue;
      const name =
        key
          .toLowerCase()
          .replace(/^(vite|next_public|react_app|nuxt_public)_/, '')
          .replace(/_?(url|uri|host|origin|endpoint|base)$/, '')
          .replace(/[^a-z0-9]+/g, '-') || 'app';
      environments.forEach((e, i) => {
        const record = out.get(e);
        const host = hostsOf[i];
        if (record && host && !Object.values(record).includes(host) && !(name in record))
          record[name] = host;
      });
    }
  }
  return out;
}

function urlHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const host = new URL(value).hostname;
    return host && host !== 'localhost' ? host : undefined;
  } catch {
    return undefined;
  }
}
