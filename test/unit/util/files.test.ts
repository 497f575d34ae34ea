import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParityError } from '../../../src/errors.js';
import { insideRoot, readFileCapped, readJsonFile, readTextFile } from '../../../src/util/files.js';

/** A repository with `files`, and a sibling directory outside it holding `outside.env`. */
function repository(files: Record<string, string> = {}): { root: string; outside: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'parity-files-'));
  const root = path.join(base, 'repo');
  mkdirSync(path.join(root, '.git'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  mkdirSync(path.join(base, 'elsewhere'));
  const outside = path.join(base, 'elsewhere', 'outside.env');
  writeFileSync(outside, 'SECRET=outside\n');
  return { root, outside };
}

async function failure(promise: Promise<unknown>): Promise<ParityError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ParityError)) throw new Error(`expected a ParityError, got ${error}`);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('readTextFile', () => {
  it('reads a regular file inside the repository (BOM dropped)', async () => {
    const { root } = repository({ 'app/.env': '\uFEFFA=1\n' });
    const read = await readTextFile(path.join(root, 'app'), '.env', root);
    expect(read.text).toBe('A=1\n');
    expect(read.absolutePath).toBe(path.join(root, 'app/.env'));
  });

  it('names a missing file', async () => {
    const { root } = repository();
    const error = await failure(readTextFile(root, 'nope.env', root));
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toMatch(/nope\.env: file not found$/);
  });

  it('refuses a path, a link and a linked folder that lead out of the repository', async () => {
    const { root, outside } = repository();
    symlinkSync(outside, path.join(root, 'link.env'));
    symlinkSync(path.dirname(outside), path.join(root, 'linked'));
    for (const file of ['../elsewhere/outside.env', 'link.env', 'linked/outside.env']) {
      const error = await failure(readTextFile(root, file, root));
      expect(error.code).toBe('FILE_UNREADABLE');
      expect(error.message).toMatch(new RegExp(`^${file}: outside the repository`));
    }
    // Judged by where the folder really is even when the file does not exist.
    expect(() => insideRoot(root, 'linked/missing.env', root)).toThrow(/outside the repository/);
  });

  it('refuses version-control folders, directly, through a link, and in any case', async () => {
    const { root } = repository({
      '.git/config': '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n',
      'sub/.hg/hgrc': 'A=1\n',
    });
    symlinkSync(path.join(root, '.git/config'), path.join(root, 'config.env'));
    for (const file of ['.git/config', 'sub/.hg/hgrc', 'config.env', '.GIT/config', 'x/.svn/a']) {
      const error = await failure(readTextFile(root, file, root));
      expect(error.message).toBe(
        `${file}: inside a version-control folder (.git, .hg, .svn); parity does not read them`,
      );
    }
  });

  it('a file whose name starts with two dots is still inside', async () => {
    const { root } = repository({ '..env': 'A=1\n' });
    expect((await readTextFile(root, '..env', root)).text).toBe('A=1\n');
  });

  it('a repository reached through a link still reads its own files', async () => {
    const { root } = repository({ '.env': 'A=1\n' });
    const alias = path.join(path.dirname(root), 'alias');
    symlinkSync(root, alias);
    expect((await readTextFile(alias, '.env', alias)).text).toBe('A=1\n');
  });

  it('refuses a FIFO without opening it (opening would block)', async () => {
    const { root } = repository();
    execFileSync('mkfifo', [path.join(root, 'fifo.env')]);
    const error = await failure(readTextFile(root, 'fifo.env', root));
    expect(error.message).toMatch(/fifo\.env: not a regular file \(a FIFO\)$/);
  });

  it('refuses a directory and a device', async () => {
    const { root } = repository({ 'dir/a': '' });
    expect((await failure(readTextFile(root, 'dir', root))).message).toMatch(
      /dir: not a regular file \(a directory\)$/,
    );
    // Without a root (snapshot files named on the command line) the kind is still checked.
    expect((await failure(readTextFile('/', 'dev/zero'))).message).toBe(
      '/dev/zero: not a regular file (a character device)',
    );
  });

  it.skipIf(!existsSync('/proc/self/pagemap'))(
    'stops at the cap when stat reports 0 bytes (/proc/self/pagemap)',
    async () => {
      expect(lstatSync('/proc/self/pagemap').size).toBe(0);
      const error = await failure(readTextFile('/proc/self', 'pagemap', undefined, 1024 * 1024));
      expect(error.message).toBe('/proc/self/pagemap: over the 1 MB limit');
    },
  );

  it('refuses a file stat shows over the cap before reading it', async () => {
    const { root } = repository({ 'big.env': `A=${'x'.repeat(2 * 1024 * 1024)}\n` });
    const error = await failure(readTextFile(root, 'big.env', root, 1024 * 1024));
    expect(error.message).toMatch(/big\.env: 2 MB is over the 1 MB limit$/);
  });

  it('readJsonFile goes through the same checks', async () => {
    const { root, outside } = repository({ 'ok.json': '{"a": 1}' });
    symlinkSync(outside, path.join(root, 'out.json'));
    expect((await readJsonFile(root, 'ok.json', root)).data).toEqual({ a: 1 });
    await expect(readJsonFile(root, 'out.json', root)).rejects.toThrow(/outside the repository/);
  });
});

describe('readFileCapped', () => {
  it('reads at most maxBytes + 1 bytes, into a buffer of its own', async () => {
    const { root } = repository({ 'a.txt': 'x'.repeat(1000) });
    const file = path.join(root, 'a.txt');
    const bytes = await readFileCapped(file, 'a.txt', 100, lstatSync(file));
    expect(bytes.length).toBe(101);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(101);
    expect((await readFileCapped(file, 'a.txt', 5000, lstatSync(file))).length).toBe(1000);
  });

  it('refuses a file replaced after it was checked', async () => {
    const { root } = repository({ 'a.txt': 'checked', 'b.txt': 'swapped in' });
    const file = path.join(root, 'a.txt');
    const checked = lstatSync(file);
    renameSync(path.join(root, 'b.txt'), file);
    const error = await failure(readFileCapped(file, 'a.txt', 100, checked));
    expect(error.message).toBe('a.txt: changed while being read');
  });

  it('refuses a link put in place of the file', async () => {
    const { root, outside } = repository({ 'a.txt': 'checked' });
    const file = path.join(root, 'a.txt');
    const checked = lstatSync(file);
    renameSync(file, path.join(root, 'old.txt'));
    symlinkSync(outside, file);
    const error = await failure(readFileCapped(file, 'a.txt', 100, checked));
    expect(error.message).toMatch(/^a\.txt: cannot be read \(ELOOP\)$/);
  });
});
