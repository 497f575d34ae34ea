/**
 * What a hostile pull request needs in a test: a real Git repository (a trusted base commit, then
 * the pull request's working tree on top), and a listener standing in for the attacker's host
 * that records every byte it receives — the assertions are about what reached it, not about what
 * parity says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Files = Readonly<Record<string, string | null>>;

function write(dir: string, files: Files): void {
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

/**
 * A repository whose commit `base` holds `trusted`, with `pullRequest` written over it in the
 * working tree (`null` deletes a file), as `actions/checkout` leaves a pull request's merge.
 */
export function pullRequestRepo(
  trusted: Files,
  pullRequest: Files = {},
): { dir: string; base: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-hostile-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  git('init', '-q');
  write(dir, trusted);
  git('add', '-A');
  git('-c', 'user.name=base', '-c', 'user.email=base@example.com', 'commit', '-qm', 'base');
  const base = git('rev-parse', 'HEAD').trim();
  write(dir, pullRequest);
  return { dir, base };
}

/** The attacker's host: a TCP listener on a loopback address of its own. */
export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Every byte received, as latin1 text (HTTP requests, PostgreSQL startup packets, …). */
  received(): string;
  close(): Promise<void>;
}

export async function startListener(host = '127.0.0.2'): Promise<Listener> {
  let connections = 0;
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Say nothing and hang up soon: whatever the client sent first is on record.
    setTimeout(() => socket.destroy(), 200);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host,
    port,
    connections: () => connections,
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
