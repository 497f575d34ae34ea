/**
 * What Git declares a resource should be (SPEC §14): the `declared:` option every declarable
 * source offers, a reader of the name → value files SSM and Secrets Manager are declared in
 * (JSON, YAML or dotenv), and the line each declared name is on, so a finding points at it.
 * Declared files are read like `export:` files: from the repository, offline, never a reason to
 * call AWS.
 */
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { ParityError } from '../errors.js';
import type { RawFact, Scalar } from '../snapshot/types.js';
import { readTextFile } from '../util/files.js';

export const declaredOption = z
  .string()
  .min(1)
  .optional()
  .describe(
    'A file in the repository saying what this resource should be (SPEC §14): each difference from what runs is an undeclared-change.',
  );

/** The line of a file on which `name` is written as a key (`"name"`, `name:`, `name=`), if any. */
export function lineOf(text: string, name: string): number | undefined {
  if (!name) return undefined;
  const lines = text.split(/\r?\n/);
  const quoted = `"${name}"`;
  const at = lines.findIndex((line) => {
    const t = line.trimStart();
    return (
      line.includes(quoted) ||
      t.startsWith(`${name}:`) ||
      t.startsWith(`${name}=`) ||
      t.startsWith(`export ${name}=`) ||
      t.startsWith(`- name: ${name}`)
    );
  });
  return at >= 0 ? at + 1 : undefined;
}

/** Each fact located at the line of its path's last segment in the declared file. */
export async function locatedInFile(
  facts: readonly RawFact[],
  file: string,
  ctx: { readonly baseDir: string; readonly rootDir: string },
): Promise<RawFact[]> {
  const { text, displayPath } = await readTextFile(ctx.baseDir, file, ctx.rootDir);
  return facts.map((f) => {
    const name =
      f.path
        .slice(f.path.lastIndexOf('.') + 1)
        .split('/')
        .at(-1) ?? f.path;
    const line = lineOf(text, name) ?? lineOf(text, f.path);
    return { ...f, location: { file: displayPath, ...(line ? { line } : {}) } };
  });
}

const scalar = (v: unknown): Scalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? v
    : JSON.stringify(v);

/**
 * A name → value file (JSON object, YAML mapping, or dotenv) as facts; names under `prefix`
 * (an SSM path) are made relative to it, as the live source names them.
 */
export async function readNameValues(
  file: string,
  ctx: { readonly baseDir: string; readonly rootDir: string },
  prefix = '',
): Promise<RawFact[]> {
  const { text, displayPath } = await readTextFile(ctx.baseDir, file, ctx.rootDir);
  let data: unknown;
  try {
    data = /\.json$/i.test(file)
      ? JSON.parse(text)
      : /\.ya?ml$/i.test(file)
        ? parseYaml(text)
        : parseDotenv(text);
  } catch {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: expected a mapping of names to values (JSON, YAML or dotenv)`,
    );
  }
  return Object.entries(data).map(([name, value]): RawFact => {
    const path = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
    const line = lineOf(text, name);
    return {
      path: path.replace(/^\//, ''),
      value: scalar(value),
      location: { file: displayPath, ...(line ? { line } : {}) },
    };
  });
}
