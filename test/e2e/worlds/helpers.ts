import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway repository with the given files (and a .git, so config discovery stops there). */
export function repo(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-world-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `rule key env,env` for every finding, sorted, as the world tests compare them. */
export function findingLines(
  findings: readonly { rule: string; key: string; environments: readonly string[] }[],
): string[] {
  return findings.map((f) => `${f.rule} ${f.key} ${f.environments.join(',')}`).sort();
}
