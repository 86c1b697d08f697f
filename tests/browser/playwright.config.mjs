// Browser tests: Playwright drives Debian's chromium (never a browser Playwright downloads) against
// the real `cabildo serve`, started by fixtures.mjs. Run from the repository root:
//   CABILDO_BIN=build/app/cabildo npx playwright test -c tests/browser/playwright.config.mjs
import { defineConfig } from '@playwright/test';
import { desktopScreen, phoneScreen } from './devices.mjs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const staffOnPhonesToo = Boolean(process.env.CABILDO_SCREENSHOTS);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  // Results and screenshots go to the temporary folder, never into the work tree.
  outputDir: path.join(tmpdir(), 'cabildo-browser-results'),
  // Two files at a time (each test has its own server on its own port and database): on two cores
  // the suite takes about 40 % less than one at a time. CABILDO_BROWSER_WORKERS=1 for one.
  workers: Number(process.env.CABILDO_BROWSER_WORKERS || 2),
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Every resident's flow twice: on a desktop window and on a cheap phone's screen. The staff's
  // pages on the desktop only (`make screenshots` takes them at both sizes), the table officers'
  // on the phone only: devices.mjs says why.
  projects: [
    { name: 'desktop', use: desktopScreen, grepInvert: /@phone\b/ },
    { name: 'phone', use: phoneScreen, grepInvert: staffOnPhonesToo ? undefined : /@desktop\b/ },
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 15_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // The background-networking flags keep chromium from calling out of the closed network.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    },
  },
});
