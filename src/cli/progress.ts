/**
 * Progress on stderr while sources load (SPEC §1): one rewritten status line on an interactive
 * terminal outside CI; plain lines (environment/source, facts, time) in CI logs and with
 * --verbose; nothing with --quiet, or when stderr is not a terminal (a pipe, a script).
 */
import type { ProgressEvent } from '../engine/load-environment.js';
import type { Io } from './io.js';
import type { GlobalOptions } from './options.js';

export interface Progress {
  readonly onEvent: (event: ProgressEvent) => void;
  done(): void;
}

export function createProgress(io: Io, options: GlobalOptions): Progress {
  const inCi = Boolean(io.env.CI) && io.env.CI !== 'false';
  const animated = io.stderrIsTty && !inCi && !options.quiet;
  const plain = !animated && !options.quiet && (options.verbose || inCi);
  let started = 0;
  let finished = 0;
  let failed = 0;
  let lastWidth = 0;
  const status = (text: string): void => {
    const padded = text.padEnd(lastWidth);
    lastWidth = text.length;
    io.stderr(`\r${padded}`);
  };
  return {
    onEvent(event) {
      if (event.kind === 'source-start') {
        started++;
        if (animated)
          status(`reading ${event.environment}/${event.source} … (${finished}/${started})`);
        return;
      }
      finished++;
      if (event.status === 'error') failed++;
      if (animated) {
        status(
          `read ${event.environment}/${event.source} (${finished}/${started}${failed ? `, ${failed} failed` : ''})`,
        );
      } else if (plain) {
        const what = event.status === 'ok' ? `${event.facts} facts` : 'failed';
        io.stderr(
          `parity: ${event.environment}/${event.source}: ${what} in ${event.durationMs} ms\n`,
        );
      }
    },
    done() {
      if (animated && lastWidth > 0) io.stderr(`\r${' '.repeat(lastWidth)}\r`);
    },
  };
}
