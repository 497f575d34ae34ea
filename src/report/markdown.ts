/**
 * Markdown for pull-request comments and GitHub step summaries: a summary table, the findings
 * table, and the matching keys collapsed in a <details> block.
 */
import { displayable } from './sanitize.js';
import type { ReportView as Report } from './render.js';
import type { Formatter } from './types.js';

const ICON: Readonly<Record<string, string>> = { error: '🔴', warning: '🟡', info: '🔵' };
const MAX_CELL = 120;
const MAX_ROWS = 200;

export const markdownFormatter: Formatter = {
  name: 'markdown',
  format(raw: Report): string {
    const report = displayable(raw);
    const s = report.summary;
    const title =
      report.command === 'diff'
        ? `parity diff ${report.environments.join(' ↔ ')}`
        : `parity check ${report.environments.join('')}`;
    const verdict =
      s.exitCode === 2
        ? '⛔ **Audit incomplete** — a source could not be read; nothing is known about it.'
        : report.findings.length === 0
          ? '✅ **No drift found.**'
          : s.exitCode === 1
            ? `❌ **${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}.**`
            : `⚠️ **${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}** (below --fail-on ${report.failOn}).`;
    const out: string[] = [`## ${title}`, '', verdict, ''];
    out.push(
      '| errors | warnings | infos | keys compared | matching | expected differences | ignored | exit |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${s.errors} | ${s.warnings} | ${s.infos} | ${s.keysCompared} | ${s.matching} | ${s.expectedDifferences} | ${s.ignored} | ${s.exitCode} |`,
      '',
    );
    const failed = report.sources.filter((src) => src.status === 'error');
    if (failed.length > 0) {
      out.push('### Sources that could not be read', '');
      for (const src of failed) {
        out.push(
          `- ${code(`${src.environment}/${src.name}`)} (${src.type}): ${cell(`${src.error ?? 'failed'}${src.hint ? ` — ${src.hint}` : ''}`)}`,
        );
      }
      out.push('');
    }
    if (report.findings.length > 0) {
      const envs = report.environments;
      out.push('### Findings', '');
      out.push(`| | rule | key | message | ${envs.map(cell).join(' | ')} |`);
      out.push(`|---|---|---|---|${envs.map(() => '---').join('|')}|`);
      for (const f of report.findings.slice(0, MAX_ROWS)) {
        const values = envs.map((e) =>
          f.values?.[e] === undefined ? '' : code(f.values[e] ?? ''),
        );
        out.push(
          `| ${ICON[f.severity] ?? ''} | \`${f.rule}\` | ${code(f.key)} | ${cell(f.message)} | ${values.join(' | ')} |`,
        );
      }
      if (report.findings.length > MAX_ROWS) {
        out.push(
          '',
          `…and ${report.findings.length - MAX_ROWS} more findings (see the JSON report).`,
        );
      }
      out.push('');
    }
    const matching = report.entries.filter((e) => e.status === 'match' || e.status === 'expected');
    if (matching.length > 0) {
      out.push(
        `<details><summary>${count(matching.length, 'key')} matching or differing as expected</summary>`,
        '',
        '| key | status |',
        '|---|---|',
        ...matching.slice(0, MAX_ROWS).map((e) => `| ${code(e.key)} | ${e.status} |`),
        '',
        '</details>',
        '',
      );
    }
    out.push(`<sub>${cell(report.exitReason)} · parity ${report.tool.version}</sub>`, '');
    return out.join('\n');
  },
};

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Pipes escaped, newlines folded (control characters are already escaped), long values cut. */
function flat(text: string): string {
  const one = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return one.length > MAX_CELL ? `${one.slice(0, MAX_CELL - 1)}…` : one;
}

/** Table-safe prose: also HTML-significant characters, which GitHub would render as markup. */
export function cell(text: string): string {
  return flat(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A code span: no markup inside it, so only pipes, newlines and backticks need care. */
export function code(text: string): string {
  return `\`${flat(text.replace(/`/g, "'"))}\``;
}
