/**
 * Headless Chromium for the HTML tests (Debian's, driven by playwright-core): a describe block
 * that skips visibly where it is missing (and fails the run under PARITY_REQUIRE_REAL=1), and a
 * browser launched with nothing that reaches the network on its own.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { describe } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';

export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return void describe(name, body);
  if (process.env.PARITY_REQUIRE_REAL === '1')
    throw new Error(`PARITY_REQUIRE_REAL=1 but ${CHROMIUM} is missing (apt-get install chromium)`);
  describe.skip(`${name} [skipped: ${CHROMIUM} not installed]`, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
