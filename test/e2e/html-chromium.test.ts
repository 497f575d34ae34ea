/**
 * The HTML report as a person sees it: opened in headless Chromium (Debian's, driven by
 * playwright-core). The findings table is visible, the severity filter hides and shows rows,
 * the search filters, no request leaves the page, and a screenshot is kept as an artifact.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import { DEMO_DIFF, jsonReport, REPO_ROOT, runCli } from '../support/cli.js';

describeWithChromium('html report in headless Chromium', () => {
  it('shows the findings first, filters by severity and search, and makes no request', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'parity-html-'));
    const file = path.join(out, 'report.html');
    const args = DEMO_DIFF;
    expect((await runCli([...args, '-f', 'html', '-o', file])).code).toBe(0);
    const expected = jsonReport(await runCli([...args, '-f', 'json'])).findings;
    const errors = expected.filter((f) => f.severity === 'error').length;

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      const rows = page.locator('#findings tbody tr');
      await expect.poll(() => rows.count()).toBe(expected.length);
      expect(await page.locator('#findings').isVisible()).toBe(true);
      // Findings come before the table of every compared key.
      const top = async (selector: string): Promise<number> =>
        (await page.locator(selector).boundingBox())?.y ?? -1;
      expect(await top('#findings')).toBeLessThan(await top('#entries'));
      const visible = () => page.locator('#findings tbody tr:not([hidden])').count();
      await page.locator('input[data-filter-severity="error"]').uncheck();
      expect(await visible()).toBe(expected.length - errors);
      await page.locator('input[data-filter-severity="error"]').check();
      expect(await visible()).toBe(expected.length);
      await page.locator('#search').fill('localhost');
      expect(await visible()).toBe(
        expected.filter((f) =>
          `${f.key} ${f.message} ${Object.values(f.values ?? {}).join(' ')}`.includes('localhost'),
        ).length,
      );
      await page.locator('#search').fill('');
      mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
      await page.screenshot({
        path: path.join(REPO_ROOT, 'test-results/html-report.png'),
        fullPage: false,
      });
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(requests).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });
});
