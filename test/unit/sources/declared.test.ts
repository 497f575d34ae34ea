/**
 * `declared:` files (SPEC §14): the name → value mappings SSM and Secrets Manager are declared in,
 * each name at its line, and a file outside the repository refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, readNameValues } from '../../../src/sources/_declared.js';

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'parity-declared-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return root;
}

describe('declared files', () => {
  it('reads JSON, YAML and dotenv mappings, names relative to the SSM path, each at its line', async () => {
    const root = dir({
      'a.json': '{\n  "/app/prod/WORKERS": "4",\n  "TIMEOUT": 30\n}\n',
      'b.yaml': '# params\nWORKERS: 4\nstripe/SECRET_KEY: sk_live_x\n',
      'c.env': 'WORKERS=4\nexport TIMEOUT=30\n',
    });
    const ctx = { baseDir: root, rootDir: root };
    const shape = (facts: Awaited<ReturnType<typeof readNameValues>>) =>
      facts.map((f) => [f.path, f.value, f.location?.line]);
    expect(shape(await readNameValues('a.json', ctx, '/app/prod/'))).toEqual([
      ['WORKERS', '4', 2],
      ['TIMEOUT', 30, 3],
    ]);
    expect(shape(await readNameValues('b.yaml', ctx))).toEqual([
      ['WORKERS', 4, 2],
      ['stripe/SECRET_KEY', 'sk_live_x', 3],
    ]);
    expect(shape(await readNameValues('c.env', ctx))).toEqual([
      ['WORKERS', '4', 1],
      ['TIMEOUT', '30', 2],
    ]);
  });

  it('refuses what is not a mapping, and a file outside the repository, in one line', async () => {
    const root = dir({ 'list.json': '["a", "b"]' });
    const ctx = { baseDir: root, rootDir: root };
    await expect(readNameValues('list.json', ctx)).rejects.toThrow(
      /list\.json: expected a mapping of names to values \(JSON, YAML or dotenv\)$/,
    );
    await expect(readNameValues('../../etc/passwd', ctx)).rejects.toThrow(
      /^\.\.\/\.\.\/etc\/passwd: outside the repository \(.*\); parity reads files inside it only$/,
    );
  });

  it('finds a name written as a JSON key, a YAML key, a dotenv line or a `- name:` item', () => {
    const text =
      '{\n  "name": "LOG_LEVEL",\n  "value": "info"\n}\nTIMEOUT: 3\n- name: QUEUE\nA=1\n';
    expect(['LOG_LEVEL', 'TIMEOUT', 'QUEUE', 'A', 'MISSING'].map((n) => lineOf(text, n))).toEqual([
      2,
      5,
      6,
      7,
      undefined,
    ]);
  });
});
