/**
 * Launching Firefox ESR with the built extension (dist/firefox), for the end-to-end
 * tests. puppeteer-core drives stock Firefox over WebDriver BiDi (Playwright cannot);
 * the extension is installed as a temporary add-on, and its moz-extension:// UUID is
 * pinned with a pref so its pages can be opened by URL.
 *
 * Three puppeteer/BiDi limits are worked around here, and only here:
 *  - page.goto() to a moz-extension:// URL never resolves (puppeteer#14314: Firefox
 *    sends no load event BiDi can wait for), so extension pages are opened with a raw
 *    `browsingContext.navigate` that does not wait, then polled until loaded.
 *  - BiDi cannot open DevTools; with `--remote-allow-system-access` it can evaluate in
 *    the browser window ("moz:scope": "chrome"), which opens the toolbox and selects
 *    the WS Triage panel the way a click would.
 *  - BiDi cannot reach the panel's document either (a <browser> inside the toolbox is
 *    not a browsing context BiDi lists), so the browser window sends it a frame script
 *    that runs a test function on the panel's DOM and posts the result back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { QUIET_PREFS } from './firefox-prefs.mjs';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve('dist/firefox');
/** The moz-extension:// host of the extension in the test profile (pinned by pref). */
export const FIREFOX_UUID = '3f1e0b6c-7a52-4d8e-9c1a-5b2f4e6d8a90';
export const EXTENSION_ORIGIN = `moz-extension://${FIREFOX_UUID}`;

/** Generous: other engineers run browsers on the same 2-core machine. */
const WAIT_MS = 30_000;

/**
 * Whether to skip the Firefox suite: loudly when asked to (WS_TRIAGE_SKIP_FIREFOX=1) or
 * when Firefox is missing. In CI a missing Firefox is an error, never a skip.
 */
export function skipFirefox(): boolean {
  const banner = (lines: string[]): void => {
    const width = Math.max(...lines.map((l) => l.length));
    const bar = '!'.repeat(width + 4);
    console.warn(`\n${bar}\n${lines.map((l) => `! ${l.padEnd(width)} !`).join('\n')}\n${bar}\n`);
  };
  if (process.env.WS_TRIAGE_SKIP_FIREFOX === '1') {
    banner(['WS_TRIAGE_SKIP_FIREFOX=1: the Firefox end-to-end tests are SKIPPED.']);
    return true;
  }
  if (existsSync(FIREFOX_PATH)) return false;
  if (process.env.CI === 'true') {
    throw new Error(
      `Firefox ESR not found at ${FIREFOX_PATH}: the Firefox end-to-end tests are required in CI. ` +
        'Install it with "apt-get install -y firefox-esr" or set FIREFOX_PATH.',
    );
  }
  banner([
    `Firefox ESR not found at ${FIREFOX_PATH}: the Firefox end-to-end tests are SKIPPED.`,
    'Install it with:  sudo apt-get install -y firefox-esr',
    'or point FIREFOX_PATH at a Firefox binary.',
  ]);
  return true;
}

