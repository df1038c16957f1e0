/**
 * The real DevTools window with the WS Triage panel in it, through puppeteer-core
 * (Playwright cannot open DevTools). Returns the panel's frame for queries.
 */
import type { Browser, Frame, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { CHROME_EXTENSION_DIR, CHROMIUM_PATH, QUIET_FLAGS } from './chromium';

export interface DevToolsBrowser {
  browser: Browser;
  extensionId: string;
  newPage(): Promise<Page>;
  /** Opens DevTools for `page`, shows the WS Triage panel and returns its frame. */
  openPanel(page: Page): Promise<Frame>;
  close(): Promise<void>;
}

export async function launchDevTools(): Promise<DevToolsBrowser> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    enableExtensions: [CHROME_EXTENSION_DIR],
    handleDevToolsAsPage: true,
    args: ['--no-sandbox', ...QUIET_FLAGS],
  });
  const swTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  const extensionId = new URL(swTarget.url()).host;

  return {
    browser,
    extensionId,
    newPage: () => browser.newPage(),
    async openPanel(page) {
      const devtools = await page.openDevTools();
      const panelUrl = `chrome-extension://${extensionId}/src/panel/index.html`;
      // The panel is registered by our devtools page shortly after DevTools loads.
      const deadline = Date.now() + 20_000;
      for (;;) {
        // A string, not a function: the test runner would rewrite a dynamic import().
        const shown = await devtools
          .evaluate(
            `(async () => {
              const legacy = await import('./ui/legacy/legacy.js');
              const view = legacy.InspectorView.InspectorView.instance();
              const id = ${JSON.stringify(`chrome-extension://${extensionId}WSTriage`)};
              if (!view.hasPanel(id)) return false;
              await view.showPanel(id);
              return true;
            })()`,
          )
          .catch(() => false);
        if (shown) break;
        if (Date.now() > deadline) throw new Error('WS Triage panel never appeared in DevTools');
        await new Promise((r) => setTimeout(r, 200));
      }
      for (;;) {
        const frame = devtools.frames().find((f) => f.url().startsWith(panelUrl));
        if (frame) return frame;
        if (Date.now() > deadline) throw new Error('WS Triage panel frame not found');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => browser.close(),
  };
}
