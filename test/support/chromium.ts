/**
 * Launching Debian Chromium with the built extension, for the end-to-end tests.
 * Two drivers: Playwright (pages, the pop-out panel, the service worker) and
 * puppeteer-core (the real DevTools window, which Playwright cannot open).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright';
import { chromium } from 'playwright';
import { CHROMIUM_PATH, QUIET_FLAGS } from './devtools-launch.mjs';

export { CHROMIUM_PATH, QUIET_FLAGS } from './devtools-launch.mjs';
export const CHROME_EXTENSION_DIR = resolve('dist/chrome');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker(): Promise<Worker>;
  /** The tab id the extension sees for a page (looked up by URL in the worker). */
  tabIdOf(page: Page): Promise<number>;
  /** The panel as a pop-out page of the extension, for the given tab. */
  openPopout(tabId: number | null): Promise<Page>;
  /** Stops the extension's service worker, as the browser does when it is idle. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/** `backForwardCache`: keep Chromium's back/forward cache on (Playwright turns it off by default). */
export async function launchChromium(options: { args?: string[]; backForwardCache?: boolean } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(resolve(CHROME_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${CHROME_EXTENSION_DIR}: run "npm run build" first.`);
  }
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
    args: [
      `--disable-extensions-except=${CHROME_EXTENSION_DIR}`,
      `--load-extension=${CHROME_EXTENSION_DIR}`,
      ...QUIET_FLAGS,
      ...(options.args ?? []),
    ],
  });
  const worker = async (): Promise<Worker> => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? (await context.waitForEvent('serviceworker'));
  };
  const extensionId = new URL((await worker()).url()).host;
  // A freshly loaded extension's worker registers its listeners in its first run: a page that
  // opened a socket before that would have its handshake missed by webRequest (and a test would
  // fail on "Handshake not seen"). An installed extension has them registered from then on.
  const ready = await worker();
  for (let attempt = 0; !(await ready.evaluate(() => chrome.webRequest.onHeadersReceived.hasListeners() && chrome.runtime.onConnect.hasListeners())); attempt++) {
    if (attempt >= 100) throw new Error('the extension worker never registered its listeners');
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    context,
    extensionId,
    worker,
    async tabIdOf(page) {
      const url = page.url();
      const w = await worker();
      for (let attempt = 0; attempt < 50; attempt++) {
        const id = await w.evaluate(async (u: string) => {
          const tabs = await chrome.tabs.query({});
          return tabs.find((t) => t.url === u)?.id ?? null;
        }, url);
        if (id !== null) return id;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no tab for ${url}`);
    },
    async openPopout(tabId) {
      const page = await context.newPage();
      const query = tabId === null ? '' : `?tabId=${tabId}`;
      await page.goto(`chrome-extension://${extensionId}/src/panel/index.html${query}`);
      return page;
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async close() {
      await context.close();
    },
  };
}
