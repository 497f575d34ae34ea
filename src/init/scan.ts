/**
 * What `parity init` finds in a repository: dotenv files per folder, the framework that loads
 * them (its own layered order), committed ECS task definitions (recognised by their content,
 * whatever their name), apprunner.yaml, and SSM paths, distributions and buckets that workflow
 * files name.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Layout } from '../sources/_layouts.js';

const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  '.next',
  'vendor',
]);
// Dot-folders that hold deployment files: workflows, and the task definition the
// aws-actions/amazon-ecs-deploy-task-definition action registers (.aws/task-definition.json).
const DOT_DIRS: ReadonlySet<string> = new Set(['.github', '.aws']);
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
// A task definition is a few kB; anything much larger is data, not deployment config.
const MAX_JSON_BYTES = 1024 * 1024;

export interface RepoScan {
  /** dotenv files by directory (relative, '' for the root) and environment name. */
  readonly dotenv: ReadonlyMap<string, ReadonlySet<string>>;
  /** Directories with `.env*` files whose framework loads them in its own order. */
  readonly layouts: ReadonlyMap<string, Layout>;
  /** Every `.env` and `.env.*` file name, by directory. */
  readonly envFiles: ReadonlyMap<string, ReadonlySet<string>>;
  /** Committed ECS task definitions: relative path and task family. */
  readonly taskDefinitions: readonly TaskDefinitionFile[];
  readonly apprunnerYaml: readonly string[];
  readonly ssmPaths: readonly string[];
  readonly distributions: readonly string[];
  readonly buckets: readonly string[];
}

export interface TaskDefinitionFile {
  readonly file: string;
  readonly family?: string;
}

interface Found {
  readonly dotenv: Map<string, Set<string>>;
  readonly envFiles: Map<string, Set<string>>;
  readonly jsonFiles: string[];
  readonly apprunnerYaml: string[];
  readonly workflows: string[];
}

export async function scanRepository(root: string, maxDepth = 3): Promise<RepoScan> {
  const found: Found = {
    dotenv: new Map(),
    envFiles: new Map(),
    jsonFiles: [],
    apprunnerYaml: [],
    workflows: [],
  };
  await walk(root, root, 0, maxDepth, found);
  const layouts = new Map<string, Layout>();
  for (const dir of [...found.envFiles.keys()].sort()) {
    const layout = await detectLayout(path.join(root, dir));
    if (layout) layouts.set(dir, layout);
  }
  const taskDefinitions: TaskDefinitionFile[] = [];
  for (const file of found.jsonFiles.sort()) {
    const task = await taskDefinitionIn(path.join(root, file));
    if (task) taskDefinitions.push({ file, ...task });
  }
  return {
    dotenv: found.dotenv,
    layouts,
    envFiles: found.envFiles,
    taskDefinitions,
    apprunnerYaml: found.apprunnerYaml.sort(),
    ...(await workflowMentions(found.workflows)),
  };
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

async function walk(
  root: string,
  dir: string,
  depth: number,
  maxDepth: number,
  found: Found,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const folder = toPosix(path.relative(root, dir));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const rel = toPosix(path.relative(root, full));
    if (entry.isDirectory()) {
      if (rel === '.github/workflows') found.workflows.push(full);
      const visible = !entry.name.startsWith('.') || DOT_DIRS.has(entry.name);
      if (depth < maxDepth && !SKIP_DIRS.has(entry.name) && visible) {
        await walk(root, full, depth + 1, maxDepth, found);
      }
    } else if (entry.isFile()) {
      noteFile(entry.name, folder, rel, found);
    }
  }
}

function noteFile(name: string, folder: string, rel: string, found: Found): void {
  if (name === '.env' || name.startsWith('.env.')) addTo(found.envFiles, folder, name);
  const m = /^\.env\.([A-Za-z0-9_-]+)$/.exec(name);
  if (m?.[1] && !NOT_ENVIRONMENTS.has(m[1].toLowerCase())) addTo(found.dotenv, folder, m[1]);
  if (name === 'apprunner.yaml' || name === 'apprunner.yml') found.apprunnerYaml.push(rel);
  if (name.endsWith('.json') && !/^(package|package-lock|tsconfig.*|composer)\.json$/.test(name))
    found.jsonFiles.push(rel);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/**
 * The framework of a folder with `.env*` files, from its package.json dependencies or its
 * config file: Next.js before Vite (a Next app may use Vite for tests), then CRA, dotenv-flow.
 */
async function detectLayout(dir: string): Promise<Layout | undefined> {
  const names = new Set(await readdir(dir).catch(() => []));
  const deps = await dependencies(path.join(dir, 'package.json'));
  const hasConfig = (base: string): boolean =>
    ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].some((ext) => names.has(`${base}.${ext}`));
  if (deps.has('next') || hasConfig('next.config')) return 'next';
  if (deps.has('vite') || hasConfig('vite.config')) return 'vite';
  if (deps.has('react-scripts')) return 'cra';
  if (deps.has('dotenv-flow')) return 'dotenv-flow';
  return undefined;
}

async function dependencies(file: string): Promise<Set<string>> {
  const data = await readJson(file);
  const out = new Set<string>();
  if (!isRecord(data)) return out;
  for (const field of ['dependencies', 'devDependencies']) {
    const deps = data[field];
    if (isRecord(deps)) for (const name of Object.keys(deps)) out.add(name);
  }
  return out;
}

/**
 * An ECS task definition as people commit it: a JSON object with `containerDefinitions` (the
 * register-task-definition input, the bare describe output, console JSON) or the whole
 * `describe-task-definition` output `{taskDefinition: {containerDefinitions}}`.
 */
async function taskDefinitionIn(file: string): Promise<{ family?: string } | undefined> {
  const data = await readJson(file);
  const task = isRecord(data) && isRecord(data.taskDefinition) ? data.taskDefinition : data;
  if (!isRecord(task) || !Array.isArray(task.containerDefinitions)) return undefined;
  return typeof task.family === 'string' ? { family: task.family } : {};
}

async function readJson(file: string): Promise<unknown> {
  try {
    if ((await stat(file)).size > MAX_JSON_BYTES) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function workflowMentions(
  workflows: readonly string[],
): Promise<Pick<RepoScan, 'ssmPaths' | 'distributions' | 'buckets'>> {
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
    ssmPaths: unique(/(?:--path|--name|Name|path)[=:\s"']+(\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*)/g),
    // Distribution ids: E + upper-case letters and digits (at least one digit, to skip words).
    distributions: unique(/\b(E(?=[A-Z]*[0-9])[A-Z0-9]{9,16})\b/g),
    buckets: unique(/s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/g),
  };
}
