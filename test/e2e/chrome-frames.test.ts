/**
 * The frame list in Chromium (pop-out panel): decoded summaries of real socket.io and graphql-ws
 * traffic, combined filters, heartbeats, the payload pane (JSON tree, hex dump, truncation notice),
 * Copy as websocat, and the keyboard.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { Server as SocketIOServer } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import type { LibraryServers } from '../support/library-servers.mjs';
import { startLibraryServers } from '../support/library-servers.mjs';
import { frameCount, panel } from '../support/panel';
import type { TestServer } from '../support/server.mjs';
import { startServer } from '../support/server.mjs';

/** Generous: the machine has 2 cores and other engineers run browsers on it. */
const POLL = { timeout: 20_000, interval: 100 };

let server: TestServer;
let libs: LibraryServers;
let sio: { url: string; close: () => Promise<void> };
let browser: ExtensionBrowser;
const pages: Page[] = [];

/** A socket.io server with a fast heartbeat (a ping every 250 ms) that echoes "chat" events. */
async function startSocketIo(): Promise<{ url: string; close: () => Promise<void> }> {
  const httpServer = http.createServer();
  const io = new SocketIOServer(httpServer, { transports: ['websocket'], serveClient: false, pingInterval: 250, pingTimeout: 5000 });
  io.on('connection', (socket) => {
    socket.on('chat', (msg: { text: string }) => socket.emit('chat', { text: `echo ${msg.text}` }));
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await io.close();
      httpServer.closeAllConnections?.();
    },
  };
}

beforeAll(async () => {
  [server, libs, sio] = await Promise.all([startServer(), startLibraryServers(), startSocketIo()]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sio?.close();
  await libs?.close();
  await server?.close();
});
afterEach(async () => {
  for (const p of pages.splice(0)) await p.close().catch(() => {});
});

async function open(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await browser.context.newPage();
  pages.push(page);
  await page.goto(url);
  return { page, tabId: await browser.tabIdOf(page) };
}

async function popout(tabId: number): Promise<Page> {
  const p = await browser.openPopout(tabId);
  pages.push(p);
  // Tall enough for every row of these short sessions to be drawn (the list is virtual).
  await p.setViewportSize({ width: 1280, height: 1600 });
  return p;
}

/**
 * Records what the panel copies (Playwright cannot grant clipboard permissions to an extension
 * origin): the text given to navigator.clipboard.writeText (still called), and the text of the
 * execCommand('copy') fallback.
 */
async function recordClipboard(p: Page): Promise<() => Promise<string | null>> {
  await p.evaluate(() => {
    const w = window as unknown as { __copied: string | null };
    w.__copied = null;
    const original = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text: string) => {
      w.__copied = text;
      return original(text);
    };
    document.addEventListener('copy', () => {
      const el = document.activeElement;
      if (el instanceof HTMLTextAreaElement) w.__copied = el.value;
    });
  });
  return () => p.evaluate(() => (window as unknown as { __copied: string | null }).__copied);
}

const texts = async (p: Page): Promise<string[]> => panel.frameSummaries(p).allTextContents();

