import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import { tempRepo } from '../../support/repo.js';
import type { CliResult, JsonReport } from '../../support/cli.js';

/** A throwaway repository with the given files (and a .git, so config discovery stops there). */
export function repo(files: Readonly<Record<string, string | Buffer>>): string {
  return tempRepo(files, 'parity-world-');
}

/** `rule key env,env` for every finding, sorted, as the world tests compare them. */
export function findingLines(
  findings: readonly { rule: string; key: string; environments: readonly string[] }[],
): string[] {
  return findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`).sort();
}

/** `parity diff staging production -f json` in a world: no stderr, every source read. */
export async function diffWorld(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ result: CliResult; report: JsonReport }> {
  const result = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir, env });
  expect(result.stderr).toBe('');
  const report = jsonReport(result);
  expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
  return { result, report };
}

/** A database URL with its password replaced by `${ENV:variable}` (SPEC §7a: the whole password). */
export function withPasswordFrom(url: string, variable: string): string {
  const parsed = new URL(url);
  parsed.password = 'PASSWORD';
  return parsed.href.replace('PASSWORD', `\${ENV:${variable}}`);
}

/** Every file under `dir` but .git, as text: the reports and snapshots a run wrote. */
export function writtenFiles(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}.git`))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}
