/** `parity init`: writes a starter parity.yaml from what the repository holds. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigText } from '../../config/load.js';
import { inferHosts, scanRepository, starterConfig } from '../../init/starter.js';
import type { Io } from '../io.js';
import { reportError } from '../io.js';

export async function runInit(
  options: { force: boolean; config?: string; verbose?: boolean },
  io: Io,
): Promise<number> {
  try {
    const file = path.resolve(io.cwd, options.config ?? 'parity.yaml');
    const shown = path.relative(io.cwd, file) || file;
    if (existsSync(file) && !options.force) {
      io.stderr(`parity: ${shown} already exists — use --force to overwrite it\n`);
      return 2;
    }
    const scan = await scanRepository(io.cwd);
    const first = starterConfig(scan, path.basename(io.cwd));
    const hosts = await inferHosts(io.cwd, scan, first.environments);
    const { text, environments } = starterConfig(scan, path.basename(io.cwd), hosts);
    // What init writes must load: validate before touching the disk.
    parseConfigText(text, file);
    await writeFile(file, text, 'utf8');
    const found = [...scan.dotenv.entries()].map(
      ([dir, envs]) => `${dir || '.'}/.env.{${[...envs].join(',')}}`,
    );
    io.stdout(
      `wrote ${shown} for environments ${environments.join(', ')}${found.length ? ` (from ${found.join(', ')})` : ''}\n` +
        `next: parity diff ${environments.slice(0, 2).join(' ')}\n`,
    );
    return 0;
  } catch (error) {
    reportError(error, io, options.verbose === true);
    return 2;
  }
}
