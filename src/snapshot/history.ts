/** Which environment a snapshot is of, whatever it is called in this run (SPEC §15). */
import type { Snapshot } from './types.js';

/** `production` for `production`, `production@~1` and a snapshot file of production. */
function environmentOf(snapshot: Snapshot): string {
  return snapshot.origin.kind === 'store'
    ? (snapshot.origin.ref.split('@')[0] ?? snapshot.identity.name)
    : snapshot.identity.name;
}

/** Two snapshots of one environment (at two times): a diff about change, not tiers. */
export function sameEnvironment(a: Snapshot, b: Snapshot): boolean {
  return environmentOf(a) === environmentOf(b);
}
