/**
 * The matrix formatters (`parity matrix -f …`), registered here once and each imported only when
 * its format is asked for. SARIF has no table: `matrix -f sarif` is refused.
 */
import type { ReportView } from '../render.js';
import type { Matrix } from './model.js';

export const MATRIX_FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

export interface MatrixFormatter {
  readonly name: MatrixFormat;
  /** Pure: the matrix (and the report it came from, for its header and exit) in, text out. */
  format(matrix: Matrix, report: ReportView, options: { color: boolean; verbose: boolean }): string;
}

// Complete: a format without a formatter fails `tsc`.
const loaders: Record<MatrixFormat, () => Promise<MatrixFormatter>> = {
  text: async () => (await import('./text.js')).matrixText,
  markdown: async () => (await import('./markdown.js')).matrixMarkdown,
  html: async () => (await import('./html.js')).matrixHtml,
  json: async () => (await import('./json.js')).matrixJson,
};

export function isMatrixFormat(format: string): format is MatrixFormat {
  return (MATRIX_FORMATS as readonly string[]).includes(format);
}

export async function getMatrixFormatter(format: MatrixFormat): Promise<MatrixFormatter> {
  return loaders[format]();
}
