/**
 * Hostile keys and values (newlines, workflow commands, ESC sequences, bidi overrides, pipes)
 * in every source that can carry them, through every format under GitHub Actions: no line of
 * stdout or the step summary starts a workflow command, the only ones on stderr are parity's
 * own annotations, and no raw control character reaches any output.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { repo } from './worlds/helpers.js';

const ESC = '\u001b';
const EVIL_KEY = 'EVIL\n::error::key-injected';
const ssmExport = (env: string, n = env === 'staging' ? '1' : '2') =>
  JSON.stringify({
    Parameters: [
      { Name: `/app/${env}/${EVIL_KEY}`, Type: 'String', Value: `v-${n}` },
      { Name: `/app/${env}/PIPE|KEY`, Type: 'String', Value: `a|b ${n}` },
      {
        Name: `/app/${env}/ESCAPES`,
        Type: 'String',
        Value: `${ESC}[2J${ESC}]0;title\u0007::add-mask::${n}\u202e\u009b`,
      },
    ],
  });

// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('hostile values in the output', () => {
  it('no workflow command and no raw control character in any format', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments: { staging: {}, production: {} }
sources:
  params: { type: ssm, path: "/app/\${env}/", export: "ssm-\${env}.json" }
  web: { type: dotenv, file: ".env.\${env}" }
`,
      'ssm-staging.json': ssmExport('staging'),
      'ssm-production.json': ssmExport('production'),
      '.env.staging': `NOTE="one\\n::warning::from-a-value 1"\nTITLE="${ESC}[31mred${ESC}[0m 1"\n`,
      '.env.production': `NOTE="one\\n::warning::from-a-value 2"\nTITLE="${ESC}[31mred${ESC}[0m 2"\n`,
    });
    const out = mkdtempSync(path.join(tmpdir(), 'parity-hostile-out-'));
    const summary = path.join(out, 'summary.md');
    writeFileSync(summary, '');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const written: string[] = [];
    for (const format of ['text', 'json', 'markdown', 'sarif', 'html']) {
      for (const verbose of [[], ['-v']]) {
        const r = await runCli(['diff', 'staging', 'production', '-f', format, ...verbose], {
          cwd: dir,
          env,
        });
        expect(r.code).toBe(0); // value-drift is a warning
        const lines = r.stdout.split('\n');
        expect(lines.filter((l) => /^\s*::/.test(l))).toEqual([]);
        for (const line of r.stderr.split('\n').filter((l) => /^\s*::/.test(l)))
          expect(line).toMatch(
            /^::(error|warning|notice) file=[^,:]+(,line=\d+)?,title=parity [a-z-]+::/,
          );
        expect(r.stdout).not.toMatch(RAW_CONTROL);
        expect(r.stderr).not.toMatch(RAW_CONTROL);
        const file = path.join(out, `report.${format}${verbose.length ? '.v' : ''}`);
        await runCli(['diff', 'staging', 'production', '-f', format, ...verbose, '-o', file], {
          cwd: dir,
        });
        written.push(readFileSync(file, 'utf8'));
      }
    }
    for (const text of [...written, readFileSync(summary, 'utf8')]) {
      expect(text).not.toMatch(RAW_CONTROL);
    }
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
    // Each findings row has exactly the header's columns: no pipe of a key or value split a cell.
    const table = markdown.split('### Findings')[1]?.split('\n\n')[1]?.split('\n') ?? [];
    const columns = (row: string) => row.replace(/\\\|/g, '').split('|').length;
    expect(table.length).toBeGreaterThan(2);
    for (const row of table) expect(columns(row)).toBe(columns(table[0] ?? ''));
    // The hostile key is still shown, escaped, so a reader sees what is there.
    expect(written[0]).toContain('EVIL\\n::error::key-injected');
  });
});
