/** `parity matrix <envs…>`: the key × environment table of a diff (SPEC §13); the diff's exit code. */
import { ParityError } from '../../errors.js';
import { getMatrixFormatter, isMatrixFormat, MATRIX_FORMATS } from '../../report/matrix/index.js';
import { matrixOf } from '../../report/matrix/model.js';
import { render } from '../../report/render.js';
import { displayable } from '../../report/sanitize.js';
import type { Io } from '../io.js';
import { reportError, writeReport } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { useColor } from '../options.js';
import { auditEnvironments, diffArguments } from './audit.js';

export async function runMatrix(
  envs: readonly string[],
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  let secrets: readonly string[] = [];
  try {
    const problem = diffArguments('matrix', envs, options);
    if (problem) throw new ParityError('USAGE', problem);
    const format = options.format;
    if (!isMatrixFormat(format))
      throw new ParityError(
        'USAGE',
        `matrix has no ${format} format (${MATRIX_FORMATS.join(', ')}); parity diff -f ${format} writes one`,
      );
    const formatter = await getMatrixFormatter(format);
    const result = await auditEnvironments('diff', envs, options, io);
    secrets = result.secrets;
    const view = displayable(render(result.report));
    const color = format === 'text' && useColor(options, io.env, io.stdoutIsTty);
    const text = formatter.format(matrixOf(view), view, { color, verbose: options.verbose });
    await writeReport(io, text, secrets, options.output);
    return result.report.summary.exitCode;
  } catch (error) {
    reportError(error, io, options.verbose, secrets);
    return 2;
  }
}
