/**
 * Throwaway repositories for tests, written once. `tempRepo` writes files under a fresh temp
 * directory with an empty `.git` (so config discovery stops there); `gitRepo` makes a real
 * Git repository with one commit of `files`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** File path → content; `null` deletes the file. */
export type Files = Readonly<Record<string, string | Buffer | null>>;

export function writeFiles(dir: string, files: Files): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (content === null) {
      rmSync(file, { force: true });
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export function tempRepo(files: Files = {}, prefix = 'parity-repo-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(dir, '.git'));
  writeFiles(dir, files);
  return dir;
}

/** Runs git in `dir` with a fixed identity; returns its trimmed output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=parity-test', '-c', 'user.email=test@example.com', ...args],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  ).trim();
}

/** A real repository whose first commit holds `files`; returns it and that commit. */
export function gitRepo(files: Files, prefix = 'parity-git-'): { dir: string; commit: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return { dir, commit: git(dir, 'rev-parse', 'HEAD') };
}
