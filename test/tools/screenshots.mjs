// `npm run screenshots`: the README's pictures, from the real DevTools panel.
//
// Builds the extension, serves the demo gallery (test/demo), opens DevTools with the
// WS Triage panel in headless Chromium (the same launch code as `npm start`), visits the
// failing demo pages with Preserve log on, and writes:
//   docs/images/panel.png      the main view: findings, timeline, table, the 4001 close selected
//   docs/images/handshake.png  the handshake rejected with 401 (expired token) selected
//   docs/images/timeline.png   the timeline strip, with the reconnect group
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), PORT (default 8765 or the next free one),
// THEME=dark for dark-theme pictures (DevTools' own setting), SKIP_BUILD=1 to reuse dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, launchExtensionBrowser, showPanel, undockDevTools } from '../support/devtools-launch.mjs';
import { startServer } from '../support/server.mjs';
import { freePort } from './common.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION_DIR = join(ROOT, 'dist/chrome');
const OUT = join(ROOT, 'docs/images');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const SIZE = { width: 1280, height: 800 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

if (process.env.SKIP_BUILD !== '1') {
  console.log('$ npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await startServer({ port: await freePort(Number(process.env.PORT ?? 8765)) });
const { browser, extensionId } = await launchExtensionBrowser({
  extensionDir: EXTENSION_DIR,
  headless: true,
  noSandbox: IS_ROOT,
  defaultViewport: SIZE,
});
let failed = false;
try {
  const page = (await browser.pages()).find((p) => p.url() === 'about:blank') ?? (await browser.newPage());
  // A first page so the content scripts are registered before the pages we picture.
  await page.goto(`${server.origin}/demo/index.html`);
  const { devtools, frame: panel } = await showPanel(page, extensionId);
  await devtools.setViewport(SIZE);
  await undockDevTools(devtools).catch(() => {});
  if (process.env.THEME === 'dark') {
    await panel.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
  }

  const preserve = await panel.waitForSelector('label.check input[type="checkbox"]');
  if (preserve && !(await preserve.evaluate((el) => el.checked))) {
    await preserve.click();
    await panel.waitForFunction(() => document.querySelector('label.check input')?.checked === true);
  }

  const status = (re) => page.waitForFunction((source) => new RegExp(source).test(document.getElementById('status')?.textContent ?? ''), {}, re.source);
  const visit = async (name, after) => {
    console.log(`  visiting ${name}`);
    await page.goto(`${server.origin}/demo/${name}`);
    if (after) await after();
    await sleep(300); // let the last batch (a close) reach the extension
  };
  await visit('chat.html', async () => {
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'open');
    await page.click('#send');
    await page.waitForFunction(() => document.querySelectorAll('#log .recv').length >= 2);
  });
  await visit('token-expired.html', () => status(/4001/));
  await visit('rejected.html', () => status(/1006/));
  await visit('reconnect.html', async () => {
    await page.click('#backoff');
    await sleep(3200); // attempts at 0, 0.8, 1.8 s and on
    await page.click('#stop');
  });
  await panel.waitForFunction(() => document.querySelectorAll('table[aria-label="Connections"] tbody tr').length >= 5, { timeout: 15_000 });

  const select = async (urlPart) => {
    const ok = await panel.evaluate((part) => {
      const rows = [...document.querySelectorAll('table[aria-label="Connections"] tbody tr')];
      const row = rows.find((r) => (r.querySelector('td.url')?.getAttribute('title') ?? '').includes(part));
      row?.click();
      return Boolean(row);
    }, urlPart);
    if (!ok) throw new Error(`no connection with ${urlPart}`);
    await sleep(400);
  };
  const settle = async () => {
    await devtools.mouse.move(0, SIZE.height - 1);
    await panel.evaluate(() => document.activeElement?.blur?.());
    await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };

  mkdirSync(OUT, { recursive: true });
  const written = [];
  await select('/close?code=4001');
  await settle();
  await devtools.screenshot({ path: join(OUT, 'panel.png') });
  written.push('panel.png');

  await select('/reject?status=401');
  // Show the handshake in full: its tab, with the findings strip and the timeline folded away.
  await panel.evaluate(() => {
    document.getElementById('detail-tab-handshake')?.click();
    for (const name of ['Findings', 'Timeline']) {
      const toggle = document.querySelector(`section[aria-label="${name}"] button[aria-expanded="true"]`);
      toggle?.click();
    }
  });
  await settle();
  await devtools.screenshot({ path: join(OUT, 'handshake.png') });
  written.push('handshake.png');
  // Unfold them again (the panel remembers the timeline's state).
  await panel.evaluate(() => {
    for (const name of ['Findings', 'Timeline']) {
      const toggle = document.querySelector(`section[aria-label="${name}"] button[aria-expanded="false"]`);
      toggle?.click();
    }
  });

  await panel.evaluate(() => document.getElementById('detail-tab-messages')?.click());
  await select('/flaky?mode=backoff');
  await settle();
  const timeline = await panel.waitForSelector('section[aria-label="Timeline"]');
  await timeline.screenshot({ path: join(OUT, 'timeline.png') });
  written.push('timeline.png');

  for (const name of written) console.log(`wrote ${relative(process.cwd(), join(OUT, name))}`);
} catch (error) {
  failed = true;
  console.error(`screenshots failed: ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser.close().catch(() => {});
  await server.close().catch(() => {});
}
process.exit(failed ? 1 : 0);
