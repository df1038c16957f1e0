// `npm start`: builds the extension, serves the demo gallery (test/demo) and opens
// Chromium with WS Triage loaded and its DevTools panel showing.
//
//   With a display (DISPLAY or WAYLAND_DISPLAY): a real Chromium window with DevTools
//   docked and the WS Triage panel selected, until Ctrl+C or the window is closed.
//   Without one: headless Chromium visits a few demo pages, saves a screenshot of the
//   DevTools window to artifacts/demo-panel.png, and the server keeps running.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), PORT (default 8765, or the
// next free port).
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHROMIUM_PATH, launchExtensionBrowser, showPanel, undockDevTools } from '../support/devtools-launch.mjs';
import { startServer } from '../support/server.mjs';
import { banner, buildOrExit, freePort, ROOT } from './common.mjs';

const EXTENSION_DIR = join(ROOT, 'dist/chrome');
const SCREENSHOT = join(ROOT, 'artifacts/demo-panel.png');
const HAS_DISPLAY = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. A browser to run: fail before the build if there is none.
if (!existsSync(CHROMIUM_PATH)) {
  banner([
    `Chromium not found at ${CHROMIUM_PATH}.`,
    'Install it with:  sudo apt-get install -y chromium',
    'or point CHROMIUM_PATH at a Chromium binary.',
    'To use your own browser instead: npm run build, load dist/chrome as an',
    'unpacked extension, and run  node test/support/server.mjs  for the gallery.',
  ]);
  process.exit(1);
}

// 2. The extension.
buildOrExit('the demo');

// 3. The demo server.
const server = await startServer({ port: await freePort(Number(process.env.PORT ?? 8765)) });
const gallery = `${server.origin}/demo/index.html`;
console.log(`\nDemo server on ${server.origin}`);

/** @type {import('puppeteer-core').Browser | null} */
let browser = null;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await browser?.close().catch(() => {});
  await server.close().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  if (HAS_DISPLAY) await headful();
  else await headless();
} catch (error) {
  await browser?.close().catch(() => {});
  browser = null;
  console.error(`\nCould not run Chromium with WS Triage: ${error instanceof Error ? error.message : error}`);
  console.error(`The gallery is still served at ${gallery} — press Ctrl+C to stop.`);
}

/** A window on the user's display, with DevTools and the panel open on the gallery. */
async function headful() {
  const launched = await launchExtensionBrowser({
    extensionDir: EXTENSION_DIR,
    headless: false,
    noSandbox: IS_ROOT,
    defaultViewport: null,
    args: ['--window-size=1400,900'],
  });
  browser = launched.browser;
  const page = (await browser.pages()).find((p) => p.url() === 'about:blank') ?? (await browser.newPage());
  await page.goto(gallery);
  await showPanel(page, launched.extensionId);
  browser.on('disconnected', () => {
    if (stopping) return;
    console.log('\nChromium was closed.');
    browser = null;
    void shutdown(0);
  });
  console.log(`\nChromium is open on the demo gallery with DevTools and the WS Triage panel:`);
  console.log(`  ${gallery}`);
  console.log('\nPress Ctrl+C here (or close the Chromium window) to stop.');
}

/** No display: show the panel in headless Chromium, visit some demo pages, screenshot it. */
async function headless() {
  console.log('\nNo display (neither DISPLAY nor WAYLAND_DISPLAY is set): running Chromium headless');
  console.log('and saving a screenshot of the WS Triage panel instead of opening a window.\n');
  const launched = await launchExtensionBrowser({
    extensionDir: EXTENSION_DIR,
    headless: true,
    noSandbox: IS_ROOT,
    defaultViewport: { width: 1280, height: 800 },
  });
  browser = launched.browser;
  const page = (await browser.pages()).find((p) => p.url() === 'about:blank') ?? (await browser.newPage());
  await page.goto(gallery);
  const { devtools, frame: panel } = await showPanel(page, launched.extensionId);
  await devtools.setViewport({ width: 1280, height: 800 });
  // Headless DevTools opens "docked" with an empty area for the page: undock it.
  await undockDevTools(devtools).catch(() => {});

  // Keep the sockets of every page we visit, like a user ticking "Preserve log".
  const preserve = await panel.waitForSelector('label.check input[type="checkbox"]');
  if (preserve && !(await preserve.evaluate((el) => el.checked))) {
    await preserve.click();
    await panel.waitForFunction(() => document.querySelector('label.check input')?.checked === true);
  }

  const visit = async (name, after) => {
    console.log(`  visiting ${name}`);
    await page.goto(`${server.origin}/demo/${name}`);
    if (after) await after();
    // The extension batches events for a few tens of ms: let the last ones (a close)
    // reach it before the page goes away.
    await sleep(300);
  };
  await visit('token-expired.html', () => page.waitForFunction(() => /4001/.test(document.getElementById('status')?.textContent ?? '')));
  await visit('dropped.html', () => page.waitForFunction(() => /1006/.test(document.getElementById('status')?.textContent ?? '')));
  await visit('rejected.html', () => page.waitForFunction(() => /1006/.test(document.getElementById('status')?.textContent ?? '')));
  await visit('reconnect.html', async () => {
    await page.click('#backoff');
    await sleep(2500); // attempts at 0, 0.8, 1.8 s (+300 ms each)
    await page.click('#stop');
  });
  await visit('binary.html', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#log .recv').length >= 1);
    await page.click('#big');
    await page.waitForFunction(() => [...document.querySelectorAll('#log .recv')].some((li) => /1,048,576/.test(li.textContent ?? '')));
  });
  await visit('chat.html', async () => {
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'open');
    await page.click('#send');
    await page.waitForFunction(() => document.querySelectorAll('#log .recv').length >= 2);
  });

  // Select the 4001 connection so the frames pane has something to show.
  await panel.waitForFunction(() => document.querySelectorAll('table[aria-label="Connections"] tbody tr').length >= 6, {
    timeout: 10_000,
  });
  const rows = await panel.$$('table[aria-label="Connections"] tbody tr');
  for (const row of rows) {
    if ((await row.evaluate((el) => el.textContent ?? '')).includes('/close?code=4001')) {
      await row.click();
      break;
    }
  }
  await sleep(500);

  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  await devtools.screenshot({ path: SCREENSHOT });
  const count = rows.length;
  await browser.close();
  browser = null;

  console.log(`\nScreenshot of the WS Triage panel (${count} connections): ${relative(process.cwd(), SCREENSHOT) || SCREENSHOT}`);
  console.log(`  ${SCREENSHOT}`);
  console.log(`\nThe demo gallery is still served at ${gallery}`);
  console.log('Open it in a browser with WS Triage loaded (dist/chrome as an unpacked extension).');
  console.log('(`node test/support/server.mjs` alone serves the gallery on port 8765, without building or Chromium.)');
  console.log('\nPress Ctrl+C to stop.');
}
