/**
 * The real Firefox DevTools panel: the toolbox is opened on the page's tab (BiDi, chrome
 * scope) and the WS Triage panel selected in it; its document is read in place. A
 * socket opened before DevTools is there, with its frames both ways and its close code;
 * Copy summary works with a trusted click (DevTools panels may be denied the clipboard).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirefoxBrowser } from '../support/firefox';
import { EXTENSION_ORIGIN, launchFirefox, pageView, skipFirefox, until } from '../support/firefox';
import { readConnections, readMessages, scrollMessages, selectConnection } from '../support/panel';
import { startServer } from '../support/server.mjs';
import type { TestServer } from '../support/server.mjs';

const POLL = { timeout: 30_000, interval: 250 };

describe.skipIf(skipFirefox())('the WS Triage panel in Firefox DevTools', () => {
  let server: TestServer;
  let firefox: FirefoxBrowser;

  beforeAll(async () => {
    server = await startServer();
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('shows a socket opened before DevTools, its frames and its close', async () => {
    const page = await firefox.newPage(
      server.pageUrl(`<script>
        const ws = new WebSocket('${server.wsOrigin}/echo?case=devtools', ['chat.v1', 'chat.v2']);
        ws.binaryType = 'arraybuffer';
        let echoes = 0;
        ws.onopen = () => { ws.send('hello server'); ws.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef])); };
        ws.onmessage = () => { if (++echoes === 2) ws.close(4001, 'bye'); };
        ws.onclose = (e) => { window.closeCode = e.code; };
      </script>`),
    );
    await page.waitForFunction(() => (window as unknown as { closeCode?: number }).closeCode === 4001, { timeout: 30_000 });

    const panel = await firefox.openDevToolsPanel(page);
    await expect.poll(() => panel.run(readConnections, null), POLL).toEqual([
      expect.objectContaining({
        url: `${server.wsOrigin}/echo?case=devtools`,
        state: 'closed',
        protocol: 'chat.v1, chat.v2 → chat.v1',
        close: '4001',
        handshakeStatus: '101',
      }),
    ]);
    const [row] = await panel.run(readConnections, null);
    expect(row!.sent).toMatch(/^2 · /);
    expect(row!.received).toMatch(/^2 · /);

    expect(await panel.run(selectConnection, 'case=devtools')).toBe(true);
    // The list is virtualized (only rows in view exist): walk it, collecting every row seen.
    const seen = new Map<string, Awaited<ReturnType<typeof readMessages>>[number]>();
    await expect
      .poll(async () => {
        for (const m of await panel.run(readMessages, null)) seen.set(`${m.kind}|${m.direction}|${m.text}`, m);
        await panel.run(scrollMessages, 'onward');
        return seen.size;
      }, POLL)
      .toBe(7); // open, 4 frames, the close() call, the close
    const rows = [...seen.values()];
    const frames = rows.filter((m) => m.kind === 'frame');
    expect(frames.filter((f) => f.direction === 'send')).toHaveLength(2);
    expect(frames.filter((f) => f.direction === 'receive')).toHaveLength(2);
    expect(frames.some((f) => f.direction === 'send' && f.text.includes('hello server'))).toBe(true);
    expect(frames.some((f) => f.direction === 'send' && f.text.includes('binary') && f.text.includes('de ad be ef'))).toBe(true);
    expect(frames.some((f) => f.direction === 'receive' && f.text.includes('binary') && f.text.includes('3q2+7w=='))).toBe(true);
    expect(rows.some((m) => m.kind === 'open')).toBe(true);
    expect(rows.some((m) => m.kind === 'close-call' && m.text.includes('close(4001, "bye")'))).toBe(true);
    expect(rows.find((m) => m.kind === 'close')?.text).toContain('4001');
  });

  it('follows a socket opened while the panel is shown, in the same tab', async () => {
    const page = await firefox.newPage(server.pageUrl('<title>later</title>'));
    const panel = await firefox.openDevToolsPanel(page);
    await page.evaluate((url) => {
      const ws = new WebSocket(url);
      ws.onopen = () => ws.send('live');
    }, `${server.wsOrigin}/echo?case=live`);
    await expect.poll(async () => (await panel.run(readConnections, null)).find((r) => r.url.includes('case=live')), POLL).toMatchObject({
      state: 'open',
      sent: expect.stringMatching(/^1 · /),
      received: expect.stringMatching(/^1 · /),
    });
  });

  // A Firefox DevTools panel has no `browser.windows`: the panel asks the background.
  it("its pop-out button opens the tab's session in a window of its own", async () => {
    const page = await firefox.newPage(
      server.pageUrl(`<script>new WebSocket('${server.wsOrigin}/echo?case=popout').onopen = function () { this.send('x'); };</script>`),
    );
    const tabId = await firefox.tabIdOf(page);
    const panel = await firefox.openDevToolsPanel(page);
    await expect.poll(async () => (await panel.run(readConnections, null)).map((r) => r.url), POLL).toEqual([
      `${server.wsOrigin}/echo?case=popout`,
    ]);
    const clicked = await panel.run((doc) => {
      const button = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'Open in a window') ?? null;
      button?.click();
      return button !== null;
    }, null);
    expect(clicked).toBe(true);
    // browser.windows.create from inside DevTools: a popup window on ?tabId=<the inspected tab>.
    const url = `${EXTENSION_ORIGIN}/src/panel/index.html?tabId=${tabId}`;
    const popout = await until('the pop-out window', async () => {
      for (const p of await firefox.browser.pages()) {
        // page.url() is not kept up to date for extension pages: ask the page.
        if ((await p.evaluate(() => location.href).catch(() => '')) === url) return p;
      }
      return null;
    });
    await expect.poll(async () => (await pageView(popout).run(readConnections, null)).map((r) => r.url), POLL).toEqual([
      `${server.wsOrigin}/echo?case=popout`,
    ]);
  });

  // A DevTools panel may be denied the clipboard: the click must be a user's (trusted input,
  // synthesized by Firefox itself), and what arrives on the clipboard is read back.
  it('Copy summary puts the summary on the clipboard with a real click', async () => {
    const page = await firefox.newPage(
      server.pageUrl(`<script>new WebSocket('${server.wsOrigin}/echo?case=copy-summary').onopen = function () { this.send('x'); };</script>`),
    );
    const panel = await firefox.openDevToolsPanel(page);
    await expect.poll(async () => (await panel.run(readConnections, null)).map((r) => r.url), POLL).toEqual([
      `${server.wsOrigin}/echo?case=copy-summary`,
    ]);
    await firefox.chromeEvaluate(`(() => {
      const t = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor('text/plain');
      const s = Cc['@mozilla.org/supports-string;1'].createInstance(Ci.nsISupportsString);
      s.data = 'before';
      t.setTransferData('text/plain', s);
      Services.clipboard.setData(t, null, Services.clipboard.kGlobalClipboard);
      return true;
    })()`);
    const clicked = await panel.run((doc) => {
      const button = [...doc.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Copy summary');
      if (!button) return false;
      const box = button.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      // Gecko's own input path (ChromeOnly, Firefox 150+): trusted events with user activation.
      const win = doc.defaultView as unknown as {
        synthesizeMouseEvent(type: string, x: number, y: number, event: object, options: object): boolean;
      };
      for (const type of ['mousemove', 'mousedown', 'mouseup']) {
        win.synthesizeMouseEvent(type, x, y, { button: 0, buttons: type === 'mousedown' ? 1 : 0, clickCount: type === 'mousemove' ? 0 : 1 }, { isAsyncEnabled: false, toWindow: true });
      }
      return true;
    }, null);
    expect(clicked).toBe(true);
    await expect
      .poll(() => panel.run((doc) => doc.querySelector('[aria-label="Session file"] [role="status"]')?.textContent ?? null, null), POLL)
      .toBe('Copied');
    const copied = (await firefox.chromeEvaluate(`(() => {
      const t = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor('text/plain');
      Services.clipboard.getData(t, Services.clipboard.kGlobalClipboard, window.browsingContext.currentWindowContext);
      const out = {};
      t.getTransferData('text/plain', out);
      return out.value.QueryInterface(Ci.nsISupportsString).data;
    })()`)) as string;
    expect(copied).toContain('case=copy-summary');
    expect(copied).not.toBe('before');
  });
});

