/**
 * Capture end to end in Firefox ESR: the built dist/firefox as a temporary add-on, real
 * pages, a real ws server, the panel as a pop-out extension page. The in-DevTools panel
 * is in firefox-devtools-panel.test.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FirefoxBrowser, PanelView } from '../support/firefox';
import { launchFirefox, skipFirefox, until } from '../support/firefox';
import { clickButton, readConnections, readFindings, readMessages, selectConnection } from '../support/panel';
import { startServer } from '../support/server.mjs';
import type { TestServer } from '../support/server.mjs';

/** A non-loopback IPv4 address of this machine: http:// there is not a secure context. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

/** Generous: the machine has 2 cores and other browsers run on it. */
const POLL = { timeout: 30_000, interval: 200 };

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const SIGNATURE = 'RmlyZWZveC1leHBvcnQtc2lnbmF0dXJlLW5vdC1yZWFsLTAxMjM';
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-7', exp: 4102444800, iat: 1700000000 })}.${SIGNATURE}`;

describe.skipIf(skipFirefox())('capture in Firefox ESR (pop-out panel)', () => {
  let server: TestServer;
  let firefox: FirefoxBrowser;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startServer();
    firefox = await launchFirefox();
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.close().catch(() => {});
  });

  async function open(html: string): Promise<{ page: Page; tabId: number }> {
    const page = await firefox.newPage();
    pages.push(page);
    await page.goto(server.pageUrl(html));
    return { page, tabId: await firefox.tabIdOf(page) };
  }

  async function popout(tabId: number): Promise<PanelView & { page: Page }> {
    const view = await firefox.openPopout(tabId);
    pages.push(view.page);
    return view;
  }

  const row = async (view: PanelView, urlPart: string) =>
    (await view.run(readConnections, null)).find((r) => r.url.includes(urlPart));

  it('records frames both ways (text and binary) and the close code, from the first script of the page', async () => {
    const { page, tabId } = await open(`<!doctype html><html><head><script>
      // The page's first script: the hook must already be installed (document_start).
      window.hookedBefore = WebSocket.toString().includes('[native code]');
      const ws = new WebSocket('${server.wsOrigin}/echo?case=frames', ['chat.v1', 'chat.v2']);
      ws.binaryType = 'arraybuffer';
      let echoes = 0;
      ws.onopen = () => { ws.send('hello server'); ws.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef])); };
      ws.onmessage = () => { if (++echoes === 2) ws.close(4001, 'bye'); };
      ws.onclose = (e) => { window.closeCode = e.code; };
    </script></head><body></body></html>`);
    await page.waitForFunction(() => (window as unknown as { closeCode?: number }).closeCode === 4001, { timeout: 30_000 });
    // The hook is invisible to the page: the constructor still prints as native.
    expect(await page.evaluate(() => (window as unknown as { hookedBefore: boolean }).hookedBefore)).toBe(true);

    const view = await popout(tabId);
    await expect.poll(() => row(view, 'case=frames'), POLL).toMatchObject({ state: 'closed', close: '4001' });
    const r = (await row(view, 'case=frames'))!;
    expect(r.protocol).toBe('chat.v1, chat.v2 → chat.v1');
    expect(r.sent).toMatch(/^2 · /);
    expect(r.received).toMatch(/^2 · /);
    // The handshake came through Firefox's webRequest and was matched to the hooked socket.
    expect(r.handshakeStatus).toBe('101');

    expect(await view.run(selectConnection, 'case=frames')).toBe(true);
    await expect.poll(async () => (await view.run(readMessages, null)).filter((m) => m.kind === 'frame').length, POLL).toBe(4);
    const rows = await view.run(readMessages, null);
    const frames = rows.filter((m) => m.kind === 'frame');
    expect(frames.filter((f) => f.direction === 'send')).toHaveLength(2);
    expect(frames.filter((f) => f.direction === 'receive')).toHaveLength(2);
    expect(frames.some((f) => f.direction === 'send' && f.text.includes('hello server'))).toBe(true);
    expect(frames.some((f) => f.direction === 'receive' && f.text.includes('hello server'))).toBe(true);
    expect(frames.some((f) => f.direction === 'send' && f.text.includes('binary') && f.text.includes('de ad be ef'))).toBe(true);
    expect(frames.some((f) => f.direction === 'receive' && f.text.includes('binary') && f.text.includes('3q2+7w=='))).toBe(true);
    expect(rows.some((m) => m.kind === 'close-call' && m.text.includes('close(4001, "bye")'))).toBe(true);
    expect(rows.find((m) => m.kind === 'close')?.text).toContain('4001');
  });

  it('reads the first 16 Blob frames in a second (the default binaryType) and keeps the exact size of the rest', async () => {
    const { page, tabId } = await open(`<script>
      const ws = new WebSocket('${server.wsOrigin}/echo?case=blob-burst');
      window.blobs = 0;
      ws.onmessage = (e) => { if (e.data instanceof Blob) window.blobs++; };
      ws.onopen = () => { for (let i = 0; i < 18; i++) ws.send(Uint8Array.from({ length: 200 }, (_, j) => (i + j) & 0xff)); };
    </script>`);
    await page.waitForFunction(() => (window as unknown as { blobs: number }).blobs === 18, { timeout: 30_000 });
    const view = await popout(tabId);
    await expect.poll(() => row(view, 'blob-burst'), POLL).toMatchObject({ received: expect.stringMatching(/^18 · 3\.5 KiB/) });
    expect(await view.run(selectConnection, 'blob-burst')).toBe(true);
    // Only the received frames, so that all 18 rows are drawn.
    expect(await view.run((doc) => {
      const select = doc.querySelector<HTMLSelectElement>('[role="search"][aria-label="Frame filters"] select[aria-label="Direction"]');
      if (!select) return false;
      select.value = 'receive';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    }, null)).toBe(true);
    const received = async () => (await view.run(readMessages, null)).filter((m) => m.kind === 'frame' && m.direction === 'receive');
    await expect.poll(async () => (await received()).length, POLL).toBe(18);
    const frames = await received();
    // Read (whole: 200 bytes is under every preview cut), in order: the i-th starts with byte i.
    for (let i = 0; i < 16; i++) {
      expect(frames[i]!.text).not.toContain('truncated');
      expect(frames[i]!.text).toContain([i, i + 1, i + 2].map((b) => b.toString(16).padStart(2, '0')).join(' '));
    }
    // Not read: the exact size, no bytes.
    for (const f of frames.slice(16)) {
      expect(f.text).toContain('truncated');
      expect(f.text).toContain('200 B');
    }
  });

  it('keeps the first 1,023 bytes of a binary frame, and whole frames once Whole binary frames is ticked', async () => {
    const { page, tabId } = await open(`<script>
      window.ws = new WebSocket('${server.wsOrigin}/echo?case=binary-preview');
      ws.binaryType = 'arraybuffer';
      window.frame = () => Uint8Array.from({ length: 10000 }, (_, i) => (i * 7) & 0xff);
      window.echoes = 0;
      ws.onmessage = () => window.echoes++;
      ws.onopen = () => ws.send(frame());
    </script>`);
    await page.waitForFunction(() => (window as unknown as { echoes: number }).echoes === 1, { timeout: 30_000 });
    const view = await popout(tabId);
    await expect.poll(() => row(view, 'binary-preview'), POLL).toMatchObject({ received: expect.stringMatching(/^1 · /) });
    expect(await view.run(selectConnection, 'binary-preview')).toBe(true);
    const frames = async () => (await view.run(readMessages, null)).filter((m) => m.kind === 'frame');
    await expect.poll(async () => (await frames()).length, POLL).toBe(2);
    // The exact size, and the payload cut to its preview.
    expect((await frames()).every((f) => f.text.includes('10,000 B') && f.text.includes('truncated'))).toBe(true);

    // The user ticks the box (a click in the panel); the bridge asks the hook for the rest.
    type Storage = { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
    const setting = () => view.page.evaluate(async () => (await (globalThis as unknown as { browser: Storage }).browser.storage.local.get('captureSettings')).captureSettings);
    const toggle = () => view.page.evaluate(() => (document.querySelector('[data-testid="whole-binary-frames"]') as HTMLInputElement).click());
    await toggle();
    await expect.poll(setting, POLL).toEqual({ wholeBinaryFrames: true });
    const whole = async () => (await frames()).filter((f) => f.text.includes('10,000 B') && !f.text.includes('truncated')).length;
    const send = () => page.evaluate(() => { const w = window as unknown as { ws: WebSocket; frame: () => Uint8Array<ArrayBuffer> }; w.ws.send(w.frame()); });
    await expect.poll(async () => (await send(), whole()), POLL).toBeGreaterThanOrEqual(2);
    await toggle();
    await expect.poll(setting, POLL).toEqual({ wholeBinaryFrames: false });
  });

  it('captures sockets in an iframe and in an about:blank iframe', async () => {
    const child = server.pageUrl(
      `<script>new WebSocket('${server.wsOrigin}/echo?from=child').onopen = function () { this.send('from child'); };</script>`,
    );
    const { tabId } = await open(`
      <iframe src="${child}"></iframe>
      <iframe id="blank" src="about:blank"></iframe>
      <script>
        const blank = document.getElementById('blank');
        const go = () => {
          const w = blank.contentWindow;
          const s = w.document.createElement('script');
          s.textContent = "new WebSocket('${server.wsOrigin}/echo?from=blank').onopen = function () { this.send('from blank'); };";
          w.document.body.appendChild(s);
        };
        if (blank.contentDocument && blank.contentDocument.readyState === 'complete') go(); else blank.onload = go;
      </script>`);
    const view = await popout(tabId);
    for (const from of ['from=child', 'from=blank']) {
      await expect.poll(() => row(view, from), POLL).toMatchObject({ state: 'open', handshakeStatus: '101' });
      await expect.poll(async () => (await row(view, from))?.sent, POLL).toMatch(/^1 · /);
      await expect.poll(async () => (await row(view, from))?.received, POLL).toMatch(/^1 · /);
    }
    expect(await view.run(readConnections, null)).toHaveLength(2);
  });

  it('shows the HTTP status of a rejected upgrade (401), from Firefox webRequest', async () => {
    const { page, tabId } = await open(`<script>
      const ws = new WebSocket('${server.wsOrigin}/reject?status=401');
      ws.onclose = (e) => { window.closeCode = e.code; };
    </script>`);
    // All the page itself learns is 1006.
    await page.waitForFunction(() => (window as unknown as { closeCode?: number }).closeCode === 1006, { timeout: 30_000 });
    const view = await popout(tabId);
    await expect.poll(() => row(view, '/reject?status=401'), POLL).toMatchObject({ handshakeStatus: '401', state: 'failed' });
    const rows = await view.run(readConnections, null);
    // One connection: the handshake was matched to the hooked socket, not listed apart.
    expect(rows).toHaveLength(1);
    expect(rows[0]!.close).toContain('1006');
  });

  it('loses no frame when Firefox suspends the background event page mid-stream', async () => {
    const count = 600;
    const { page, tabId } = await open(`<script>
      window.received = 0;
      const ws = new WebSocket('${server.wsOrigin}/stream?count=${count}&every=5');
      ws.onmessage = (e) => { window.received++; if (String(e.data).includes('done')) window.done = true; };
    </script>`);
    await firefox.inBackground((bg) => (bg.marker = 1), null);
    await page.waitForFunction(() => (window as unknown as { received: number }).received > 50, { timeout: 30_000 });
    await firefox.stopBackground();
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, { timeout: 30_000 });
    expect(server.connections.find((c) => c.path === '/stream')!.sent).toBe(count + 1);
    // The event page really was suspended and started again: its globals are gone.
    expect(await firefox.inBackground((bg) => bg.marker ?? null, null)).toBeNull();
    const view = await popout(tabId);
    await expect.poll(async () => (await row(view, '/stream'))?.received, POLL).toMatch(new RegExp(`^${count + 1} · `));
  });

  it('lists the handshake-rejected (401) and close-code (4001) findings in the pop-out panel', async () => {
    const { page, tabId } = await open(`<script>
      window.closes = {};
      const quiet = (s, name) => { s.onerror = () => {}; s.onclose = (e) => { window.closes[name] = e.code; }; return s; };
      quiet(new WebSocket('${server.wsOrigin}/reject?status=401&case=findings'), 'rejected');
      quiet(new WebSocket('${server.wsOrigin}/close?code=4001&reason=token%20expired&after=50&case=findings'), 'expired');
    </script>`);
    await page.waitForFunction(
      () => {
        const c = (window as unknown as { closes: Record<string, number> }).closes;
        return c.rejected === 1006 && c.expired === 4001;
      },
      { timeout: 30_000 },
    );
    const view = await popout(tabId);
    const ids = async () => (await view.run(readFindings, null)).map((f) => f.id);
    await expect.poll(ids, POLL).toEqual(expect.arrayContaining(['handshake-rejected', 'close-code']));
    const findings = await view.run(readFindings, null);
    const rejected = findings.find((f) => f.id === 'handshake-rejected')!;
    expect(rejected.severity).toBe('error');
    // The status came from Firefox's webRequest: the page itself only saw 1006.
    expect(rejected.text).toContain('401');
    expect(findings.filter((f) => f.id === 'close-code').some((f) => f.text.includes('4001'))).toBe(true);
  });

  it('subprotocol-mismatch: Firefox opens a socket whose 101 has no Sec-WebSocket-Protocol; the panel flags it', async () => {
    // The server answers 101 without Sec-WebSocket-Protocol although the page asked for
    // "chat.v1". RFC 6455 (4.1) says the client must fail such a connection, and Chrome
    // does (net::ERR_FAILED, and extensions never see the 101: see chrome-findings).
    // Firefox ESR does not: it fires `open` with ws.protocol === '' and the socket works.
    // So in Firefox the finding comes from the hooked socket (opened, empty protocol,
    // severity "warning", "No subprotocol agreed"), and Firefox's webRequest also reports
    // the 101 and its response headers (no Sec-WebSocket-Protocol among them).
    const { page, tabId } = await open(`<script>
      const ws = new WebSocket('${server.wsOrigin}/echo?accept=none&case=subprotocol', ['chat.v1']);
      window.events = [];
      ws.onopen = () => { window.events.push('open'); window.negotiated = ws.protocol; ws.send('still usable'); };
      ws.onmessage = (e) => window.events.push('message:' + e.data);
      ws.onerror = () => window.events.push('error');
      ws.onclose = (e) => window.events.push('close:' + e.code);
    </script>`);
    await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('message:still usable'), {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual(['open', 'message:still usable']);
    expect(await page.evaluate(() => (window as unknown as { negotiated: string }).negotiated)).toBe('');
    const conn = server.connections.find((c) => c.query.get('case') === 'subprotocol')!;
    expect(conn.headers['sec-websocket-protocol']).toBe('chat.v1');
    expect(conn.protocol).toBe('');

    const view = await popout(tabId);
    await expect.poll(() => row(view, 'case=subprotocol'), POLL).toMatchObject({
      state: 'open',
      protocol: 'chat.v1 → none',
      handshakeStatus: '101',
    });
    await expect.poll(async () => (await view.run(readFindings, null)).map((f) => f.id), POLL).toContain('subprotocol-mismatch');
    const mismatch = (await view.run(readFindings, null)).filter((f) => f.id === 'subprotocol-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]!.severity).toBe('warning');
    expect(mismatch[0]!.text).toContain('No subprotocol agreed');
    expect(mismatch[0]!.text).toContain('"chat.v1"');
    expect(mismatch[0]!.text).toContain('case=subprotocol');

    // The 101 as Firefox's webRequest reported it: no Sec-WebSocket-Protocol in the answer.
    expect(await view.run(selectConnection, 'case=subprotocol')).toBe(true);
    // The handshake is the detail's second tab.
    await expect
      .poll(() => view.run((doc: Document) => (doc.getElementById('detail-tab-handshake')?.click(), doc.getElementById('detail-tab-handshake')?.getAttribute('aria-selected')), null), POLL)
      .toBe('true');
    const responseHeaders = async () =>
      view.run(
        (doc: Document) =>
          Array.from(doc.querySelectorAll('section[aria-label="Handshake"] table[aria-label="Response headers"] tr')).map((tr) =>
            (tr.querySelector('th')?.textContent ?? '').toLowerCase(),
          ),
        null,
      );
    await expect.poll(responseHeaders, POLL).toContain('sec-websocket-accept');
    expect(await responseHeaders()).not.toContain('sec-websocket-protocol');
  });

  it('Export session downloads a redacted session file (Firefox download to the profile download dir)', async () => {
    const { page, tabId } = await open(`<script>
      const ws = new WebSocket('${server.wsOrigin}/echo?case=export&token=${JWT}');
      ws.onopen = () => ws.send('ping');
      ws.onmessage = () => { window.done = true; };
    </script>`);
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, { timeout: 30_000 });
    const view = await popout(tabId);
    await expect.poll(async () => (await row(view, 'case=export'))?.received, POLL).toMatch(/^1 · /);
    const before = new Set(await readdir(firefox.downloadDir));
    expect(await view.run(clickButton, 'Export session')).toBe(true);
    // Firefox writes a .part file first, then renames it: wait for the finished file.
    const name = await until('the exported session file', async () => {
      const names = await readdir(firefox.downloadDir);
      return names.find((n) => !before.has(n) && n.endsWith('.wstriage.json')) ?? null;
    });
    expect(name).toMatch(/^127\.0\.0\.1-\d{8}-\d{6}\.wstriage\.json$/);
    const text = await until('the exported session file to be complete', async () => {
      const t = await readFile(join(firefox.downloadDir, name), 'utf8');
      try {
        JSON.parse(t);
        return t;
      } catch {
        return null;
      }
    });
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(SIGNATURE);
    const file = JSON.parse(text) as {
      format: string;
      version: number;
      redacted: boolean;
      connections: { url: string; frames: { direction: string; data: string }[] }[];
    };
    expect(file.format).toBe('ws-triage-session');
    expect(file.version).toBe(1);
    expect(file.redacted).toBe(true);
    const exported = file.connections.filter((c) => c.url.includes('case=export'));
    expect(exported).toHaveLength(1);
    expect(exported[0]!.url).toContain('token=');
    expect(exported[0]!.frames.map((f) => f.direction)).toEqual(['send', 'receive']);
  });

  it.skipIf(lanAddress === undefined)('captures frames on an http:// page that is not a secure context', async () => {
    const lan = await startServer({ host: lanAddress! });
    try {
      const page = await firefox.newPage();
      pages.push(page);
      await page.goto(lan.pageUrl(`<script>
        window.secure = isSecureContext;
        new WebSocket('${lan.wsOrigin}/echo?case=insecure').onopen = function () { this.send('over plain http'); };
      </script>`));
      expect(await page.evaluate(() => (window as unknown as { secure: boolean }).secure)).toBe(false);
      const view = await popout(await firefox.tabIdOf(page));
      await expect.poll(() => row(view, 'case=insecure'), POLL).toMatchObject({
        state: 'open',
        sent: expect.stringMatching(/^1 · /),
        received: expect.stringMatching(/^1 · /),
      });
    } finally {
      await lan.close();
    }
  });
});
