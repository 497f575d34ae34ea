/**
 * An `export:` file is the pull request's (SPEC §7a): what it names must not make parity call
 * AWS. An ECS export naming `environmentFiles` in another bucket, and secrets by `valueFrom`, is
 * read offline. Asserted from outside: every AWS endpoint points at a listener, which receives
 * nothing.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReport, runCli } from '../../support/cli.js';
import { repo } from '../worlds/helpers.js';
import type { Listener } from './helpers.js';
import { startListener } from './helpers.js';

const SHAPES = fileURLToPath(new URL('../../fixtures/real-world/ecs/', import.meta.url));

describe('hostile pull request: what an export names', () => {
  let listener: Listener;
  beforeAll(async () => {
    listener = await startListener();
  });
  afterAll(async () => {
    await listener.close();
  });

  it('environmentFiles and valueFrom in an ECS export: no S3, SSM or Secrets Manager call', async () => {
    const dir = repo({
      'parity.yaml': `version: 1
environments: { production: {} }
sources:
  task: { type: ecs, export: exports/task.json }
`,
    });
    cpSync(
      path.join(SHAPES, 'environment-files.production.json'),
      path.join(dir, 'exports/task.json'),
    );
    const endpoint = `http://${listener.host}:${listener.port}`;
    const result = await runCli(['check', 'production', '-f', 'json', '-v'], {
      cwd: dir,
      env: {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_REGION: 'us-east-1',
      },
    });
    const report = jsonReport(result);
    expect(report.sources.map((s) => s.status)).toEqual(['ok']);
    const keys = (JSON.parse(result.stdout) as { entries: { key: string }[] }).entries.map(
      (e) => e.key,
    );
    expect(keys.filter((k) => k.endsWith('.environmentFiles'))).not.toEqual([]);
    expect(listener.connections()).toBe(0);
    expect(listener.received()).toBe('');
  });
});
