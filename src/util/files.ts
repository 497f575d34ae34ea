import { realpathSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ParityError } from '../errors.js';

export const MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024;

/** A path as users should see it: relative to the working directory when below it. */
export function displayPathOf(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

/**
 * Reads a UTF-8 text file named in the config. Missing, huge, binary or invalid UTF-8 files
 * are one-line errors naming the file.
 */
export async function readTextFile(
  baseDir: string,
  file: string,
  root?: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<{ text: string; absolutePath: string; displayPath: string }> {
  const absolutePath = insideRoot(baseDir, file, root);
  const displayPath = displayPathOf(absolutePath);
  let size: number;
  try {
    const info = await stat(absolutePath);
    if (!info.isFile()) throw new ParityError('FILE_UNREADABLE', `${displayPath}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('FILE_NOT_FOUND', `${displayPath}: file not found`, {
      hint: 'Check the path; it is relative to the config file.',
    });
  }
  if (size > maxBytes) {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: ${Math.round(size / 1024 / 1024)} MB is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit`,
    );
  }
  const bytes = await readFile(absolutePath);
  if (bytes.includes(0)) {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: binary content, expected text`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: invalid UTF-8`);
  }
  return { text: text.replace(/^\uFEFF/, ''), absolutePath, displayPath };
}

/** Reads and parses a JSON file; syntax errors name the file and line. */
export async function readJsonFile(
  baseDir: string,
  file: string,
  root?: string,
): Promise<{ data: unknown; displayPath: string }> {
  const { text, displayPath } = await readTextFile(baseDir, file, root);
  try {
    return { data: JSON.parse(text), displayPath };
  } catch (error) {
    throw new ParityError('FILE_UNREADABLE', `${displayPath}: ${jsonErrorPosition(text, error)}`);
  }
}

function jsonErrorPosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  if (pos?.[1]) {
    const offset = Number(pos[1]);
    const line = text.slice(0, offset).split('\n').length;
    return `invalid JSON at line ${line}`;
  }
  return 'invalid JSON';
}

/**
 * `file` resolved against `baseDir`, refused when it leaves `root` (the repository): a config
 * from an untrusted pull request must not read the runner's other files (SPEC §7.4).
 */
export function insideRoot(baseDir: string, file: string, root?: string): string {
  const absolute = path.resolve(baseDir, file);
  if (root) {
    const rel = path.relative(path.resolve(root), realOrSelf(absolute));
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ParityError(
        'FILE_UNREADABLE',
        `${file}: outside the repository (${displayPathOf(root) || '.'}); parity reads files inside it only`,
      );
    }
  }
  return absolute;
}

/** Follows symbolic links, so a link inside the repository cannot point outside it. */
function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
