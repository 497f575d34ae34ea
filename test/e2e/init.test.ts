/**
 * `parity init` on repositories nobody wrote for parity (dotenv files, ECS task definitions, a
 * Vite or Next.js project), then every command it prints, run as printed with no edits.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliResult, JsonReport } from '../support/cli.js';
import { jsonReport, runCli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

const repo = (files: Record<string, string>): string => tempRepo(files, 'parity-init-');
const REAL_WORLD = fileURLToPath(new URL('../fixtures/real-world/', import.meta.url));
const real = (file: string): string => readFileSync(path.join(REAL_WORLD, file), 'utf8');

/** The real-world fixture folder's files, under their own names. */
function project(folder: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, real(`${folder}/${n}`)]));
}

/**
 * Runs each command init printed after `next:` as printed (plus `-f json`): it must complete
 * the audit (exit 0 or 1, never 2) with every source read.
 */
async function runPrinted(init: CliResult, cwd: string): Promise<JsonReport[]> {
  const commands = [...init.stdout.matchAll(/^next: parity (.+)$/gm)].map((m) => m[1] ?? '');
  expect(commands.length).toBeGreaterThan(0);
  const reports: JsonReport[] = [];
  for (const command of commands) {
    const result = await runCli([...command.split(' '), '-f', 'json'], { cwd });
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    const report = jsonReport(result);
    expect(report.sources.filter((s) => s.status !== 'ok')).toEqual([]);
    reports.push(report);
  }
  return reports;
}

const findingsOf = (report: JsonReport | undefined): string[] =>
  (report?.findings ?? []).map((f) => `${f.rule} ${f.key}`);

