/** The matrix for machines (SPEC §13): the report's header and `matrix: [{ key, values, status }]`. */
import { safeJson } from '../../util/controls.js';
import type { MatrixFormatter } from './index.js';

export const matrixJson: MatrixFormatter = {
  name: 'json',
  format(matrix, report) {
    return safeJson({
      schemaVersion: report.schemaVersion,
      tool: report.tool,
      command: 'matrix',
      environments: matrix.environments,
      reference: matrix.reference,
      generatedAt: report.generatedAt,
      summary: report.summary,
      matrix: matrix.rows.map((r) => ({
        key: r.key,
        source: r.source,
        values: r.values,
        status: r.status,
        differing: r.differing,
      })),
    });
  },
};
