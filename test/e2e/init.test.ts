/** `parity init` on a repository that has only dotenv files, then `parity diff` with no edits. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

const repo = (files: Record<string, string>): string => tempRepo(files, 'parity-init-');

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
    expect(config).toContain('# bundle: { type: s3-bundle, bucket: "shop-${env}" }');
    expect(config).toContain('# web: { type: cloudfront, distribution: "E2STAGING0EXAMPLE" }');
    expect(config).toContain('# api: { type: apprunner');
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
});
