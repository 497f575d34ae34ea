/** Reading the local Git repository: no network, no pager, no prompt, no object replacements. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function git(cwd: string, args: readonly string[]): Promise<string> {
  // Never the object store's replacements: what a ref says is what counts.
  const { stdout } = await execFileAsync('git', ['--no-pager', '--no-replace-objects', ...args], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  return stdout;
}

/**
 * How many commits `branch` (or `origin/<branch>`) has that `commit` does not, from the local
 * history only; undefined when the commit or the branch is not there (a shallow checkout).
 */
export async function commitsBehind(
  cwd: string,
  commit: string,
  branch: string,
): Promise<number | undefined> {
  if (!/^[0-9a-f]{7,40}$/i.test(commit) || !/^(?!-)[\w./-]+$/.test(branch)) return undefined;
  for (const ref of [branch, `origin/${branch}`]) {
    try {
      const out = await git(cwd, ['rev-list', '--count', `${commit}..${ref}`, '--']);
      const n = Number(out.trim());
      if (Number.isInteger(n)) return n;
    } catch {
      // not this ref (or not this commit): try the next
    }
  }
  return undefined;
}
