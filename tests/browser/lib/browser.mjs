// Drives Debian's Chromium (/usr/bin/chromium) through playwright-core, and runs a scenario as
// numbered steps: each step is printed, followed by a full-page screenshot NN-name.png in
// PIGEON_ARTIFACTS, and the first failing step ends the process with exit code 1.
//
// playwright-core is not installed in the source tree: tests/browser/run.sh installs it into
// <build>/browser-tests and passes that folder as PIGEON_BROWSER_DEPS. ESM ignores NODE_PATH,
// so the module is loaded with a require() rooted in that folder.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

// --headless=new is Chromium's current headless mode. The network flags keep Chromium from
// calling home (component updates, safe browsing, sync, QUIC probes): a test machine may have
// no network but loopback, and those attempts only slow the start and fill the log.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-extensions',
  '--no-first-run',
  '--disable-sync',
  '--metrics-recording-only',
  '--mute-audio',
];

export const DESKTOP = { viewport: { width: 1280, height: 800 } };
// A phone as a phone: isMobile makes Chromium honour <meta name="viewport">, so a page without
// it lays out 980 px wide and the horizontal-scroll check catches it.
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

// How long one Playwright action (click, fill, wait for a selector) may take before it fails.
const ACTION_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 90_000;

export function loadPlaywright() {
  const deps = process.env.PIGEON_BROWSER_DEPS;
  if (!deps) {
    throw new Error('PIGEON_BROWSER_DEPS is not set: run the browser tests through tests/browser/run.sh, ' +
      'which installs playwright-core into <build>/browser-tests and points this variable there');
  }
  const require = createRequire(path.join(path.resolve(deps), 'package.json'));
  try {
    return require('playwright-core');
  } catch (error) {
    throw new Error(`cannot load playwright-core from ${deps}/node_modules (${error.message}); ` +
      'tests/browser/run.sh runs npm ci there');
  }
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (make test-deps)`);
  }
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// A page in a fresh context (its own cookies), so two users can be signed in at once.
export async function newPage(browser, viewport, contextOptions = {}) {
  const context = await browser.newContext({ ...viewport, ...contextOptions });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const where = viewport === PHONE ? 'phone' : 'desktop';
  page.on('pageerror', (error) => console.log(`    [${where} page error] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`    [${where} console] ${message.text()}`);
  });
  return page;
}

export const newDesktopPage = (browser, options) => newPage(browser, DESKTOP, options);
export const newPhonePage = (browser, options) => newPage(browser, PHONE, options);

const slug = (name) =>
  name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'step';

const withTimeout = (promise, ms, what) => {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

async function closeQuietly(browser) {
  if (!browser) return;
  await withTimeout(browser.close(), 10_000, 'closing the browser').catch(() => {});
}

// Runs `scenario(t)` and exits the process: 0 when every step passed, 1 at the first failure.
//   t.browser               the launched Chromium
//   t.page                  the page screenshotted after each step (set it when a step moves on
//                           to another page)
//   t.step(name, fn)        runs one step
//   t.screenshot(page, label)  an extra shot inside a step: NN-step-label.png
//   afterEach(page)         optional check run on t.page after every step's own work
export async function runScenario(scenario, { artifacts = process.env.PIGEON_ARTIFACTS, afterEach } = {}) {
  if (!artifacts) {
    console.error('PIGEON_ARTIFACTS is not set: it names the folder the screenshots go to');
    process.exit(2);
  }
  fs.mkdirSync(artifacts, { recursive: true });
  let number = 0;
  let passed = 0;
  let base = '00-start';

  const t = {
    browser: null,
    page: null,
    async screenshot(page, label) {
      const file = path.join(artifacts, label ? `${base}-${slug(label)}.png` : `${base}.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 15_000 });
      return file;
    },
    async step(name, fn) {
      number += 1;
      // The file is named after the part of the name before a colon: "b providers: ..." → 02-b-providers.png
      base = `${String(number).padStart(2, '0')}-${slug(name.split(':')[0])}`;
      console.log(`▶ ${String(number).padStart(2, '0')} ${name}`);
      const started = Date.now();
      try {
        await withTimeout((async () => {
          await fn();
          if (afterEach && t.page) await afterEach(t.page);
        })(), STEP_TIMEOUT_MS, `step "${name}"`);
      } catch (error) {
        await fail(`step ${String(number).padStart(2, '0')} "${name}" failed`, error);
      }
      if (t.page) {
        try {
          const file = await t.screenshot(t.page);
          console.log(`  ok (${Date.now() - started} ms) → ${path.basename(file)}`);
        } catch (error) {
          await fail(`step ${String(number).padStart(2, '0')} "${name}": its screenshot failed`, error);
        }
      } else {
        console.log(`  ok (${Date.now() - started} ms)`);
      }
      passed += 1;
    },
  };

  async function fail(what, error) {
    console.log(`  FAILED: ${what}`);
    console.log(`  ${error && error.stack ? error.stack.replace(/\n/g, '\n  ') : error}`);
    if (t.page) {
      try {
        console.log(`  page: ${t.page.url()} (title ${JSON.stringify(await t.page.title())})`);
        const file = await t.screenshot(t.page);
        console.log(`  screenshot: ${file}`);
      } catch (shotError) {
        console.log(`  (no screenshot: ${shotError.message.split('\n')[0]})`);
      }
    }
    console.log(`\n${passed} passed, 1 failed`);
    await closeQuietly(t.browser);
    process.exit(1);
  }

  try {
    t.browser = await launchBrowser();
    await scenario(t);
  } catch (error) {
    await fail('the scenario stopped outside a step', error);
  }
  await closeQuietly(t.browser);
  console.log(`\n${passed} passed, 0 failed`);
  process.exit(0);
}