describe('frame list in Chromium', () => {
  it('decodes socket.io, shows its ping/pong as heartbeats, and combines filters', async () => {
    const { page, tabId } = await open(
      server.pageUrl(`<script src="/vendor/socket.io-client/dist/socket.io.min.js"></script>
      <script>
        const socket = io('${sio.url}', { transports: ['websocket'], reconnection: false });
        let pings = 0;
        socket.on('chat', (m) => {
          if (m.text === 'echo gamma') {
            socket.disconnect();
            window.done = true;
          }
        });
        socket.on('connect', () => {
          socket.emit('chat', { text: 'alpha' });
          socket.emit('chat', { text: 'beta' });
          socket.emit('status', 'typing');
          socket.io.engine.on('ping', () => {
            if (++pings === 3) socket.emit('chat', { text: 'gamma' });
          });
        });
      </script>`),
    );
    await page.waitForFunction(() => (window as { done?: boolean }).done === true, undefined, { timeout: 20_000 });
    const p = await popout(tabId);
    const row = panel.connectionRow(p, '/socket.io/');
    await expect.poll(() => panel.cell(row, 'state').textContent(), POLL).toMatch(/closed/i);
    const total = (await frameCount(panel.cell(row, 'sent'))) + (await frameCount(panel.cell(row, 'received')));
    await row.click();

    // Decoded summaries and heartbeats
    await expect.poll(() => texts(p), POLL).toEqual(expect.arrayContaining(['EVENT chat', 'EVENT status']));
    await expect.poll(() => panel.heartbeatRows(p).count(), POLL).toBeGreaterThanOrEqual(6);
    await expect.poll(() => panel.frameRows(p).count(), POLL).toBe(total);
    await expect(panel.frameCount(p).textContent()).resolves.toMatch(new RegExp(`^${total} of ${total} frames · \\d+ events?$`));

    // direction + text
    await panel.filterDirection(p).selectOption('send');
    await panel.filterText(p).fill('chat');
    await expect.poll(() => panel.frameRows(p).count(), POLL).toBe(3);
    expect(await panel.frameRows(p).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-direction')))).toEqual(['send', 'send', 'send']);
    await expect(panel.frameCount(p).textContent()).resolves.toMatch(new RegExp(`^3 of ${total} frames · \\d+ events?$`));
    await expect(panel.filterSummary(p).textContent()).resolves.toBe('sent · "chat"');

    // a regex, then an invalid one (shown inline, filters nothing)
    await panel.filterText(p).fill('/"text":"(alpha|gamma)"/');
    await expect.poll(() => panel.frameRows(p).count(), POLL).toBe(2);
    await panel.filterText(p).fill('/(/');
    await expect.poll(() => panel.filterError(p).isVisible(), POLL).toBe(true);
    expect(await panel.filterError(p).textContent()).toMatch(/^Invalid regex/);

    // heartbeats: the sent pongs, then hidden
    await panel.filterText(p).fill('');
    await expect.poll(() => panel.heartbeatRows(p).count(), POLL).toBeGreaterThanOrEqual(3);
    await panel.hideHeartbeats(p).check();
    await expect.poll(() => panel.heartbeatRows(p).count(), POLL).toBe(0);
    await expect.poll(() => panel.frameRows(p).count(), POLL).toBeGreaterThanOrEqual(5);
    await expect(panel.filterSummary(p).textContent()).resolves.toBe('sent · no heartbeats');

    await panel.clearFilters(p).click();
    await expect.poll(() => panel.frameRows(p).count(), POLL).toBe(total);
    expect(await panel.filterText(p).inputValue()).toBe('');
    // a healthy connection: no heartbeat hint
    expect(await panel.heartbeatHint(p).count()).toBe(0);
  });

  it('decodes a graphql-ws session: subscribe, next, complete', async () => {
    const query = new URLSearchParams({ server: libs.graphqlWs, run: `frames.${Date.now()}` });
    const { page, tabId } = await open(`${server.origin}/pages/lib-graphql-ws.html?${query}`);
    await page.waitForFunction(() => (window as { done?: boolean }).done === true, undefined, { timeout: 20_000 });
    const p = await popout(tabId);
    const row = panel.connectionRow(p, '/graphql');
    await expect.poll(() => panel.connectionRows(p).count(), POLL).toBe(1);
    await row.click();
    await expect.poll(async () => (await texts(p)).map((t) => t.split(' ')[0]), POLL).toEqual(
      expect.arrayContaining(['connection_init', 'connection_ack', 'subscribe', 'next', 'complete']),
    );
    expect(await texts(p)).toEqual(expect.arrayContaining([expect.stringMatching(/^subscribe #\S+ · subscription/)]));
  });

  it('shows JSON as a tree, binary as a hex dump, a truncated frame with its full size; copies as websocat redacted; keyboard', async () => {
    const { page, tabId } = await open(
      server.pageUrl(`<script>
        document.cookie = 'session=COOKIESECRET';
        const ws = new WebSocket('${server.wsOrigin}/echo?access_token=SECRETTOKEN123', ['chat']);
        ws.onopen = () => {
          ws.send(JSON.stringify({ data: { items: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 42 }] } }));
          ws.send(new Uint8Array([0x48, 0x69, 0x00, 0xff, 0x41, 0x42]));
        };
        let n = 0;
        ws.onmessage = () => { if (++n === 2) window.echoed = true; };
        const big = new WebSocket('${server.wsOrigin}/big?size=${1024 * 1024}');
        big.onopen = () => big.send('go');
        big.onmessage = () => (window.big = true);
      </script>`),
    );
    await page.waitForFunction(() => (window as { echoed?: boolean; big?: boolean }).echoed && (window as { big?: boolean }).big, undefined, {
      timeout: 20_000,
    });
    const p = await popout(tabId);
    const echo = panel.connectionRow(p, '/echo');
    await expect.poll(() => frameCount(panel.cell(echo, 'received')), POLL).toBe(2);
    await echo.click();

    // JSON: a tree; a value's path
    await panel.frameRows(p).filter({ hasText: '{data}' }).first().click();
    const tree = panel.payloadTree(p, 'JSON');
    await expect.poll(() => tree.isVisible(), POLL).toBe(true);
    const items = panel.treeItem(tree, '$.data.items');
    expect(await panel.treeItem(tree, '$.data').getAttribute('aria-expanded')).toBe('true');
    expect(await items.getAttribute('aria-expanded')).toBe('false');
    await items.getByRole('button', { name: 'Expand $.data.items' }).click();
    await panel.treeItem(tree, '$.data.items[3]').getByRole('button', { name: 'Expand $.data.items[3]' }).click();
    await panel.treeItem(tree, '$.data.items[3].id').locator('.j-label').click();
    expect(await panel.jsonPath(p).textContent()).toBe('$.data.items[3].id');

    // binary: a hex dump
    await panel.frameRows(p).filter({ hasText: 'binary' }).first().click();
    await expect.poll(() => panel.hexDump(p).textContent(), POLL).toMatch(/^00000000 {2}48 69 00 ff 41 42 .*\|Hi\.\.AB\|$/);
    await panel.payloadTab(p, 'Base64').click();
    await expect.poll(() => panel.payload(p).textContent(), POLL).toContain('SGkA/0FC');

    // keyboard: from the list, arrows move the selection, Enter shows it
    await panel.frames(p).focus();
    await p.keyboard.press('Home');
    await expect.poll(() => panel.selectedRow(p).getAttribute('aria-rowindex'), POLL).toBe('1');
    await p.keyboard.press('ArrowDown');
    await expect.poll(() => panel.selectedRow(p).getAttribute('aria-rowindex'), POLL).toBe('2');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await expect.poll(() => panel.selectedRow(p).getAttribute('aria-rowindex'), POLL).toBe('3');
    await expect.poll(() => panel.payload(p).isVisible(), POLL).toBe(true);

    // Copy as websocat: the token and the cookie redacted
    const clipboard = await recordClipboard(p);
    await panel.copyAsMenu(p).click();
    await panel.copyAsItem(p, 'Copy as websocat').click();
    await expect.poll(() => panel.copyStatus(p).textContent(), POLL).toBe('Copied websocat command');
    const copied = (await clipboard()) ?? '';
    expect(copied).toMatch(/^websocat --protocol chat /);
    expect(copied).toContain('/echo?access_token=');
    expect(copied).toContain('REDACTED');
    expect(copied).not.toContain('SECRETTOKEN123');
    expect(copied).toContain(`-H 'Origin: ${server.origin}'`);

    // a truncated 1 MB frame: the notice with its full size
    const big = panel.connectionRow(p, '/big');
    await big.click();
    await panel.frameRows(p).filter({ hasText: '1,048,576 B' }).click();
    await expect.poll(() => panel.truncationNotice(p).textContent(), POLL).toContain('Showing 65,536 of 1,048,576 bytes');
  });
});
