/**
 * Back to a page kept in the back/forward cache (Playwright turns that cache off by default; a
 * user's Chrome has it on): its sockets are recorded again, and the session starts at the return.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import { frameCount, panel } from '../support/panel';
import { startServer } from '../support/server.mjs';
import type { TestServer } from '../support/server.mjs';

let server: TestServer;
let browser: ExtensionBrowser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium({ backForwardCache: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('a page restored from the back/forward cache is recorded again, as a new session', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.pageUrl('<p>page A</p><script>addEventListener("pageshow", (e) => { window.restored = e.persisted; });</script>'));
  const tabId = await browser.tabIdOf(page);
  await page.goto(server.pageUrl(`<p>page B</p><script>
    const ws = new WebSocket(${JSON.stringify(`${server.wsOrigin}/echo?from=B`)});
    ws.onopen = () => ws.send('hi from B');
  </script>`));
  const popout = await browser.openPopout(tabId);
  await expect.poll(() => panel.connectionRow(popout, 'from=B').count()).toBe(1);
  // A page restored from the cache fires no load event: wait for the commit, then its pageshow.
  await page.goBack({ waitUntil: 'commit' });
  // Only meaningful if A really came back from the cache (else this test proves nothing).
  await expect.poll(() => page.evaluate(() => (window as unknown as { restored?: boolean }).restored)).toBe(true);
  await page.evaluate((u) => {
    const ws = new WebSocket(u);
    ws.onopen = () => ws.send('hi from A');
  }, `${server.wsOrigin}/echo?from=A`);
  // A's socket with its frames (its port had died in the cache: no frame arrived before), and
  // B's socket gone with B's page (Preserve log is off).
  const row = panel.connectionRow(popout, 'from=A');
  await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(async () => frameCount(panel.cell(row, 'sent')), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => panel.connectionRow(popout, 'from=B').count()).toBe(0);
});
