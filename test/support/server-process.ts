/**
 * A throwaway database server process for the tests (PostgreSQL, MariaDB): started in its own
 * temp dir, its stderr's tail kept for error messages, and stopped with SIGTERM (which
 * `runuser` passes on; SIGINT left servers behind), SIGKILL after `killAfterMs`; the directory
 * is removed once the server has exited, not while it still writes there.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface ServerProcess {
  readonly child: ChildProcess;
  /** The last 2,000 characters the server wrote to stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

export function spawnServer(
  cmd: string,
  args: readonly string[],
  dir: string,
  killAfterMs: number,
): ServerProcess {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-2000);
  });
  return {
    child,
    stderr: () => tail,
    stop: async () => {
      child.stderr?.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
