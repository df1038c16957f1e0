// Launching Debian Chromium with the built extension through puppeteer-core and
// showing the WS Triage panel in the real DevTools window. Plain JavaScript so both
// the end-to-end tests (through devtools.ts) and `npm start` (test/tools/start.mjs,
// no compile step) use the same code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium from calling out to a network this machine does not have. */
export const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

/** The DevTools panel id Chromium gives an extension panel titled "WS Triage". */
export function panelId(extensionId) {
  return `chrome-extension://${extensionId}WSTriage`;
}

/**
 * Starts Chromium with the extension in `extensionDir` loaded and waits for its
 * service worker. Headless by default, with --no-sandbox (as the tests always ran).
 * @param {{ extensionDir: string, executablePath?: string, headless?: boolean, noSandbox?: boolean,
 *   defaultViewport?: { width: number, height: number } | null, args?: string[] }} options
 */
export async function launchExtensionBrowser({
  extensionDir,
  executablePath = CHROMIUM_PATH,
  headless = true,
  noSandbox = true,
  defaultViewport,
  args = [],
}) {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run "npm run build" first.`);
  }
  const browser = await puppeteer.launch({
    executablePath,
    headless,
    pipe: true,
    enableExtensions: [extensionDir],
    handleDevToolsAsPage: true,
    ...(defaultViewport !== undefined ? { defaultViewport } : {}),
    args: [...(noSandbox ? ['--no-sandbox'] : []), ...QUIET_FLAGS, ...args],
  });
  try {
    const swTarget = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 30_000 },
    );
    return { browser, extensionId: new URL(swTarget.url()).host };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens DevTools for `page`, shows the WS Triage panel and returns the DevTools page
 * and the panel's frame.
 * @param {import('puppeteer-core').Page} page
 * @param {string} extensionId
 */
export async function showPanel(page, extensionId, { timeout = 20_000 } = {}) {
  const devtools = await page.openDevTools();
  const panelUrl = `chrome-extension://${extensionId}/src/panel/index.html`;
  // The panel is registered by our devtools page shortly after DevTools loads.
  const deadline = Date.now() + timeout;
  for (;;) {
    // A string, not a function: the test runner would rewrite a dynamic import().
    const shown = await devtools
      .evaluate(
        `(async () => {
          const legacy = await import('./ui/legacy/legacy.js');
          const IV = legacy.InspectorView.InspectorView;
          // Not instance() before DevTools made its own: that would create it too early.
          const view = IV.maybeGetInspectorViewInstance ? IV.maybeGetInspectorViewInstance() : IV.instance();
          const id = ${JSON.stringify(panelId(extensionId))};
          if (!view || !view.hasPanel(id)) return false;
          await view.showPanel(id);
          return true;
        })()`,
      )
      .catch(() => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error('WS Triage panel never appeared in DevTools');
    await sleep(200);
  }
  for (;;) {
    const frame = devtools.frames().find((f) => f.url().startsWith(panelUrl));
    if (frame) return { devtools, frame };
    if (Date.now() > deadline) throw new Error('WS Triage panel frame not found');
    await sleep(100);
  }
}

/** Undocks DevTools, so its window (and a screenshot of it) is all DevTools. */
export async function undockDevTools(devtools) {
  await devtools.evaluate(
    `(async () => {
      const legacy = await import('./ui/legacy/legacy.js');
      legacy.DockController.DockController.instance().setDockSide('undocked');
    })()`,
  );
}
