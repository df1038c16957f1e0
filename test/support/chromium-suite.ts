/**
 * The setup most Chromium end-to-end files share: a test server and a Chromium with the
 * extension for the whole file, pages opened by a test closed after it.
 */
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ExtensionBrowser } from './chromium';
import { launchChromium } from './chromium';
import type { TestServer } from './server.mjs';
import { startServer } from './server.mjs';

export interface ChromiumSuite {
  readonly server: TestServer;
  readonly browser: ExtensionBrowser;
  /** A page of the given HTML, served by the test server, and its tab id. */
  open(html: string): Promise<{ page: Page; tabId: number }>;
  /** The pop-out panel for a tab. */
  popout(tabId: number): Promise<Page>;
}

export function chromiumSuite(): ChromiumSuite {
  let server: TestServer | undefined;
  let browser: ExtensionBrowser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
  });
  const suite: ChromiumSuite = {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    async open(html) {
      const page = await suite.browser.context.newPage();
      pages.push(page);
      await page.goto(suite.server.pageUrl(html));
      return { page, tabId: await suite.browser.tabIdOf(page) };
    },
    async popout(tabId) {
      const p = await suite.browser.openPopout(tabId);
      pages.push(p);
      return p;
    },
  };
  return suite;
}
