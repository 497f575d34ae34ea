/**
 * The matrix for a terminal: one aligned row per key, a column per environment, differing cells
 * marked `*` (and coloured), absent ones `—`. Values are cut to fit 80 columns; `-v` shows them
 * whole.
 */
import { Chalk } from 'chalk';
import type { MatrixFormatter } from './index.js';

const WIDTH = 80;
const ABSENT = '—';

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

export const matrixText: MatrixFormatter = {
  name: 'text',
  format(matrix, report, { color, verbose }) {
    const c = new Chalk({ level: color ? 1 : 0 });
    const envs = matrix.environments;
    const clean = (s: string): string => s.replace(/\s+/g, ' ');
    const rows = matrix.rows.map((r) => ({
      row: r,
      cells: [
        clean(r.key),
        ...envs.map((e) => {
          const v = r.values[e];
          return v === undefined ? ABSENT : `${clean(v)}${r.differing.includes(e) ? ' *' : ''}`;
        }),
        r.status,
      ],
    }));
    const header = [
      'key',
      ...envs.map((e) => (e === matrix.reference ? `${e} (ref)` : e)),
      'status',
    ];
    const natural = header.map((h, i) =>
      rows.reduce((w, r) => Math.max(w, r.cells[i]?.length ?? 0), h.length),
    );
    // Fit 80 columns: the key takes at most a third, the values share the rest.
    const gaps = 2 * (header.length - 1);
    const statusWidth = natural.at(-1) ?? 8;
    const keyWidth = verbose ? (natural[0] ?? 3) : Math.min(natural[0] ?? 3, Math.floor(WIDTH / 3));
    const share = Math.max(8, Math.floor((WIDTH - gaps - statusWidth - keyWidth) / envs.length));
    const widths = natural.map((w, i) =>
      verbose || i === natural.length - 1 ? w : i === 0 ? keyWidth : Math.min(w, share),
    );
    const line = (cells: readonly string[], paint?: (s: string, i: number) => string): string =>
      cells
        .map((cell, i) => {
          const text = cut(cell, widths[i] ?? cell.length).padEnd(widths[i] ?? 0);
          return paint ? paint(text, i) : text;
        })
        .join('  ')
        .trimEnd();
    const out = [
      `parity matrix ${envs.join(', ')}  ·  reference ${matrix.reference}  ·  ${report.summary.keysCompared} keys`,
      '',
      c.bold(line(header)),
    ];
    for (const { row, cells } of rows) {
      out.push(
        line(cells, (text, i) => {
          const env = envs[i - 1];
          if (env !== undefined && row.differing.includes(env)) return c.yellow(text);
          if (env !== undefined && row.values[env] === undefined) return c.red(text);
          return text;
        }),
      );
    }
    const differing = matrix.rows.filter((r) => r.status !== 'match').length;
    out.push(
      '',
      `${differing} of ${matrix.rows.length} keys differ · * differs from ${matrix.reference} · ${ABSENT} absent`,
      report.exitReason,
      '',
    );
    return out.join('\n');
  },
};
