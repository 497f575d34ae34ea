/**
 * What a hostile pull request needs in a test: a real Git repository (a trusted base commit, then
 * the pull request's working tree on top), and a listener standing in for the attacker's host
 * that records every byte it receives — the assertions are about what reached it, not about what
 * parity says.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { expect } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import type { CliResult } from '../../support/cli.js';
import { gitRepo, writeFiles } from '../../support/repo.js';
import { withPasswordFrom } from '../worlds/helpers.js';
import type { Files } from '../../support/repo.js';

export type { Files };

/**
 * A repository whose commit `base` holds `trusted`, with `pullRequest` written over it in the
 * working tree (`null` deletes a file), as `actions/checkout` leaves a pull request's merge.
 */
export function pullRequestRepo(
  trusted: Files,
  pullRequest: Files = {},
): { dir: string; base: string } {
  const { dir, commit } = gitRepo(trusted, 'parity-hostile-');
  writeFiles(dir, pullRequest);
  return { dir, base: commit };
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

/**
 * A pull request's own `sql` probe run by `parity check staging -f json -v`: the connection's
 * password comes from the environment (`${ENV:DB_PASSWORD}`), the host is allowed. Returns the
 * run, everything it printed, and the probe's error; the password is in none of it.
 */
export async function pullRequestProbe(
  url: string,
  host: string,
  query: string,
  password: string,
): Promise<{ result: CliResult; output: string; error: string | undefined }> {
  const { dir } = pullRequestRepo({
    'parity.yaml': `version: 1
environments: { staging: { allowHosts: [${host}] } }
sources:
  plans:
    type: sql
    connection: "${withPasswordFrom(url, 'DB_PASSWORD')}"
    query: ${JSON.stringify(query)}
    key: name
`,
  });
  const result = await runCli(['check', 'staging', '-f', 'json', '-v'], {
    cwd: dir,
    env: { DB_PASSWORD: password },
  });
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(password);
  return { result, output, error: jsonReport(result).sources[0]?.error };
}