/** Polls `check` until it returns a value other than undefined/null/false. */
export async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeout = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The raw WebDriver BiDi connection (not in puppeteer's public types). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** A panel document, wherever it is shown: a pop-out page or the DevTools panel. */
export interface PanelView {
  /** Runs a self-contained function on the panel's document; returns its JSON-able result. */
  run<A, R>(fn: (doc: Document, arg: A) => R, arg: A): Promise<R>;
}

export interface FirefoxBrowser {
  browser: Browser;
  /** Where downloads go, without a dialog (a temporary directory, removed by close()). */
  downloadDir: string;
  newPage(url?: string): Promise<Page>;
  /** Opens an extension page (path from the extension root, e.g. `/src/panel/index.html`). */
  openExtensionPage(path: string): Promise<Page>;
  /** The panel as a pop-out page of the extension, for the given tab. */
  openPopout(tabId: number): Promise<PanelView & { page: Page }>;
  /** The tab id the extension sees for a page (browser.tabs.query in an extension page, by URL). */
  tabIdOf(page: Page): Promise<number>;
  /** Opens the DevTools toolbox on `page`'s tab and selects the WS Triage panel in it. */
  openDevToolsPanel(page: Page): Promise<PanelView>;
  /** Evaluates an expression in the browser window (privileged chrome scope). */
  chromeEvaluate(expression: string): Promise<unknown>;
  /** Suspends the extension's background event page, as Firefox does when it is idle. */
  stopBackground(): Promise<void>;
  /** Runs `fn` in the background page (woken if suspended); returns its JSON-able result. */
  inBackground<A, R>(fn: (background: Window & Record<string, unknown>, arg: A) => R, arg: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

/** A panel shown in an extension page that puppeteer drives (the pop-out). */
export function pageView(page: Page): PanelView & { page: Page } {
  return { page, run: (fn, arg) => page.evaluate(call(fn, 'document', arg)) as never };
}

const call = <A, R>(fn: (doc: Document, arg: A) => R, doc: string, arg: A): string =>
  `(${fn.toString()})(${doc}, ${JSON.stringify(arg)})`;

/** The add-on id of the build under test (FIREFOX_ID in vite.config.ts, read from what is installed). */
function geckoId(): string {
  const file = resolve(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(file)) throw new Error(`No built extension in ${FIREFOX_EXTENSION_DIR}: run "npm run build" first.`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${file} has no browser_specific_settings.gecko.id`);
  return id;
}

/** Firefox ESR without the extension: the reference a page must behave the same as. */
export async function launchPlainFirefox(): Promise<Browser> {
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, protocolTimeout: 60_000, extraPrefsFirefox: QUIET_PREFS });
}

export async function launchFirefox(): Promise<FirefoxBrowser> {
  const FIREFOX_ID = geckoId();
  const downloadDir = mkdtempSync(join(tmpdir(), 'ws-triage-firefox-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Lets BiDi evaluate in the browser window (chrome scope): used to open DevTools.
    args: ['--remote-allow-system-access'],
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
      // Downloads (Export session) go straight to downloadDir: no dialog, no panel.
      'browser.download.dir': downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'browser.download.panel.shown': true,
      ...QUIET_PREFS,
    },
  }).catch((error: unknown) => {
    rmSync(downloadDir, { recursive: true, force: true });
    throw error;
  });
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (error) {
    await browser.close();
    rmSync(downloadDir, { recursive: true, force: true });
    throw error;
  }

  const contextOf = (page: Page): string => (page.mainFrame() as unknown as { _id: string })._id;
  let helper: Page | null = null;

  const openExtensionPage = async (path: string): Promise<Page> => {
    const url = EXTENSION_ORIGIN + path;
    const page = await browser.newPage();
    // page.goto() would wait forever for an extension page (puppeteer#14314).
    await connection.send('browsingContext.navigate', { context: contextOf(page), url, wait: 'none' });
    await until(`${url} to load`, () =>
      page.evaluate((u) => location.href === u && document.readyState === 'complete', url),
    );
    return page;
  };

  /** An extension page kept open for browser.tabs.query. */
  const extensionHelper = async (): Promise<Page> => {
    if (!helper || helper.isClosed()) helper = await openExtensionPage('/src/panel/index.html?helper');
    return helper;
  };

  const chromeEvaluate = async (expression: string): Promise<unknown> => {
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const contexts = tree.result.contexts as { context: string; url: string }[];
    const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml') ?? contexts[0];
    if (!win) throw new Error('no Firefox browser window in chrome scope');
    const reply = await connection.send('script.evaluate', {
      expression,
      target: { context: win.context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const result = reply.result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
    if (result.type === 'exception') throw new Error(`chrome-scope evaluation failed: ${result.exceptionDetails?.text}`);
    return result.result?.value;
  };

  const tabIdOf = async (page: Page): Promise<number> => {
    const url = page.url();
    const h = await extensionHelper();
    return until(`a tab id for ${url}`, () =>
      h.evaluate(async (u) => {
        const api = (globalThis as unknown as { browser: typeof chrome }).browser;
        const tabs = await api.tabs.query({});
        return tabs.find((t) => t.url === u)?.id ?? null;
      }, url),
    );
  };

  /** Chrome-scope prelude: `toolbox` and `tool` (our panel's tool definition) for the tab. */
  const toolboxOf = (tabId: number, open: boolean): string => `
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const nativeTab = ExtensionParent.apiManager.global.tabTracker.getTab(${tabId});
    const toolbox = ${open ? `await gDevTools.showToolboxForTab(nativeTab, { toolId: 'options' })` : 'gDevTools.getToolboxForTab(nativeTab)'};
    if (!toolbox) throw new Error('no DevTools toolbox for tab ${tabId}');
    const tool = toolbox.getAdditionalTools().find((t) => t.extensionId === ${JSON.stringify(FIREFOX_ID)});`;

  const devToolsPanel = (tabId: number): PanelView => ({
    async run(fn, arg) {
      // The panel document lives in the extension process, in a <browser> inside the
      // toolbox: a frame script (message manager) runs the function there.
      const script = `try { sendAsyncMessage('ws-triage-test', { value: ${call(fn, 'content.document', arg)} }); }
        catch (e) { sendAsyncMessage('ws-triage-test', { error: String(e) }); }`;
      const reply = (await chromeEvaluate(`(async () => {
        ${toolboxOf(tabId, false)}
        if (!tool) throw new Error('WS Triage panel not in the toolbox');
        const iframe = toolbox.doc.getElementById('toolbox-panel-iframe-' + tool.id);
        const panelBrowser = iframe && iframe.contentDocument.querySelector('browser');
        if (!panelBrowser) throw new Error('WS Triage panel not built yet');
        // Only once the panel's own document is there: a frame script sent to the
        // initial about:blank, or across the switch to the extension process, is lost.
        const windowGlobal = panelBrowser.browsingContext && panelBrowser.browsingContext.currentWindowGlobal;
        const loaded = windowGlobal && !windowGlobal.isInitialDocument && windowGlobal.documentURI && windowGlobal.documentURI.spec;
        if (!loaded || !loaded.startsWith(${JSON.stringify(`${EXTENSION_ORIGIN}/src/panel/index.html`)})) {
          throw new Error('WS Triage panel document not loaded yet (' + loaded + ')');
        }
        const mm = panelBrowser.messageManager;
        const json = await new Promise((resolve, reject) => {
          const timer = setTimeout(() => { mm.removeMessageListener('ws-triage-test', listener); reject(new Error('no answer from the panel')); }, 5000);
          const listener = (message) => {
            clearTimeout(timer);
            mm.removeMessageListener('ws-triage-test', listener);
            resolve(JSON.stringify(message.data));
          };
          mm.addMessageListener('ws-triage-test', listener);
          mm.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(script)}), false);
        });
        return json;
      })()`)) as string;
      const parsed = JSON.parse(reply) as { value?: unknown; error?: string };
      if (parsed.error !== undefined) throw new Error(`in the DevTools panel: ${parsed.error}`);
      return parsed.value as never;
    },
  });

  return {
    browser,
    downloadDir,
    async newPage(url) {
      const page = await browser.newPage();
      if (url !== undefined) await page.goto(url, { timeout: WAIT_MS });
      return page;
    },
    openExtensionPage,
    chromeEvaluate,
    async openPopout(tabId) {
      return pageView(await openExtensionPage(`/src/panel/index.html?tabId=${tabId}`));
    },
    tabIdOf,
    async stopBackground() {
      await chromeEvaluate(`(async () => {
        const policy = WebExtensionPolicy.getByID(${JSON.stringify(FIREFOX_ID)});
        await policy.extension.terminateBackground();
        return true;
      })()`);
    },
    async inBackground(fn, arg) {
      const h = await extensionHelper();
      return h.evaluate(
        `(async () => (${fn.toString()})(await browser.runtime.getBackgroundPage(), ${JSON.stringify(arg)}))()`,
      ) as never;
    },
    async openDevToolsPanel(page) {
      const tabId = await tabIdOf(page);
      // Open the toolbox on the page's tab, wait for our devtools page to add the panel,
      // and select it, as a user's click on its tab would.
      await chromeEvaluate(`(async () => {
        ${toolboxOf(tabId, true)}
        const deadline = Date.now() + ${WAIT_MS};
        for (;;) {
          const found = toolbox.getAdditionalTools().find((t) => t.extensionId === ${JSON.stringify(FIREFOX_ID)});
          if (found) { await toolbox.selectTool(found.id); return found.id; }
          if (Date.now() > deadline) throw new Error('WS Triage panel never appeared in the toolbox');
          await new Promise((r) => setTimeout(r, 100));
        }
      })()`);
      const view = devToolsPanel(tabId);
      await until('the WS Triage DevTools panel document', () =>
        view.run(
          (doc, url) =>
            doc.location.href.startsWith(url) &&
            doc.readyState === 'complete' &&
            doc.querySelector('[role="toolbar"][aria-label="WS Triage controls"]') !== null,
          `${EXTENSION_ORIGIN}/src/panel/index.html`,
        ),
      );
      return view;
    },
    async close() {
      try {
        await browser.close();
      } finally {
        rmSync(downloadDir, { recursive: true, force: true });
      }
    },
  };
}
