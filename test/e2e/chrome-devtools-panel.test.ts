/**
 * The real DevTools panel: a socket opened before DevTools was opened is there, with
 * its frames both ways (text and binary) and its close code with the code's name.
 * The toolbar button opens the panel as a standalone viewer; the panel follows a change of
 * DevTools' theme live.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DevToolsBrowser } from '../support/devtools';
import { launchDevTools } from '../support/devtools';
import { showPanel } from '../support/devtools-launch.mjs';
import { startServer } from '../support/server.mjs';
import type { TestServer } from '../support/server.mjs';

let server: TestServer;
let chrome: DevToolsBrowser;

beforeAll(async () => {
  server = await startServer();
  chrome = await launchDevTools();
});
afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

it('shows a socket opened before DevTools, its frames and its close', async () => {
  const page = await chrome.newPage();
  await page.goto(
    server.pageUrl(`<script>
      const ws = new WebSocket('${server.wsOrigin}/echo?case=devtools', ['chat.v1', 'chat.v2']);
      ws.binaryType = 'arraybuffer';
      let echoes = 0;
      ws.onopen = () => { ws.send('hello server'); ws.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef])); };
      ws.onmessage = () => { if (++echoes === 2) ws.close(4001, 'bye'); };
      ws.onclose = (e) => { window.closeCode = e.code; };
    </script>`),
  );
  await page.waitForFunction(() => (window as unknown as { closeCode?: number }).closeCode === 4001);

  const panel = await chrome.openPanel(page);
  const row = await panel.waitForSelector('table[aria-label="Connections"] tbody tr');
  const text = async (col: string) =>
    panel.$eval(`table[aria-label="Connections"] tbody tr td[data-col="${col}"]`, (el) => el.textContent);
  expect(await text('state')).toBe('closed');
  expect(await text('protocol')).toBe('chat.v1, chat.v2 → chat.v1');
  expect(await text('close')).toBe('4001');
  expect(await text('sent')).toMatch(/^2 · /);
  expect(await text('received')).toMatch(/^2 · /);
  await row!.click();
  await panel.waitForSelector('[role="grid"][aria-label="Frames"] [data-kind="frame"]');
  const rows = await panel.$$eval('[role="grid"][aria-label="Frames"] [data-kind]', (els) =>
    els.map((e) => `${e.getAttribute('data-kind')}|${e.getAttribute('data-direction') ?? ''}|${e.textContent}`),
  );
  const frames = rows.filter((r) => r.startsWith('frame|'));
  expect(frames).toHaveLength(4);
  expect(frames.filter((r) => r.includes('|send|'))).toHaveLength(2);
  expect(frames.filter((r) => r.includes('|receive|'))).toHaveLength(2);
  expect(frames.some((r) => r.includes('|send|') && r.includes('hello server'))).toBe(true);
  expect(frames.some((r) => r.includes('|send|') && r.includes('binary') && r.includes('de ad be ef'))).toBe(true);
  expect(frames.some((r) => r.includes('|receive|') && r.includes('binary') && r.includes('3q2+7w=='))).toBe(true);
  expect(rows.some((r) => r.startsWith('open|'))).toBe(true);
  expect(rows.some((r) => r.startsWith('close-call|') && r.includes('close(4001, "bye")'))).toBe(true);
  const close = rows.find((r) => r.startsWith('close|'));
  expect(close).toContain('4001');
  expect(close).toContain('wasClean true');
  expect(close).toContain('initiated by client');
  // A normal close gets the code's standard name.
  await page.evaluate((url: string) => {
    const ws = new WebSocket(url);
    ws.onopen = () => ws.close(1000);
  }, `${server.wsOrigin}/echo?case=normal`);
  await panel.waitForFunction(
    () => [...document.querySelectorAll('td[data-col="close"]')].some((td) => td.textContent === '1000 Normal Closure'),
    { timeout: 10_000 },
  );
});

it("the toolbar button opens the panel as a viewer of session files, in a tab of its own", async () => {
  const page = await chrome.newPage();
  await page.goto(server.pageUrl('<p>any page</p>'));
  const viewerUrl = `chrome-extension://${chrome.extensionId}/src/panel/index.html`;
  const before = chrome.browser.targets().filter((t) => t.url() === viewerUrl).length;
  // What a click on the toolbar button does (puppeteer's pipe turns on extension debugging).
  const extension = (await chrome.browser.extensions()).get(chrome.extensionId);
  expect(extension).toBeDefined();
  await page.triggerExtensionAction(extension!);
  const target = await chrome.browser.waitForTarget(
    (t) => t.type() === 'page' && t.url() === viewerUrl && chrome.browser.targets().filter((x) => x.url() === viewerUrl).length > before,
    { timeout: 10_000 },
  );
  const viewer = (await target.page())!;
  const empty = await viewer.waitForSelector('.empty[role="status"]');
  expect(await empty!.evaluate((el) => el.textContent)).toBe('No session loaded. This viewer shows imported sessions.');
  // A viewer offers import, and nothing that needs a tab.
  expect(await viewer.$('input[type="file"]')).not.toBeNull();
  expect(await viewer.$$eval('button', (bs) => bs.map((b) => b.textContent?.trim() ?? ''))).not.toContain('Clear');
  await viewer.close();
  await page.close();
});

it("follows DevTools' theme when the user changes it, without reopening", async () => {
  const page = await chrome.newPage();
  await page.goto(server.pageUrl('<p>any page</p>'));
  const { devtools, frame } = await showPanel(page, chrome.extensionId);
  const themeOf = () => frame.evaluate(() => document.documentElement.dataset.theme);
  const setDevToolsTheme = (name: string) =>
    devtools.evaluate(
      `(async () => {
        const common = await import('./core/common/common.js');
        common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(name)});
      })()`,
    );
  await setDevToolsTheme('default');
  await expect.poll(themeOf, { timeout: 10_000 }).toBe('light');
  await setDevToolsTheme('dark');
  await expect.poll(themeOf, { timeout: 10_000 }).toBe('dark');
  await setDevToolsTheme('default');
  await expect.poll(themeOf, { timeout: 10_000 }).toBe('light');
  await page.close();
});
