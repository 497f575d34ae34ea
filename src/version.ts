import { readFileSync } from 'node:fs';
import { packageRoot } from './package-root.js';

/** The package version, read once from package.json. */
export const VERSION: string = readVersion();

function readVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8'));
    if (
      typeof pkg === 'object' &&
      pkg !== null &&
      'version' in pkg &&
      typeof pkg.version === 'string'
    ) {
      return pkg.version;
    }
  } catch {
    // Fall through: a missing package.json is a packaging bug, not a reason to fail an audit.
  }
  return '0.0.0';
}
