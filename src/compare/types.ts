import type { Fact, FactKind } from '../snapshot/types.js';

/**
 * How the two sides of one key relate.
 * - `equal`: identical raw values, or identical after normalization (SPEC §4).
 * - `different`: both present, not equal.
 * - `only-a` / `only-b`: present in one environment only.
 */
type ComparisonStatus = 'equal' | 'different' | 'only-a' | 'only-b';

/** Why a difference is no drift (compare/expected.ts). */
export type ExpectedReason = 'differ' | 'sensitive' | 'size' | 'loopback' | 'build';

export interface Comparison {
  /** `<source>:<path>` */
  readonly key: string;
  readonly source: string;
  readonly path: string;
  /** The facts' kind (SPEC §3), as their source declares it. */
  readonly kind: FactKind;
  readonly a?: Fact;
  readonly b?: Fact;
  readonly status: ComparisonStatus;
  /** Either side is sensitive: compared through fingerprints, never displayed. */
  readonly sensitive: boolean;
  /** Raw values identical (through fingerprints for sensitive facts); unknown when a side is redacted without fingerprint. */
  readonly rawEqual: boolean | undefined;
  /** Set on a difference that is expected (no `value-drift`), with the reason. */
  readonly expected?: ExpectedReason;
  /** Normalized values for display (sensitive: undefined). */
  readonly normalizedA?: string;
  readonly normalizedB?: string;
}
