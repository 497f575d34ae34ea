import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/cli/io.js';
import type { GlobalOptions } from '../../../src/cli/options.js';
import { createProgress } from '../../../src/cli/progress.js';

function io(stderrIsTty: boolean, env: NodeJS.ProcessEnv): { io: Io; err: string[] } {
  const err: string[] = [];
  return {
    err,
    io: {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      env,
      cwd: '/',
      stdoutIsTty: false,
      stderrIsTty,
    },
  };
}

const options = (partial: Partial<GlobalOptions> = {}): GlobalOptions => ({
  format: 'text',
  failOn: 'error',
  concurrency: 8,
  color: false,
  trustConfig: false,
  quiet: false,
  verbose: false,
  ...partial,
});

function run(target: ReturnType<typeof io>, opts: GlobalOptions): string {
  const p = createProgress(target.io, opts);
  p.onEvent({ kind: 'source-start', environment: 'staging', source: 'params' });
  p.onEvent({
    kind: 'source-done',
    environment: 'staging',
    source: 'params',
    status: 'ok',
    facts: 42,
    durationMs: 180,
  });
  p.done();
  return target.err.join('');
}

describe('progress on stderr', () => {
  it('animates one rewritten line on a terminal, and clears it', () => {
    const out = run(io(true, {}), options());
    expect(out).toContain('\rreading staging/params');
    expect(out).toContain('\rread staging/params (1/1)');
    expect(out.endsWith('\r')).toBe(true);
    expect(out).not.toContain('\n');
  });

  it('prints plain lines in CI, even on a terminal', () => {
    expect(run(io(true, { CI: 'true' }), options())).toBe(
      'parity: staging/params: 42 facts in 180 ms\n',
    );
  });

  it('is silent in a pipe unless --verbose, and always with --quiet', () => {
    expect(run(io(false, {}), options())).toBe('');
    expect(run(io(false, {}), options({ verbose: true }))).toBe(
      'parity: staging/params: 42 facts in 180 ms\n',
    );
    expect(run(io(true, {}), options({ quiet: true }))).toBe('');
  });
});
