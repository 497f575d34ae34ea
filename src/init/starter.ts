/**
 * `parity init`: looks at a repository (dotenv files, apprunner.yaml, workflow files that name
 * SSM paths, CloudFront distributions or buckets) and writes a commented starter parity.yaml
 * that validates as it is. Only what every environment has becomes an active source; the rest
 * is suggested in comments.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultTier } from '../config/resolve.js';
import { byCodeUnit } from '../util/order.js';

const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  '.next',
  'vendor',
]);
// Template and developer-only files are not environments.
const NOT_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'example',
  'sample',
  'template',
  'defaults',
  'test',
  'vault',
  'keys',
  'me',
]);

export interface RepoScan {
  /** dotenv files by directory (relative, '' for the root) and environment name. */
  readonly dotenv: ReadonlyMap<string, ReadonlySet<string>>;
  readonly apprunnerYaml: readonly string[];
  readonly ssmPaths: readonly string[];
  readonly distributions: readonly string[];
  readonly buckets: readonly string[];
}

export async function scanRepository(root: string, maxDepth = 3): Promise<RepoScan> {
  const dotenv = new Map<string, Set<string>>();
  const apprunnerYaml: string[] = [];
  const workflows: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (rel === '.github/workflows') workflows.push(full);
        if (
          depth < maxDepth &&
          !SKIP_DIRS.has(entry.name) &&
          (!entry.name.startsWith('.') || entry.name === '.github')
        ) {
          await walk(full, depth + 1);
        }
      } else if (entry.isFile()) {
        const m = /^\.env\.([A-Za-z0-9_-]+)$/.exec(entry.name);
        if (m?.[1] && !NOT_ENVIRONMENTS.has(m[1].toLowerCase())) {
          const folder = path.relative(root, dir).split(path.sep).join('/');
          const set = dotenv.get(folder) ?? new Set<string>();
          set.add(m[1]);
          dotenv.set(folder, set);
        }
        if (entry.name === 'apprunner.yaml' || entry.name === 'apprunner.yml')
          apprunnerYaml.push(rel);
      }
    }
  };
  await walk(root, 0);

  const text: string[] = [];
  for (const dir of workflows) {
    for (const name of await readdir(dir).catch(() => [])) {
      if (/\.ya?ml$/.test(name))
        text.push(await readFile(path.join(dir, name), 'utf8').catch(() => ''));
    }
  }
  const all = text.join('\n');
  const unique = (re: RegExp, group = 1): string[] =>
    [...new Set([...all.matchAll(re)].map((m) => m[group] ?? '').filter(Boolean))].sort();
  return {
    dotenv,
    apprunnerYaml: apprunnerYaml.sort(),
    ssmPaths: unique(/(?:--path|--name|Name|path)[=:\s"']+(\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*)/g),
    // Distribution ids: E + upper-case letters and digits (at least one digit, to skip words).
    distributions: unique(/\b(E(?=[A-Z]*[0-9])[A-Z0-9]{9,16})\b/g),
    buckets: unique(/s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g),
  };
}

/** The starter config for what was found. Environment names are the dotenv suffixes. */
export function starterConfig(
  scan: RepoScan,
  project: string,
  hosts: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(),
): { text: string; environments: string[] } {
  const envNames = [...new Set([...scan.dotenv.values()].flatMap((s) => [...s]))].sort(byTier);
  const environments = envNames.length > 0 ? envNames : ['staging', 'production'];
  const complete = [...scan.dotenv.entries()].filter(([, set]) =>
    environments.every((e) => set.has(e)),
  );
  const partial = [...scan.dotenv.entries()].filter(
    ([, set]) => !environments.every((e) => set.has(e)),
  );

  const lines: string[] = [
    '# parity.yaml — written by `parity init`. Run: parity diff ' +
      environments.slice(0, 2).join(' ') +
      '',
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
  lines.push('sources:');
  if (complete.length === 0) {
    lines.push('  # No dotenv file exists for every environment yet. An example:');
    lines.push('  # web-env: { type: dotenv, file: "web/.env.${env}" }');
  }
  for (const [dir] of complete) {
    const name = dir === '' ? 'env' : `${dir.split('/').pop() ?? dir}-env`;
    lines.push(
      `  ${name}:`,
      '    type: dotenv',
      `    file: "${dir === '' ? '' : `${dir}/`}.env.\${env}"`,
    );
  }
  for (const [dir, set] of partial) {
    lines.push(
      `  # ${dir || '.'}/.env.* exists only for ${[...set].join(', ')}; add the others to compare it.`,
    );
  }
  if (complete.length === 0) lines.push('  {}');
  const suggestions: string[] = [];
  for (const p of scan.ssmPaths.slice(0, 3)) {
    const templated = environments.reduce(
      (acc, e) => acc.replace(new RegExp(`/${e}(/|$)`), '/${env}$1'),
      p,
    );
    suggestions.push(
      `params: { type: ssm, path: "${templated.endsWith('/') ? templated : `${templated}/`}" }   # seen in .github/workflows`,
    );
  }
  if (scan.apprunnerYaml.length > 0) {
    suggestions.push(
      `api: { type: apprunner, service: "${project}-\${env}" }   # ${scan.apprunnerYaml[0] ?? 'apprunner.yaml'} found`,
    );
  }
  for (const d of scan.distributions.slice(0, 2)) {
    suggestions.push(
      `web: { type: cloudfront, distribution: "${d}" }   # seen in .github/workflows; use vars per environment`,
    );
  }
  for (const b of scan.buckets.slice(0, 2)) {
    const templated = environments.reduce(
      (acc, e) => acc.replace(new RegExp(`(^|-)${e}(-|$)`), '$1${env}$2'),
      b,
    );
    suggestions.push(
      `bundle: { type: s3-bundle, bucket: "${templated}" }   # seen in .github/workflows`,
    );
  }
  if (suggestions.length > 0) {
    lines.push('  # Found in this repository — uncomment what applies:');
    for (const s of suggestions) lines.push(`  # ${s}`);
  }
  lines.push(
    'compare:',
    '  # Keys expected to differ between environments (their own database, Stripe keys, sizes):',
    '  differ: []',
    '  # Credentials allowed to be identical across environments:',
    '  sharedSecretsAllowed: []',
    '# rules: { insecure-url: error }',
    '# ignore:',
    '#   - { key: "env:LEGACY_*", rule: missing-key, reason: "cleanup tracked in TICKET-1", expires: 2027-01-31 }',
    '',
  );
  return { text: lines.join('\n'), environments };
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
