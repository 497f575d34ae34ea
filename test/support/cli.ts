/**
 * Runs the built CLI as a user does: `node bin/parity.js …` in a directory, with NO_COLOR and
 * a controlled environment. Tests assert on exit code, stdout and stderr.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const BIN = fileURLToPath(new URL('../../bin/parity.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  // A clean environment: no AWS variables of the developer's leak into a test.
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...base, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const finding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  key: z.string(),
  source: z.string().optional(),
  environments: z.array(z.string()),
  message: z.string(),
  values: z.record(z.string(), z.string()).optional(),
  location: z
    .object({
      file: z.string().optional(),
      line: z.number().optional(),
      uri: z.string().optional(),
    })
    .optional(),
  sensitive: z.boolean(),
  related: z.array(z.object({ rule: z.string(), key: z.string() })).optional(),
  oddOneOut: z.object({ environment: z.string(), agreeing: z.array(z.string()) }).optional(),
});

/** The SPEC §6 JSON report, checked as it is parsed. */
export const reportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('parity'), version: z.string() }),
  command: z.enum(['diff', 'check']),
  environments: z.array(z.string()),
  reference: z.string().optional(),
  generatedAt: z.string(),
  summary: z.object({
    errors: z.number(),
    warnings: z.number(),
    infos: z.number(),
    keysCompared: z.number(),
    matching: z.number(),
    expectedDifferences: z.number(),
    ignored: z.number(),
    exitCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  }),
  sources: z.array(
    z.object({
      environment: z.string(),
      name: z.string(),
      type: z.string(),
      status: z.enum(['ok', 'error']),
      facts: z.number(),
      durationMs: z.number(),
      error: z.string().optional(),
      code: z.string().optional(),
      hint: z.string().optional(),
    }),
  ),
  findings: z.array(finding),
});

export type JsonReport = z.infer<typeof reportSchema>;

/** The run-time figures of a report (its time, each source's duration) made constant. */
export function withoutRunTimes(text: string): string {
  return text
    .replace(/"(generatedAt|capturedAt)": "[^"]*"/g, '"$1": "<time>"')
    .replace(/"durationMs": \d+/g, '"durationMs": 0');
}

/** The demo, as the README's first command runs it (`--fail-on never`: a demo, not a gate). */
export const DEMO_DIFF = [
  'diff',
  'staging',
  'production',
  '-c',
  'fixtures/demo/parity.yaml',
  '--fail-on',
  'never',
] as const;

/** Parses the JSON report printed by `-f json`. */
export function jsonReport(result: CliResult): JsonReport {
  return reportSchema.parse(JSON.parse(result.stdout));
}
