/**
 * `parity matrix -f html` as a person sees it, in headless Chromium (Debian's, driven by
 * playwright-core): three environments side by side under a header that stays put while the
 * grid scrolls, differing cells marked, filters by status, source and text, no request leaving
 * the page, and a screenshot kept as an artifact.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { repo } from './worlds/helpers.js';

const ENVS = ['dev', 'staging', 'production'] as const;

const host = (env: string): string => `${env === 'production' ? '' : `${env}.`}shop.example.com`;

/** Three environments' dotenv files (web) and feature flags (flags), 59 keys in all. */
function world(): string {
  const files: Record<string, string> = {
    'parity.yaml': `version: 1
environments:
${ENVS.map((e) => `  ${e}: { hosts: { app: ${host(e)}, api: api.${host(e)} } }`).join('\n')}
sources:
  web: { type: dotenv, file: "web/.env.\${env}" }
  flags: { type: dotenv, file: "flags/.env.\${env}" }
`,
  };
  for (const env of ENVS) {
    files[`web/.env.${env}`] = [
      `APP_URL=https://${host(env)}`,
      `API_URL=${env === 'staging' ? 'http://localhost:8000' : `https://api.${host(env)}`}`,
      ...Array.from({ length: 40 }, (_, i) => `SETTING_${String(i).padStart(2, '0')}=value-${i}`),
      ...(env === 'dev' ? [] : ['SENTRY_ENVIRONMENT=on']),
    ].join('\n');
    files[`flags/.env.${env}`] = Array.from(
      { length: 16 },
      (_, i) => `FLAG_${i}=${env === 'production' && i === 3 ? 'false' : 'true'}`,
    ).join('\n');
  }
  return repo(files);
}

describeWithChromium('matrix html in headless Chromium', () => {
  it('shows every key of three environments, marks what differs, filters, and makes no request', async () => {
    const dir = world();
    const file = path.join(dir, 'matrix.html');
    const json = await runCli(['matrix', 'dev', 'staging', 'production', '-f', 'json'], {
      cwd: dir,
    });
    const rows = (
      JSON.parse(json.stdout) as { matrix: { key: string; status: string; source: string }[] }
    ).matrix;
    const html = await runCli(
      ['matrix', 'dev', 'staging', 'production', '-f', 'html', '-o', file],
      {
        cwd: dir,
      },
    );
    // The diff's exit code: staging's localhost URL is an error.
    expect([json.code, html.code]).toEqual([1, 1]);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      const body = page.locator('#matrix tbody tr');
      const visible = () => page.locator('#matrix tbody tr:not([hidden])').count();
      await expect.poll(() => body.count()).toBe(rows.length);
      expect(rows.length).toBe(59);
      // A column per environment, the reference named.
      expect(await page.locator('#matrix thead th').allTextContents()).toEqual([
        'key',
        'dev',
        'staging',
        'production (reference)',
        'status',
      ]);
      // Differing cells are marked: staging's API URL, production's FLAG_3, dev's missing key.
      const row = (key: string) => page.locator('#matrix tbody tr', { hasText: key }).first();
      expect(await row('web:API_URL').locator('td.v.diff').allTextContents()).toEqual([
        'http://localhost:8000',
      ]);
      expect(await row('web:SENTRY_ENVIRONMENT').locator('td.v.absent').count()).toBe(1);
      // Filters: status, source, text.
      await page.locator('#status').selectOption('differ');
      expect(await visible()).toBe(rows.filter((r) => r.status !== 'match').length);
      await page.locator('#status').selectOption('');
      await page.locator('#source').selectOption('flags');
      expect(await visible()).toBe(16);
      await page.locator('#source').selectOption('');
      await page.locator('#search').fill('SETTING_1');
      expect(await visible()).toBe(rows.filter((r) => r.key.includes('SETTING_1')).length);
      await page.locator('#search').fill('');
      // The header row stays in view while the grid scrolls.
      await page.locator('.grid').evaluate((el) => el.scrollTo(0, 1000));
      const header = await page.locator('#matrix thead th').first().boundingBox();
      const grid = await page.locator('.grid').boundingBox();
      expect(Math.round(header?.y ?? -1)).toBe(Math.round(grid?.y ?? -2));
      mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'test-results/matrix-html.png') });
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(requests).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });
});
