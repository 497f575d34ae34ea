/** `parity init`: writes a starter parity.yaml from what the repository holds. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConfigText } from '../../config/load.js';
import { ParityError } from '../../errors.js';
import type { RepoScan } from '../../init/scan.js';
import { inferHosts, nextCommand, scanRepository, starterConfig } from '../../init/starter.js';
import type { Io } from '../io.js';
import { reportError } from '../io.js';

// The names `parity diff` finds on its own; any other config file needs `-c`.
const DISCOVERED = new Set(['parity.yaml', 'parity.yml', 'parity.json']);

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
    const project = path.basename(io.cwd);
    const first = starterConfig(scan, project);
    if (first.sources.length === 0) throw nothingReadable(scan);
    const hosts = await inferHosts(io.cwd, scan, first.environments);
    const { text, environments, sources } = starterConfig(scan, project, hosts);
    // What init writes must load: validate before touching the disk.
    parseConfigText(text, file);
    await writeFile(file, text, 'utf8');
    // Printed only if it runs as printed: the config is found without -c only under its default names.
    const configFlag = DISCOVERED.has(shown) ? '' : ` -c ${shown}`;
    io.stdout(
      `wrote ${shown} for environments ${environments.join(', ')} with sources ${sources.map((s) => `${s.name} (${s.type})`).join(', ')}\n` +
        `next: parity ${nextCommand(environments)}${configFlag}\n`,
    );
    return 0;
  } catch (error) {
    reportError(error, io, options.verbose === true);
    return 2;
  }
}

/** Writing a config that reads nothing would only move the failure to `parity diff`. */
function nothingReadable(scan: RepoScan): ParityError {
  const partial =
    scan.dotenv.size > 0 ? ' (.env.<environment> files exist for one environment only)' : '';
  const seen = [
    scan.ssmPaths.length > 0 && 'SSM paths',
    scan.apprunnerYaml.length > 0 && 'apprunner.yaml',
    scan.distributions.length > 0 && 'CloudFront distributions',
    scan.buckets.length > 0 && 'S3 buckets',
  ].filter(Boolean);
  return new ParityError(
    'NOTHING_TO_AUDIT',
    `init found no source it can read here${partial}: no .env.<environment> files for two environments, no framework .env files, no ECS task definition JSON — nothing written`,
    {
      hint: `declare sources by hand (docs/configuration.md)${seen.length > 0 ? `; the workflows name ${seen.join(', ')}` : ''}`,
    },
  );
}
