/**
 * What `parity snapshot` writes: the environment's snapshot, plus the single-environment
 * findings about its sensitive facts — the file cannot carry their values, so a later diff of
 * the file could not find them again.
 */
import type { LoadedConfig } from '../config/load.js';
import { environmentNames, identityOf } from '../config/resolve.js';
import { rules } from '../rules/index.js';
import { toSnapshotFile } from '../snapshot/file.js';
import type { SnapshotFile } from '../snapshot/file.js';
import type { Snapshot } from '../snapshot/types.js';
import { audit } from './audit.js';

export function snapshotFileOf(loaded: LoadedConfig, snapshot: Snapshot): SnapshotFile {
  return toSnapshotFile(snapshot, captureSensitiveFindings(loaded, snapshot));
}

function captureSensitiveFindings(
  loaded: LoadedConfig,
  snapshot: Snapshot,
): SnapshotFile['capturedFindings'] {
  const report = audit({
    command: 'check',
    snapshots: [snapshot],
    identities: environmentNames(loaded).map((name) => identityOf(loaded, name)),
    settings: loaded.config.compare,
    severities: {},
    ignores: [],
    failOn: 'never',
    now: new Date(),
  });
  const single = new Set(rules.filter((r) => r.scope === 'single').map((r) => r.id));
  return report.findings
    .filter((f) => f.sensitive && single.has(f.rule))
    .map((f) => ({
      rule: f.rule,
      messageId: f.messageId,
      data: { ...f.data },
      key: f.key,
      ...(f.source ? { source: f.source } : {}),
      ...(f.values ? { values: { ...f.values } } : {}),
      ...(f.location ? { location: f.location } : {}),
    }));
}
