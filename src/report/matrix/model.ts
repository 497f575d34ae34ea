/**
 * `parity matrix` (SPEC §13): the key × environment table of a diff, one row per compared key
 * with every environment's displayed value (secrets arrive redacted), the key's status, and
 * which cells differ from the reference's. Built from the report's entries, so it says exactly
 * what the diff says.
 */
import type { ReportView } from '../render.js';
import type { ReportEntry } from '../types.js';

interface MatrixRow {
  readonly key: string;
  readonly source: string;
  readonly status: ReportEntry['status'];
  /** Each environment's displayed value; undefined where the environment lacks the key. */
  readonly values: Readonly<Record<string, string | undefined>>;
  /** The environments whose cell differs from the reference's (after normalization). */
  readonly differing: readonly string[];
}

export interface Matrix {
  readonly environments: readonly string[];
  readonly reference: string;
  readonly rows: readonly MatrixRow[];
}

export function matrixOf(report: ReportView): Matrix {
  const environments = report.environments;
  const reference = report.reference ?? environments.at(-1) ?? '';
  const rows = report.entries.map((e): MatrixRow => {
    // Two cells are the same when they show the same (identical values always are, SPEC §4),
    // or when both have normalized forms and those are equal.
    const same = (x: string, y: string): boolean => {
      if (e.values[x] === e.values[y]) return true;
      const nx = e.normalized[x];
      const ny = e.normalized[y];
      return nx !== undefined && nx === ny;
    };
    const differing =
      e.status === 'match'
        ? []
        : environments.filter((env) =>
            env === reference
              ? false
              : e.sensitive
                ? (e.values[env] === undefined) !== (e.values[reference] === undefined)
                : !same(env, reference),
          );
    // The reference differs too when every other does (it is the odd one out).
    const all = differing.length > 0 && differing.length === environments.length - 1;
    return {
      key: e.key,
      source: e.source,
      status: e.status,
      values: e.values,
      differing: all && environments.length > 2 ? [...differing, reference] : differing,
    };
  });
  return { environments, reference, rows };
}
