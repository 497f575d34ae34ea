/** `parity log <env> [--key GLOB] [--since DATE]`: what changed across the stored snapshots (SPEC §15). */
import { loadConfig, loadConfigAtRef } from '../../config/load.js';
import { assertTrustedPolicy } from '../../config/trust.js';
import type { LoadedConfig } from '../../config/load.js';
import { changeLog } from '../../engine/changelog.js';
import { isParityError, ParityError } from '../../errors.js';
import { logJson, logText } from '../../report/log.js';
import { readStoredSnapshot } from '../../snapshot/file.js';
import { mapLimit } from '../../util/concurrency.js';
import type { Io } from '../io.js';
import { reportError, writeReport } from '../io.js';
import type { GlobalOptions } from '../options.js';
import { storeFor } from './audit.js';

export async function runLog(
  env: string,
  filters: { key?: string; since?: string },
  options: GlobalOptions,
  io: Io,
): Promise<number> {
  try {
    if (options.format !== 'text' && options.format !== 'json')
      throw new ParityError('USAGE', `log has no ${options.format} format (text, json)`);
    if (filters.since !== undefined && Number.isNaN(Date.parse(filters.since)))
      throw new ParityError('USAGE', `--since ${filters.since}: not a date (YYYY-MM-DD)`);
    let loaded: LoadedConfig | undefined;
    try {
      loaded = options.configRef
        ? await loadConfigAtRef(io.cwd, options.config, options.configRef)
        : await loadConfig(io.cwd, options.config);
      // The store is policy: a pull request's own is not read (SPEC §7a).
      assertTrustedPolicy(loaded, io.env, options);
    } catch (error) {
      // A --store is enough: the log reads snapshots only.
      if (!(options.store && isParityError(error) && error.code === 'CONFIG_NOT_FOUND'))
        throw error;
    }
    const store = storeFor(loaded, options, io);
    if (!store)
      throw new ParityError('USAGE', 'log needs a snapshot store', {
        hint: 'pass --store DIR|s3://bucket/prefix, or set store: in parity.yaml',
      });
    const stamps = await store.list(env);
    if (stamps.length === 0)
      throw new ParityError('USAGE', `no snapshot of ${env} in the store ${store.label}`, {
        hint: `parity snapshot ${env} --store ${store.label} writes one`,
      });
    const snapshots = await mapLimit(stamps, 8, async (stamp) =>
      readStoredSnapshot(
        await store.read(env, stamp),
        `${store.label.replace(/\/$/, '')}/${env}/${stamp}.json`,
        `${env}@${stamp}`,
      ),
    );
    const since = filters.since
      ? new Date(
          filters.since.length === 10 ? `${filters.since}T00:00:00Z` : filters.since,
        ).toISOString()
      : undefined;
    const keys = changeLog(snapshots, {
      ...(filters.key ? { key: filters.key } : {}),
      ...(since ? { since } : {}),
    });
    const view = { environment: env, store: store.label, snapshots: stamps, keys };
    await writeReport(
      io,
      options.format === 'json' ? logJson(view) : logText(view),
      [],
      options.output,
    );
    return 0;
  } catch (error) {
    reportError(error, io, options.verbose, []);
    return 2;
  }
}
