import { constants, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ParityError } from '../errors.js';

const MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Folders of version-control systems. Their contents are never data: `.git/config` can hold
 * the job's checkout token (`extraheader = AUTHORIZATION: basic …`), and a pull request that
 * names it as a dotenv file would otherwise have parity print it (SPEC §7a).
 */
const VCS_FOLDERS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.bzr']);

/** Case-folded: on a case-insensitive file system `.GIT/config` is `.git/config`. */
export function isVcsFolderName(name: string): boolean {
  return VCS_FOLDERS.has(name.toLowerCase());
}

/** A path as users should see it: relative to the working directory when below it. */
export function displayPathOf(absolute: string): string {
  const rel = path.relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

/**
 * Reads a UTF-8 text file named in the config. Missing, huge, binary or invalid UTF-8 files
 * are one-line errors naming the file; so are files that are not regular files or that resolve
 * outside `root` or into its version-control folders.
 */
export async function readTextFile(
  baseDir: string,
  file: string,
  root?: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<{ text: string; absolutePath: string; displayPath: string }> {
  const absolutePath = insideRoot(baseDir, file, root);
  const displayPath = displayPathOf(absolutePath);
  let real: string;
  try {
    real = await realpath(absolutePath);
  } catch (error) {
    throw openError(error, displayPath);
  }
  // Checked again on the resolved path that is opened, not only on the one insideRoot saw.
  if (root) refuseOutside(real, root, file);
  const info = await regularFile(real, displayPath);
  if (info.size > maxBytes) {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: ${Math.round(info.size / 1024 / 1024)} MB is over the ${megabytes(maxBytes)} MB limit`,
    );
  }
  const bytes = await readFileCapped(real, displayPath, maxBytes, info);
  if (bytes.length > maxBytes) {
    // stat said otherwise: /proc files report 0 bytes, a growing file more than it had.
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: over the ${megabytes(maxBytes)} MB limit`,
    );
  }
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
 * `file` resolved against `baseDir`, refused when, after symbolic links, it leaves `root` (the
 * repository) or lies in one of its version-control folders: a config from an untrusted pull
 * request must not read the runner's other files nor the checkout's credentials (SPEC §7a).
 */
export function insideRoot(baseDir: string, file: string, root?: string): string {
  const absolute = path.resolve(baseDir, file);
  if (root) refuseOutside(realOrNearest(absolute), root, file);
  return absolute;
}

/** Why a resolved path is not repository data: outside `realRoot`, in a VCS folder, or neither. */
export function outsideRepository(real: string, realRoot: string): 'outside' | 'vcs' | undefined {
  const rel = path.relative(realRoot, real);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return 'outside';
  if (rel.split(path.sep).some(isVcsFolderName)) return 'vcs';
  return undefined;
}

/** The repository's real path, so that a root reached through a link (macOS /tmp) still holds its files. */
export function realRootOf(root: string): string {
  return realOrNearest(path.resolve(root));
}

function refuseOutside(real: string, root: string, file: string): void {
  const refusal = outsideRepository(real, realRootOf(root));
  if (refusal === 'outside') {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${file}: outside the repository (${displayPathOf(root) || '.'}); parity reads files inside it only`,
    );
  }
  if (refusal === 'vcs') {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${file}: inside a version-control folder (.git, .hg, .svn); parity does not read them`,
    );
  }
}

/**
 * The real path of `p`, or, when it does not exist, of its nearest existing ancestor joined with
 * the rest: `linked-dir/missing.env` is judged by where `linked-dir` really is.
 */
function realOrNearest(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realOrNearest(parent), path.basename(p));
  }
}

/**
 * The `lstat` of `real` (a path without symbolic links) when it is a regular file. Checked
 * before opening: opening a FIFO blocks until a writer comes, a device can be read forever.
 */
async function regularFile(real: string, displayPath: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await lstat(real);
  } catch (error) {
    throw openError(error, displayPath);
  }
  if (!info.isFile()) {
    throw new ParityError(
      'FILE_UNREADABLE',
      `${displayPath}: not a regular file (${kindOf(info)})`,
    );
  }
  return info;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Reads at most `maxBytes + 1` bytes of the regular file `expected` describes (the caller
 * compares the length with its cap): `stat` sizes are not trusted, since /proc files and
 * growing files read more than they report. The file is opened without following a link and
 * without blocking, and refused unless it is still that same regular file.
 */
export async function readFileCapped(
  real: string,
  displayPath: string,
  maxBytes: number,
  expected: Stats,
): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw openError(error, displayPath);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== expected.ino || opened.dev !== expected.dev) {
      throw new ParityError('FILE_UNREADABLE', `${displayPath}: changed while being read`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    // Whole chunks, even near the cap: some /proc files refuse reads of odd sizes (EINVAL).
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    total = Math.min(total, maxBytes + 1);
    // A buffer of its own (not a view into a pool), so a scan worker can take it over.
    const out = Buffer.allocUnsafeSlow(total);
    let offset = 0;
    for (const chunk of chunks) offset += chunk.copy(out, offset, 0, total - offset);
    return out;
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw openError(error, displayPath);
  } finally {
    await handle.close();
  }
}

function openError(error: unknown, displayPath: string): ParityError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ParityError('FILE_NOT_FOUND', `${displayPath}: file not found`, {
      hint: 'Check the path; it is relative to the config file.',
    });
  }
  return new ParityError('FILE_UNREADABLE', `${displayPath}: cannot be read (${code || 'error'})`);
}

export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return info.isFile() ? 'a file' : 'an unknown kind of file';
}

function megabytes(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
