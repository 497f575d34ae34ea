/**
 * Finding, parsing and validating parity.yaml. Every error is one line naming the file, the
 * line and the path (`parity.yaml:14 sources.bundle.bucket: expected string`).
 */
import { git } from '../util/git.js';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { ParityError } from '../errors.js';
import { displayPathOf, readTextFile } from '../util/files.js';
import { configSchema } from './schema.js';
import type { ParsedConfig } from './schema.js';

const CONFIG_NAMES = ['parity.yaml', 'parity.yml', 'parity.json'] as const;

export interface LoadedConfig {
  readonly config: ParsedConfig;
  readonly file: string;
  readonly displayPath: string;
  readonly baseDir: string;
  /** The Git root above the config file (or its directory): sources read files inside it only. */
  readonly rootDir: string;
  /** 1-based line of a config path, for locating findings (ignore entries, sources). */
  lineOf(pathInConfig: readonly (string | number)[]): number | undefined;
}

/** `-c FILE`, else parity.yaml/.yml/.json from the working directory up to the Git root. */
export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new ParityError('CONFIG_NOT_FOUND', `${explicit}: config file not found`);
    }
    return file;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (existsSync(path.join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  throw new ParityError(
    'CONFIG_NOT_FOUND',
    `no parity.yaml found in ${displayPathOf(cwd) || '.'} or above (up to the Git root)`,
    { hint: 'Run `parity init` to write one, or pass -c FILE.' },
  );
}

export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const file = findConfigFile(cwd, explicit);
  // The hardened reader: a config replaced by a link to /dev/zero or a FIFO is an error, not a
  // hang (the file may come from a pull request). `-c` may name a file outside the repository.
  const { text } = await readTextFile(path.dirname(file), path.basename(file));
  return parseConfigText(text, file);
}

/**
 * The policy as `REF` holds it (SPEC §7a): the config file — `-c` or the one discovered from the
 * working directory up to the Git root, looked up in REF's tree — read from Git's object store,
 * never from the working tree. The files it names are still read from the working tree (they are
 * the data being audited); locations and relative paths are the working tree's.
 */
export async function loadConfigAtRef(
  cwd: string,
  explicit: string | undefined,
  ref: string,
): Promise<LoadedConfig> {
  if (ref.startsWith('-') || ref.trim() === '') {
    throw new ParityError('USAGE', `--config-ref "${ref}" is not a Git revision`);
  }
  const root = await gitTopLevel(cwd);
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(
    () => {
      throw new ParityError('CONFIG_NOT_FOUND', `--config-ref ${ref}: no such commit here`, {
        hint: `Fetch it first, e.g. git fetch --depth=1 origin ${ref}`,
      });
    },
  );
  const here = realpathSync(cwd);
  const candidates = explicit ? [path.resolve(here, explicit)] : upwardCandidates(here, root);
  for (const file of candidates) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ParityError(
        'CONFIG_NOT_FOUND',
        `${explicit ?? file}: outside the Git repository, so not in --config-ref ${ref}`,
      );
    }
    const spec = `${commit.trim()}:${rel.split(path.sep).join('/')}`;
    const text = await git(root, ['cat-file', 'blob', spec]).catch(() => undefined);
    if (text !== undefined) return parseConfigText(text, file, root);
    if (explicit) break;
  }
  throw new ParityError(
    'CONFIG_NOT_FOUND',
    `no ${explicit ?? 'parity.yaml'} in --config-ref ${ref} (looked from ${displayPathOf(cwd) || '.'} up to the Git root)`,
    { hint: 'The trusted ref must hold the config; add it on the base branch first.' },
  );
}

async function gitTopLevel(cwd: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new ParityError(
      'CONFIG_NOT_FOUND',
      '--config-ref needs a Git repository, and this directory is not in one',
    );
  }
}

function upwardCandidates(start: string, root: string): string[] {
  const out: string[] = [];
  let dir = start;
  for (;;) {
    for (const name of CONFIG_NAMES) out.push(path.join(dir, name));
    const parent = path.dirname(dir);
    if (dir === root || parent === dir || path.relative(root, dir).startsWith('..')) break;
    dir = parent;
  }
  return out;
}

export function parseConfigText(text: string, file: string, root?: string): LoadedConfig {
  const displayPath = displayPathOf(file);
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one parser gives line numbers for both formats. Aliases are capped so
  // that a "billion laughs" document is refused instead of expanded.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lineCounter.linePos(syntax.pos[0]).line;
    const message = syntax.message.split('\n', 1)[0] ?? 'syntax error';
    throw new ParityError('CONFIG_PARSE', `${displayPath}${line ? `:${line}` : ''}: ${message}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ParityError(
      'CONFIG_PARSE',
      `${displayPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const lineOf = (p: readonly (string | number)[]): number | undefined =>
    locate(doc, lineCounter, p);
  if (data === null || data === undefined) {
    throw new ParityError('CONFIG_INVALID', `${displayPath}: the config file is empty`);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    throw new ParityError('CONFIG_INVALID', formatIssues(result.error.issues, displayPath, lineOf));
  }
  return {
    config: result.data,
    file,
    displayPath,
    baseDir: path.dirname(file),
    rootDir: root ?? gitRoot(path.dirname(file)),
    lineOf,
  };
}

/** zod issues as `file:line path: message` lines (the first few; the count of the rest). */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  displayPath: string,
  lineOf: (p: readonly (string | number)[]) => number | undefined,
  prefix: readonly (string | number)[] = [],
): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const p = [...prefix, ...issue.path.filter((k) => typeof k !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      const at = [...p, key];
      const line = lineOf(at);
      const plural =
        issue.keys.length > 1 ? `s ${issue.keys.map((k) => `"${k}"`).join(', ')}` : ` "${key}"`;
      return `${displayPath}${line ? `:${line}` : ''} ${pathText(p) || '(top level)'}: unknown key${plural}`;
    }
    const line = lineOf(p);
    return `${displayPath}${line ? `:${line}` : ''} ${pathText(p) || '(top level)'}: ${issueMessage(issue)}`;
  });
  if (issues.length > 5) lines.push(`… and ${issues.length - 5} more problems`);
  return lines.join('\n');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `missing (expected ${issue.expected})`;
  }
  if (
    issue.code === 'invalid_union' &&
    'note' in issue &&
    issue.note === 'No matching discriminator'
  ) {
    return `unknown source type (expected one of the types listed by \`parity schema\`)`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

export function pathText(p: readonly (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The line of the node at `p`, or of its deepest existing ancestor. */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  p: readonly (string | number)[],
): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of p) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(key),
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      if (isScalar(node)) offset = rangeStart(node) ?? offset;
    } else if (isSeq(node) && typeof key === 'number') {
      const item: unknown = node.items[key];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

/** The nearest directory at or above `dir` holding `.git`, else `dir` itself. */
function gitRoot(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(dir);
    current = parent;
  }
}
