/**
 * History refs (SPEC §15): `ENV@latest`, `ENV@<date or datetime>` (the last snapshot at or
 * before it), `ENV@~N` (N before the latest), resolved against a store's capture times.
 */
import { ParityError } from '../errors.js';

export interface HistoryRef {
  readonly env: string;
  readonly ref: string;
}

/** `production@2026-11-01` → { env: production, ref: 2026-11-01 }; undefined for a plain name. */
export function parseRef(arg: string): HistoryRef | undefined {
  const m =
    /^([\w.-]+)@(latest|~\d+|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z?)?)$/.exec(
      arg,
    );
  return m?.[1] && m[2] ? { env: m[1], ref: m[2] } : undefined;
}

/** The capture time a ref names among `stamps` (oldest first), or a one-line error. */
export function resolveRef(ref: HistoryRef, stamps: readonly string[], label: string): string {
  const none = (why: string): ParityError =>
    new ParityError('USAGE', `${ref.env}@${ref.ref}: ${why} in the store ${label}`, {
      hint: `parity snapshot ${ref.env} --store ${label} writes one`,
    });
  if (stamps.length === 0) throw none('no snapshot of this environment');
  if (ref.ref === 'latest') return stamps.at(-1) ?? '';
  if (ref.ref.startsWith('~')) {
    const back = Number(ref.ref.slice(1));
    const at = stamps.length - 1 - back;
    if (at < 0) throw none(`only ${stamps.length} snapshot${stamps.length === 1 ? '' : 's'}`);
    return stamps[at] ?? '';
  }
  // A date is the end of that day (UTC); a datetime without a zone is UTC.
  const text =
    ref.ref.length === 10
      ? `${ref.ref}T23:59:59.999Z`
      : ref.ref.endsWith('Z')
        ? ref.ref
        : `${ref.ref}Z`;
  const limit = Date.parse(text);
  if (Number.isNaN(limit)) throw new ParityError('USAGE', `${ref.env}@${ref.ref}: not a date`);
  const at = stamps.filter((s) => Date.parse(s) <= limit).at(-1);
  if (!at) throw none(`no snapshot at or before ${ref.ref}`);
  return at;
}
