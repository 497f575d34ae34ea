/**
 * The matrix for a pull-request comment: the keys that differ only (a comment is read, not
 * searched), a column per environment, differing cells in bold, absent ones `—`.
 */
import { cell, code } from '../markdown.js';
import type { MatrixFormatter } from './index.js';

export const matrixMarkdown: MatrixFormatter = {
  name: 'markdown',
  format(matrix, report) {
    const envs = matrix.environments;
    const rows = matrix.rows.filter((r) => r.status !== 'match');
    const out = [
      `### parity matrix ${envs.map(cell).join(' · ')}`,
      '',
      `${rows.length} of ${matrix.rows.length} keys differ; reference **${cell(matrix.reference)}**. ${cell(report.exitReason)}`,
      '',
    ];
    if (rows.length === 0) return `${out.join('\n')}No key differs.\n`;
    out.push(
      `| key | ${envs.map(cell).join(' | ')} | status |`,
      `| --- | ${envs.map(() => '---').join(' | ')} | --- |`,
    );
    for (const r of rows) {
      const cells = envs.map((e) => {
        const v = r.values[e];
        if (v === undefined) return '—';
        return r.differing.includes(e) ? `**${code(v)}**` : code(v);
      });
      out.push(`| ${code(r.key)} | ${cells.join(' | ')} | ${r.status} |`);
    }
    return `${out.join('\n')}\n`;
  },
};