describe('parity init', () => {
  it('writes a config that validates and diffs with no edits, with hosts read from the URLs', async () => {
    const dir = repo({
      '.env.staging':
        'API_URL=https://api-staging.shop.io/\nSECRET_KEY=stg-secret-canary-123456\nFEATURE_X=on\n',
      '.env.production':
        'API_URL=https://api.shop.io\nSECRET_KEY=prd-secret-canary-654321\nFEATURE_X=on\nNEW_FLAG=1\n',
      '.env.example': 'API_URL=\n',
    });
    const init = await runCli(['init'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('next: parity diff staging production');
    const config = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    expect(config).toContain('api: api-staging.shop.io');
    expect(config).not.toContain('example:');
    const diff = await runCli(['diff', 'staging', 'production', '-f', 'json'], { cwd: dir });
    expect(diff.code).toBe(1);
    expect(jsonReport(diff).findings.map((f) => `${f.rule} ${f.key}`)).toEqual([
      'missing-key env:NEW_FLAG',
    ]);
    expect(diff.stdout).not.toContain('secret-canary');
  });

  it('suggests sources it finds in workflows and apprunner.yaml, and the result still validates', async () => {
    const dir = repo({
      'frontend/.env.staging': 'VITE_API=https://api-staging.shop.io\n',
      'frontend/.env.production': 'VITE_API=https://api.shop.io\n',
      'backend/.env.staging': 'X=1\n',
      'apprunner.yaml': 'version: 1.0\n',
      '.github/workflows/deploy.yml':
        'run: aws ssm get-parameters-by-path --path /shop/staging/ && aws s3 sync dist s3://shop-staging && aws cloudfront create-invalidation --distribution-id E2STAGING0EXAMPLE\n',
    });
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const config = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    expect(config).toContain('frontend-env:');
    expect(config).toContain('# backend/.env.* exists only for staging');
    expect(config).toContain('# params: { type: ssm, path: "/shop/${env}/" }');
    // Proposed with what Git declares (SPEC §14): the bundle built from the frontend dotenv files.
    expect(config).toContain(
      '# bundle: { type: s3-bundle, bucket: "shop-${env}", builtFrom: frontend-env }',
    );
    expect(config).toContain('# web: { type: cloudfront, distribution: "E2STAGING0EXAMPLE" }');
    expect(config).toMatch(
      /# api: \{ type: apprunner, service: "[^"]+", declared: "apprunner\.yaml" \}/,
    );
    expect((await runCli(['diff', 'staging', 'production'], { cwd: dir })).code).toBe(0);
  });

  it('refuses to overwrite without --force', async () => {
    const dir = repo({
      'parity.yaml': 'keep me\n',
      '.env.staging': 'A=1\n',
      '.env.production': 'A=1\n',
    });
    const result = await runCli(['init'], { cwd: dir });
    expect(result).toMatchObject({
      code: 2,
      stderr: 'parity: parity.yaml already exists — use --force to overwrite it\n',
    });
    expect(readFileSync(path.join(dir, 'parity.yaml'), 'utf8')).toBe('keep me\n');
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
    expect(existsSync(path.join(dir, 'parity.yaml'))).toBe(true);
    expect(readFileSync(path.join(dir, 'parity.yaml'), 'utf8')).toContain('version: 1');
  });

  it('reads ECS task definitions committed per environment, recognised by their content', async () => {
    const dir = repo({
      'ecs/task-def.staging.json': real('ecs/register-task-definition.staging.json'),
      'ecs/task-def.production.json': real('ecs/register-task-definition.production.json'),
      'ecs/notes.json': '{"containers": []}\n',
    });
    const init = await runCli(['init'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('with sources task-def (ecs)');
    // What runs, proposed against the committed task definitions.
    expect(readFileSync(path.join(dir, 'parity.yaml'), 'utf8')).toMatch(
      /# task-def-live: \{ type: ecs, cluster: "[^"]+", service: "[^"]+", declared: "ecs\/task-def\.\$\{env\}\.json" \}/,
    );
    const config = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    expect(config).toContain('task-def: { type: ecs, export: "ecs/task-def.${env}.json" }');
    expect(config).not.toContain('notes');
    const [report] = await runPrinted(init, dir);
    expect(report?.environments).toEqual(['staging', 'production']);
    expect(report?.summary.keysCompared).toBeGreaterThan(10);
    // Production's service reads staging's Sentry DSN parameter: the kind of drift init is for.
    expect(findingsOf(report).join('\n')).toContain('task-def:container.api.');
  });

  it('reads the one task definition a deploy action registers as the environment it names', async () => {
    const dir = repo({
      '.aws/task-definition.json': real('ecs/register-task-definition.production.json'),
    });
    const init = await runCli(['init'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('next: parity check production\n');
    const config = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    expect(config).toContain('task-definition: { type: ecs, export: ".aws/task-definition.json" }');
    const [report] = await runPrinted(init, dir);
    expect(report?.command).toBe('check');
    expect(report?.sources).toMatchObject([{ name: 'task-definition', status: 'ok' }]);
    expect(report?.sources[0]?.facts).toBeGreaterThan(10);
  });

  it('reads a Vite project in its own load order: .env.[mode] beats .env.local', async () => {
    const dir = repo({
      'package.json': JSON.stringify({ devDependencies: { vite: '^6.0.0' } }),
      'vite.config.ts': 'export default {};\n',
      ...project('dotenv/vite', ['.env', '.env.local', '.env.staging', '.env.production']),
    });
    const init = await runCli(['init', '-c', 'audit.yaml'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('next: parity diff staging production -c audit.yaml\n');
    const config = readFileSync(path.join(dir, 'audit.yaml'), 'utf8');
    expect(config).toContain('env: { type: dotenv, layout: vite }');
    const [report] = await runPrinted(init, dir);
    expect(report?.summary.exitCode).toBe(1);
    const stripe = report?.findings.find(
      (f) =>
        f.rule === 'test-credential-in-production' && f.key === 'env:VITE_STRIPE_PUBLISHABLE_KEY',
    );
    expect(stripe?.environments).toEqual(['production']);
    expect(stripe?.location?.file).toMatch(/(^|\/)\.env$/);
    // .env.local's localhost loses to the mode files in Vite.
    expect(findingsOf(report).filter((f) => f.includes('VITE_API_URL'))).toEqual([]);
  });

  it('reads a Next.js project in its order: .env.local beats .env.production', async () => {
    const dir = repo({
      'web/package.json': JSON.stringify({ dependencies: { next: '15.0.0', react: '19.0.0' } }),
      ...Object.fromEntries(
        Object.entries(
          project('dotenv/next', ['.env', '.env.local', '.env.development', '.env.production']),
        ).map(([name, text]) => [`web/${name}`, text]),
      ),
    });
    const init = await runCli(['init'], { cwd: dir });
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('next: parity diff development production\n');
    const config = readFileSync(path.join(dir, 'parity.yaml'), 'utf8');
    expect(config).toContain('web-env: { type: dotenv, layout: next, dir: web }');
    expect(config).toContain('development:\n    tier: local');
    const [report] = await runPrinted(init, dir);
    const localhost = report?.findings.find(
      (f) => f.rule === 'localhost-url' && f.key === 'web-env:NEXT_PUBLIC_API_URL',
    );
    expect(localhost?.environments).toEqual(['production']);
    expect(localhost?.location?.file).toMatch(/web\/\.env\.local$/);
    expect(
      report?.findings.filter(
        (f) => f.rule === 'localhost-url' && f.environments.includes('development'),
      ),
    ).toEqual([]);
  });

  it('writes nothing and exits 2 with one line when it finds nothing it can read', async () => {
    const dir = repo({
      'README.md': '# app\n',
      '.env.staging': 'A=1\n',
      '.github/workflows/deploy.yml': 'run: aws ssm get-parameters-by-path --path /shop/staging/\n',
    });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^parity: init found no source it can read here .*nothing written — declare sources by hand \(docs\/configuration\.md\); the workflows name SSM paths\n$/,
    );
    expect(existsSync(path.join(dir, 'parity.yaml'))).toBe(false);
  });
});
