/** Where parity's words go: the only module that touches stdout, stderr and report files. */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isParityError, oneLine } from '../errors.js';
import type { ReportView } from '../report/render.js';
import { displayable, escapeControls, neutralizeWorkflowCommands } from '../report/sanitize.js';
import { scrubSecrets } from '../snapshot/redact.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
}

export function createIo(): Io {
  // `parity … | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
  };
}

/** Writes a report to `--output` or stdout, scrubbed of every secret the run has seen. */
export async function writeReport(
  io: Io,
  text: string,
  secrets: readonly string[],
  output: string | undefined,
): Promise<void> {
  const clean = scrubSecrets(text, secrets);
  if (output) {
    await writeFile(path.resolve(io.cwd, output), clean, 'utf8');
  } else {
    io.stdout(io.env.GITHUB_ACTIONS === 'true' ? neutralizeWorkflowCommands(clean) : clean);
  }
}

export function reportError(
  error: unknown,
  io: Io,
  verbose: boolean,
  secrets: readonly string[] = [],
): void {
  if (isParityError(error)) {
    const hint = error.hint ? ` — ${error.hint}` : '';
    // Several lines only for config errors (one per problem); each is escaped on its own.
    const lines = scrubSecrets(error.message, secrets).split('\n').map(escapeControls);
    io.stderr(neutralizeWorkflowCommands(`parity: ${lines.join('\n')}${hint}\n`));
    if (verbose && error.stack) io.stderr(`${scrubSecrets(error.stack, secrets)}\n`);
    return;
  }
  // Anything else is a bug in parity: still one line unless asked for the stack.
  io.stderr(
    `parity: internal error: ${escapeControls(scrubSecrets(oneLine(error), secrets))}${verbose ? '' : ' (run with --verbose for details)'}\n`,
  );
  if (verbose && error instanceof Error && error.stack) {
    io.stderr(`${scrubSecrets(error.stack, secrets)}\n`);
  }
}

/** In GitHub Actions, `diff` and `check` also append the Markdown report to the step summary. */
export async function appendStepSummary(
  io: Io,
  report: ReportView,
  secrets: readonly string[],
): Promise<void> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (io.env.GITHUB_ACTIONS !== 'true' || !file) return;
  const { markdownFormatter } = await import('../report/markdown.js');
  const markdown = markdownFormatter.format(report, { color: false, verbose: false });
  await appendFile(file, `${scrubSecrets(markdown, secrets)}\n`, 'utf8');
}

/**
 * In GitHub Actions, findings located in a file become `::error`/`::warning` annotations on
 * that line of the pull request (on stderr, which the runner reads too).
 */
export function emitAnnotations(io: Io, report: ReportView, secrets: readonly string[]): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  for (const f of displayable(report).findings) {
    const file = f.location?.file;
    if (!file) continue;
    const level =
      f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const line = f.location?.line ? `,line=${f.location.line}` : '';
    const message = `${f.key}: ${f.message}`;
    io.stderr(
      `::${level} file=${escapeProperty(file)}${line},title=${escapeProperty(`parity ${f.rule}`)}::${escapeData(scrubSecrets(message, secrets))}\n`,
    );
  }
}

// The workflow-command escapes GitHub documents for data and properties.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
