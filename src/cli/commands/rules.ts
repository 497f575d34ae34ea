/** `parity rules` and `parity explain <rule>`. */
import { readFile } from 'node:fs/promises';
import { rules, getRule } from '../../rules/index.js';
import type { Io } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { packageRoot } from '../../package-root.js';

export function runRules(options: GlobalOptions, io: Io): Promise<number> {
  if (options.format === 'json') {
    const list = rules.map((r) => ({
      id: r.id,
      defaultSeverity: r.defaultSeverity,
      scope: r.scope,
      description: r.description,
    }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return Promise.resolve(0);
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map(
    (r) =>
      `${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(7)}  ${r.scope.padEnd(6)}  ${r.description}`,
  );
  io.stdout(
    `${'rule'.padEnd(idWidth)}  ${'default'.padEnd(7)}  ${'scope'.padEnd(6)}  finds\n${lines.join('\n')}\n\nparity explain <rule> prints a rule's documentation.\n`,
  );
  return Promise.resolve(0);
}

export async function runExplain(id: string, io: Io): Promise<number> {
  const rule = getRule(id);
  if (!rule) {
    io.stderr(`parity: unknown rule "${id}" (parity rules lists them)\n`);
    return 2;
  }
  const doc = await readFile(new URL(`docs/rules/${rule.id}.md`, packageRoot), 'utf8');
  io.stdout(doc.endsWith('\n') ? doc : `${doc}\n`);
  return 0;
}
