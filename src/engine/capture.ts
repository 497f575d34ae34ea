/**
 * What `parity snapshot` writes: the environment's facts and, for its sensitive facts, the
 * capture-time signals (snapshot/signals.ts) that let a later diff of the file run the
 * single-environment rules again without their values. Never findings.
 */
import type { LoadedConfig } from '../config/load.js';
import { environmentNames, identityOf } from '../config/resolve.js';
import { toSnapshotFile } from '../snapshot/file.js';
import type { SnapshotFile } from '../snapshot/file.js';
import type { Snapshot } from '../snapshot/types.js';

export function snapshotFileOf(loaded: LoadedConfig, snapshot: Snapshot): SnapshotFile {
  const others = environmentNames(loaded)
    .filter((name) => name !== snapshot.identity.name)
    .map((name) => identityOf(loaded, name));
  return toSnapshotFile(snapshot, others);
}
