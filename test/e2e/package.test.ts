/**
 * The npm package as users get it (issue 19): `npm pack` builds dist/ itself (prepack), the
 * tarball installs into an empty folder with no dependency at all (dist/ is self-contained),
 * and from there `parity --version`, `parity --help` and the bundled demo run; publint finds
 * nothing to say. The tarball's and the install's sizes are printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

function size(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) total += statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

describe('the npm package', () => {
  it('packs, installs into an empty folder with nothing else, and runs the demo from there', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-pack-'));
    // `npm pack` builds dist/ first (prepack); here the test command has just built it, and a
    // rebuild would pull dist/ from under the tests running beside this one.
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    expect(manifest.scripts.prepack).toBe('npm run build --silent');
    expect(manifest.dependencies).toBeUndefined();
    const packed = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', out], REPO_ROOT),
    ) as {
      filename: string;
      size: number;
      files: { path: string }[];
    }[];
    const tarball = path.join(out, packed[0]?.filename ?? '');
    const files = (packed[0]?.files ?? []).map((f) => f.path);
    expect(files).toContain('dist/main.js');
    expect(files).toContain('fixtures/demo/parity.yaml');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const app = mkdtempSync(path.join(tmpdir(), 'parity-install-'));
    writeFileSync(path.join(app, 'package.json'), '{ "name": "consumer", "private": true }\n');
    npm(['install', tarball], app);
    const modules = readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(modules).toEqual(['parity-audit']);
    const installed = path.join(app, 'node_modules', 'parity-audit');
    const bin = path.join(app, 'node_modules', '.bin', 'parity');
    const run = (args: string[]) =>
      execFileSync(bin, args, {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(run(['--version'])).toBe(`${version}\n`);
    expect(run(['--help'])).toContain('Usage: parity');
    const demo = run([
      'diff',
      'staging',
      'production',
      '-c',
      path.join(installed, 'fixtures/demo/parity.yaml'),
      '--fail-on',
      'never',
    ]);
    expect(demo).toContain('localhost-url');
    expect(demo).toContain('schema-drift');
    expect(demo).toMatch(/exit 0: --fail-on never/);

    const lint = execFileSync(
      path.join(REPO_ROOT, 'node_modules/.bin/publint'),
      ['run', installed, '--strict'],
      {
        encoding: 'utf8',
      },
    );
    expect(lint).not.toMatch(/error|warning|suggestion/i);
    console.log(
      `[package] tarball ${Math.round((packed[0]?.size ?? 0) / 1024)} kB; installed ${Math.round(size(installed) / 1024)} kB; dependencies installed: none`,
    );
  }, 120_000);
});
