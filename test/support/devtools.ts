/**
 * The real DevTools window with the WS Triage panel in it, through puppeteer-core
 * (Playwright cannot open DevTools). Returns the panel's frame for queries.
 * The launch code lives in devtools-launch.mjs, shared with `npm start`.
 */
import type { Browser, Frame, Page } from 'puppeteer-core';
import { CHROME_EXTENSION_DIR, CHROMIUM_PATH } from './chromium';
import { launchExtensionBrowser, showPanel } from './devtools-launch.mjs';

export interface DevToolsBrowser {
  browser: Browser;
  extensionId: string;
  newPage(): Promise<Page>;
  /** Opens DevTools for `page`, shows the WS Triage panel and returns its frame. */
  openPanel(page: Page): Promise<Frame>;
  close(): Promise<void>;
}

export interface LaunchDevToolsOptions {
  /** Headful Chromium (needs a display). Default: headless. */
  headless?: boolean;
  /** Pass --no-sandbox. Default: true (the tests run as root in containers). */
  noSandbox?: boolean;
  defaultViewport?: { width: number; height: number } | null;
}

export async function launchDevTools(options: LaunchDevToolsOptions = {}): Promise<DevToolsBrowser> {
  const { browser, extensionId } = await launchExtensionBrowser({
    extensionDir: CHROME_EXTENSION_DIR,
    executablePath: CHROMIUM_PATH,
    ...options,
  });
  return {
    browser,
    extensionId,
    newPage: () => browser.newPage(),
    async openPanel(page) {
      return (await showPanel(page, extensionId)).frame;
    },
    close: () => browser.close(),
  };
}
