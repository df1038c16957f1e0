/**
 * Capture end to end in Chromium: the built extension, a real page, a real ws server.
 */
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite';
import { frameCount, panel } from '../support/panel';

const env = chromiumSuite();

/**
 * Selects the n-th listed frame (from 0) by keyboard and returns its truncation notice ('' when whole):
 * the list is virtual (row 65 is not drawn until the list scrolls to it), and its row 0 is the open event.
 */
async function showFrame(p: Page, n: number): Promise<string> {
  await panel.frames(p).focus();
  await p.keyboard.press('Home');
  for (let i = 0; i <= n; i++) await p.keyboard.press('ArrowDown');
  await expect.poll(() => panel.selectedRow(p).getAttribute('id')).toBe(`frame-row-${n + 1}`);
  expect(await panel.selectedRow(p).getAttribute('data-kind')).toBe('frame');
  await panel.payload(p).waitFor();
  return (await panel.truncationNotice(p).count()) === 0 ? '' : (await panel.truncationNotice(p).textContent())!;
}

describe('capture in Chromium', () => {
  it('captures sockets in an iframe and in an about:blank iframe', async () => {
    const child = env.server.pageUrl(`<script>new WebSocket('${env.server.wsOrigin}/echo?from=child').onopen = function () { this.send('from child'); };</script>`);
    const { tabId } = await env.open(`
      <iframe src="${child}"></iframe>
      <iframe id="blank" src="about:blank"></iframe>
      <script>
        const blank = document.getElementById('blank');
        const go = () => {
          const w = blank.contentWindow;
          const s = w.document.createElement('script');
          s.textContent = "new WebSocket('${env.server.wsOrigin}/echo?from=blank').onopen = function () { this.send('from blank'); };";
          w.document.body.appendChild(s);
        };
        if (blank.contentDocument && blank.contentDocument.readyState === 'complete') go(); else blank.onload = go;
      </script>`);
    const p = await env.popout(tabId);
    await expect.poll(() => panel.connectionRows(p).count(), { timeout: 15_000 }).toBe(2);
    for (const from of ['from=child', 'from=blank']) {
      const row = panel.connectionRow(p, from);
      await expect.poll(() => frameCount(panel.cell(row, 'sent')), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 10_000 }).toBe(1);
    }
  });

  it('loses no frame when the service worker is stopped mid-stream', async () => {
    const count = 600;
    const { page, tabId } = await env.open(`<script>
      window.received = 0;
      const ws = new WebSocket('${env.server.wsOrigin}/stream?count=${count}&every=5');
      ws.onmessage = (e) => { window.received++; if (String(e.data).includes('done')) window.done = true; };
    </script>`);
    const worker = await env.browser.worker();
    await worker.evaluate(() => ((self as unknown as { marker: number }).marker = 1));
    await page.waitForFunction(() => (window as unknown as { received: number }).received > 50);
    await env.browser.stopServiceWorker();
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, undefined, { timeout: 30_000 });
    const serverConn = env.server.connections.find((c) => c.path === '/stream')!;
    expect(serverConn.sent).toBe(count + 1);
    const p = await env.popout(tabId);
    // The worker really was stopped and started again: its globals are gone.
    expect(await (await env.browser.worker()).evaluate(() => (self as unknown as { marker?: number }).marker)).toBeUndefined();
    const row = panel.connectionRow(p, '/stream');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 15_000 }).toBe(count + 1);
  });

  it('truncates a 10 MB frame and shows its exact size', async () => {
    const size = 10 * 1024 * 1024;
    const { tabId } = await env.open(`<script>
      const ws = new WebSocket('${env.server.wsOrigin}/big?size=${size}');
      ws.onopen = () => ws.send('go');
    </script>`);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, '/big');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 20_000 }).toBe(1);
    await row.click();
    const big = panel.frameRows(p).filter({ hasText: '10,485,760 B' });
    await expect.poll(() => big.count()).toBe(1);
    expect(await big.textContent()).toContain('truncated');
    expect(await panel.cell(row, 'received').textContent()).toContain('10.0 MiB');
  });

  it('keeps the first 1,023 bytes of a large binary frame, and whole frames once the user asks', async () => {
    const { page, tabId } = await env.open(`<script>
      window.ws = new WebSocket('${env.server.wsOrigin}/echo?binary-preview');
      ws.binaryType = 'arraybuffer';
      window.echoes = 0;
      ws.onmessage = () => window.echoes++;
      window.frame = () => Uint8Array.from({ length: 10000 }, (_, i) => (i * 7) & 0xff);
      ws.onopen = () => ws.send(frame());
    </script>`);
    await page.waitForFunction(() => (window as unknown as { echoes: number }).echoes === 1);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'binary-preview');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 10_000 }).toBe(1);
    // The exact size is counted; the payload is the first 1,023 bytes.
    expect(await panel.cell(row, 'received').textContent()).toContain('9.8 KiB');
    await row.click();
    await expect.poll(() => panel.frameRows(p).filter({ hasText: '10,000 B' }).count()).toBe(2);
    expect(await panel.frameRows(p).first().textContent()).toContain('truncated');
    await panel.frameRows(p).first().click();
    await expect.poll(() => panel.truncationNotice(p).textContent()).toContain('Showing 1,023 of 10,000 bytes');
    expect(await p.getByTestId('binary-preview-hint').textContent()).toContain('Whole binary frames');
    // The last line of the hex dump ends with the 1,023rd byte: offset 0x3f0, (1022 * 7) & 0xff = 0xf2.
    expect((await panel.hexDump(p).textContent())!.trim().split('\n').pop()).toMatch(/^000003f0 .* f2 +\|/);

    // The setting is the user's, in extension storage: the bridge picks it up at once.
    await panel.wholeBinaryFrames(p).check();
    await expect.poll(() => env.browser.worker().then((w) => w.evaluate(async () => (await chrome.storage.local.get('captureSettings')).captureSettings))).toEqual({ wholeBinaryFrames: true });
    // From the next frames on (the bridge hears of the change at once and tells the hook).
    const whole = panel.frameRows(p).filter({ hasText: '10,000 B' }).filter({ hasNotText: 'truncated' });
    const send = () => page.evaluate(() => { const w = window as unknown as { ws: WebSocket; frame: () => Uint8Array<ArrayBuffer> }; w.ws.send(w.frame()); });
    await expect.poll(async () => (await send(), whole.count()), { timeout: 10_000, interval: 300 }).toBeGreaterThanOrEqual(2);
    // The last row (an echo of a whole frame), by keyboard: the open payload leaves it below the list's fold.
    await panel.frames(p).focus();
    await p.keyboard.press('End');
    await p.keyboard.press('Enter');
    await expect.poll(() => panel.hexDump(p).textContent().then((t) => t!.trim().split('\n').pop())).toMatch(/^00002700 /);
    expect(await panel.truncationNotice(p).count()).toBe(0);
    // And back to previews once the user unticks it.
    await panel.wholeBinaryFrames(p).uncheck();
    await expect.poll(() => env.browser.worker().then((w) => w.evaluate(async () => (await chrome.storage.local.get('captureSettings')).captureSettings))).toEqual({ wholeBinaryFrames: false });
    const previews = panel.frameRows(p).filter({ hasText: 'truncated' });
    const before = await previews.count();
    await expect.poll(async () => (await send(), previews.count()), { timeout: 10_000, interval: 300 }).toBeGreaterThanOrEqual(before + 2);
  });

  it('a burst of binary frames: the first 64 in a second keep 1,023 bytes, the rest 255, each with its exact size', async () => {
    // 200 sends in one task: recorded within a few ms, so all in one second of the hook's count.
    const { page, tabId } = await env.open(`<script>
      const ws = new WebSocket('${env.server.wsOrigin}/echo?binary-burst');
      ws.binaryType = 'arraybuffer';
      window.echoes = 0;
      ws.onmessage = () => window.echoes++;
      ws.onopen = () => { for (let i = 0; i < 200; i++) ws.send(Uint8Array.from({ length: 2000 }, (_, j) => (i + j) & 0xff)); };
    </script>`);
    await page.waitForFunction(() => (window as unknown as { echoes: number }).echoes === 200);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'binary-burst');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 10_000 }).toBe(200);
    // Every frame's exact size is counted, whatever its preview kept.
    expect(await panel.cell(row, 'sent').textContent()).toBe('200 · 390.6 KiB');
    await row.click();
    await panel.filterDirection(p).selectOption('send');
    await expect.poll(() => panel.frameCount(p).textContent()).toMatch(/^200 of 400 frames/);
    const showing = (n: number) => showFrame(p, n);
    expect(await showing(0)).toContain('Showing 1,023 of 2,000 bytes');
    expect(await showing(63)).toContain('Showing 1,023 of 2,000 bytes');
    const busy = await showing(64);
    expect(busy).toContain('Showing 255 of 2,000 bytes');
    expect(busy).toContain('over 64 binary frames in that second');
    expect(busy).toContain('Whole binary frames');
    // The 65th sent frame's preview is its own first 255 bytes: (64 + j) & 0xff, 0x40 first.
    expect((await panel.hexDump(p).textContent())!.trim().split('\n')[0]).toMatch(/^00000000 +40 41 42 43/);
  });

  it('Blob frames: the first 16 in a second are read, past those only their size is kept, unless whole frames', async () => {
    // The default binaryType: every echo arrives as a Blob, whose bytes the hook must read back.
    // 200-byte frames are under every preview cut, so a frame read is a frame whole.
    const { page, tabId } = await env.open(`<script>
      window.ws = new WebSocket('${env.server.wsOrigin}/echo?blob-burst');
      window.echoes = 0;
      ws.onmessage = () => window.echoes++;
      window.burst = () => { for (let i = 0; i < 100; i++) ws.send(Uint8Array.from({ length: 200 }, (_, j) => (i + j) & 0xff)); };
      ws.onopen = () => burst();
    </script>`);
    await page.waitForFunction(() => (window as unknown as { echoes: number }).echoes === 100);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'blob-burst');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 10_000 }).toBe(100);
    // Every frame's exact size is counted, read or not.
    expect(await panel.cell(row, 'received').textContent()).toBe('100 · 19.5 KiB');
    await row.click();
    await panel.filterDirection(p).selectOption('receive');
    await expect.poll(() => panel.frameCount(p).textContent()).toMatch(/^100 of 200 frames/);
    expect(await showFrame(p, 0)).toBe('');
    expect((await panel.hexDump(p).textContent())!.trim().split('\n')[0]).toMatch(/^00000000 +00 01 02 03/);
    expect(await showFrame(p, 15)).toBe('');
    const unread = await showFrame(p, 16);
    expect(unread).toContain('Showing 0 of 200 bytes');
    expect(unread).toContain('not read');
    expect(unread).toContain('Whole binary frames');

    // Whole binary frames reads every Blob, from the first batch after the hook hears of it.
    const setting = () => env.browser.worker().then((w) => w.evaluate(async () => (await chrome.storage.local.get('captureSettings')).captureSettings));
    await panel.wholeBinaryFrames(p).check();
    await expect.poll(setting).toEqual({ wholeBinaryFrames: true });
    /** Sends a burst of 100 and shows the k-th echo of it (from 0), with its truncation notice ('' when whole). */
    const burstEcho = async (k: number): Promise<string> => {
      const before = await page.evaluate(() => (window as unknown as { echoes: number }).echoes);
      await page.evaluate(() => (window as unknown as { burst: () => void }).burst());
      await page.waitForFunction((n) => (window as unknown as { echoes: number }).echoes === n, before + 100);
      await expect.poll(() => frameCount(panel.cell(row, 'received'))).toBe(before + 100);
      return showFromEnd(99 - k);
    };
    const showFromEnd = async (up: number): Promise<string> => {
      await panel.frames(p).focus();
      await p.keyboard.press('End');
      for (let i = 0; i < up; i++) await p.keyboard.press('ArrowUp');
      await panel.payload(p).waitFor();
      return (await panel.truncationNotice(p).count()) === 0 ? '' : (await panel.truncationNotice(p).textContent())!;
    };
    // The 20th echo of a burst whole: past a read budget (at most 16 in a row, whichever second the
    // burst straddles), and the 60th and 100th of the same burst too, each with its own bytes.
    await expect.poll(() => burstEcho(19), { timeout: 15_000, interval: 300 }).toBe('');
    for (const [up, first] of [[80, '13 14 15'], [40, '3b 3c 3d'], [0, '63 64 65']] as const) {
      expect(await showFromEnd(up)).toBe('');
      expect((await panel.hexDump(p).textContent())!.trim().split('\n')[0]).toMatch(new RegExp(`^00000000 +${first}`));
    }
    // A Blob longer than a preview: read whole, the bytes after its preview joined to it.
    const before = await page.evaluate(() => (window as unknown as { echoes: number }).echoes);
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send(Uint8Array.from({ length: 3000 }, (_, j) => j & 0xff)));
    await page.waitForFunction((n) => (window as unknown as { echoes: number }).echoes === n, before + 1);
    await expect.poll(() => frameCount(panel.cell(row, 'received'))).toBe(before + 1);
    await panel.frames(p).focus();
    await p.keyboard.press('End');
    await expect.poll(() => panel.hexDump(p).textContent().then((t) => t!.trim().split('\n').pop())).toMatch(/^00000bb0 +b0 b1 b2 b3 b4 b5 b6 b7 +\|/);
    expect(await panel.truncationNotice(p).count()).toBe(0);

    // Unticked: the read budget is back (the 17th echo of a burst is not read), even though no
    // frame of these bursts ever held bytes back.
    await panel.wholeBinaryFrames(p).uncheck();
    await expect.poll(setting).toEqual({ wholeBinaryFrames: false });
    await expect.poll(() => burstEcho(16), { timeout: 15_000, interval: 300 }).toContain('Showing 0 of 200 bytes');
  });

  it('switching to Handshake and back keeps the frame list where it was, and the payload pane closed', async () => {
    const { page, tabId } = await env.open(`<script>
      const ws = new WebSocket('${env.server.wsOrigin}/echo?tab-switch');
      window.echoes = 0;
      ws.onmessage = () => window.echoes++;
      ws.onopen = () => { for (let i = 0; i < 150; i++) ws.send('frame ' + i); };
    </script>`);
    await page.waitForFunction(() => (window as unknown as { echoes: number }).echoes === 150);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'tab-switch');
    await expect.poll(() => frameCount(panel.cell(row, 'received'))).toBe(150);
    await row.click();
    // The first row selected (its payload opens), the payload closed, the list scrolled away from it.
    await panel.frames(p).focus();
    await p.keyboard.press('Home');
    await panel.payload(p).waitFor();
    await p.getByRole('button', { name: 'Close payload' }).click();
    expect(await panel.payload(p).count()).toBe(0);
    const list = panel.frames(p);
    await list.evaluate((el) => { el.scrollTop = 1500; });
    await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBe(1500);
    const firstDrawn = () => panel.frameRows(p).first().getAttribute('id');
    // The list draws the scrolled-to rows on its next render (~row 71 at 21 px a row), not at once.
    await expect.poll(async () => Number((await firstDrawn())?.replace('frame-row-', ''))).toBeGreaterThan(40);
    const drawn = await firstDrawn();

    await panel.detailTab(p, 'Handshake').click();
    await expect.poll(() => panel.handshakeStatus(p).textContent()).toBe('101 Switching Protocols');
    expect(await panel.frames(p).count()).toBe(0);
    await panel.detailTab(p, 'Messages').click();
    expect(await list.evaluate((el) => el.scrollTop)).toBe(1500);
    expect(await firstDrawn()).toBe(drawn);
    expect(await panel.payload(p).count()).toBe(0);
  });

  it('Clear empties the list; Pause stops recording; Preserve log keeps sockets across a navigation', async () => {
    const socketPage = (tag: string) =>
      env.server.pageUrl(`<script>new WebSocket('${env.server.wsOrigin}/echo?tag=${tag}').onopen = function () { this.send('${tag}'); };</script>`);
    const { page, tabId } = await env.open('<p>start</p>');
    const p = await env.popout(tabId);
    await page.goto(socketPage('one'));
    await expect.poll(() => panel.connectionRows(p).count(), { timeout: 10_000 }).toBe(1);

    // A navigation starts a new session by default, like the Network panel.
    await page.goto(socketPage('two'));
    await expect.poll(() => panel.connectionRows(p).allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('tag=two')]);

    // Preserve log keeps the previous page's sockets.
    await panel.preserveLog(p).check();
    await page.goto(socketPage('three'));
    await expect.poll(() => panel.connectionRows(p).count(), { timeout: 10_000 }).toBe(2);

    await panel.clear(p).click();
    await expect.poll(() => panel.connectionRows(p).count(), { timeout: 10_000 }).toBe(0);

    // Paused: nothing is recorded; recording again picks up new sockets.
    await panel.recordToggle(p).click();
    await expect.poll(() => panel.recordToggle(p).getAttribute('aria-pressed')).toBe('false');
    await page.evaluate((u: string) => void new WebSocket(u), `${env.server.wsOrigin}/echo?tag=paused`);
    await expect.poll(() => env.server.connections.some((c) => c.query.get('tag') === 'paused'), { timeout: 10_000 }).toBe(true);
    await panel.recordToggle(p).click();
    // Ctrl+E pauses and resumes, as in the Network panel; the button's name is its visible word.
    await p.keyboard.press('Control+E');
    await expect.poll(() => panel.recordToggle(p).getAttribute('aria-pressed')).toBe('false');
    expect(await panel.recordToggle(p).textContent()).toBe('○ Paused');
    await p.keyboard.press('Control+E');
    await expect.poll(() => panel.recordToggle(p).getAttribute('aria-pressed')).toBe('true');
    expect(await p.getByRole('button', { name: 'Recording', exact: true }).count()).toBe(1);
    await page.evaluate((u: string) => void new WebSocket(u), `${env.server.wsOrigin}/echo?tag=recorded`);
    await expect.poll(() => panel.connectionRows(p).allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('tag=recorded')]);
  });

  it("frees a closed tab's session, in memory and in storage", async () => {
    const { page, tabId } = await env.open(`<script>new WebSocket('${env.server.wsOrigin}/echo?tag=closing-tab').onopen = function () { this.send('x'); };</script>`);
    const worker = await env.browser.worker();
    const stored = (id: number) =>
      worker.evaluate(
        (tab: number) =>
          new Promise<number>((resolve, reject) => {
            const request = indexedDB.open('ws-triage');
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
              const tx = request.result.transaction(['log', 'tabs'], 'readonly');
              const logs = tx.objectStore('log').index('tab').count(tab);
              const tabs = tx.objectStore('tabs').count(tab);
              tx.oncomplete = () => resolve(logs.result + tabs.result);
            };
          }),
        id,
      );
    await expect.poll(() => stored(tabId), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
    await expect.poll(() => stored(tabId), { timeout: 10_000 }).toBe(0);
    // A panel asking for the closed tab gets an empty session, and is told the tab is gone.
    const p = await env.popout(tabId);
    await expect.poll(() => p.getByText('No WebSockets yet').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => p.getByTestId('tab-closed-notice').count(), { timeout: 10_000 }).toBe(1);
    // Nothing offers to reload or record a tab that is gone.
    expect(await p.getByTestId('tab-closed-empty').count()).toBe(1);
    expect(await p.getByRole('button', { name: 'Reload the page' }).count()).toBe(0);
    expect(await panel.recordToggle(p).count()).toBe(0);
  });

  it('a pop-out panel keeps what it shows when its tab closes, and says so', async () => {
    const { page, tabId } = await env.open(`<script>new WebSocket('${env.server.wsOrigin}/echo?tag=gone-tab').onopen = function () { this.send('kept'); };</script>`);
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'tag=gone-tab');
    await expect.poll(() => frameCount(panel.cell(row, 'received')), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => p.getByRole('button', { name: 'Clear' }).count()).toBe(1);
    await page.close();
    await expect.poll(() => p.getByTestId('tab-closed-notice').count(), { timeout: 10_000 }).toBe(1);
    // Well after the panel would have subscribed again (100 ms), the session is still shown.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await frameCount(panel.cell(row, 'received'))).toBe(1);
    expect(await p.getByRole('button', { name: 'Clear' }).count()).toBe(0);
  });

  it('keeps the close of a socket that closed just before the page navigated away', async () => {
    const { page, tabId } = await env.open('<p>start</p>');
    const p = await env.popout(tabId);
    await panel.preserveLog(p).check();
    const next = env.server.pageUrl('<p>next page</p>');
    await page.goto(
      env.server.pageUrl(`<script>
        new WebSocket('${env.server.wsOrigin}/close?code=4001&reason=bye&after=50').onclose = () => { location.href = ${JSON.stringify(next)}; };
      </script>`),
    );
    await page.waitForURL(next);
    const row = panel.connectionRow(p, '/close?code=4001');
    await expect.poll(() => panel.cell(row, 'close').textContent(), { timeout: 10_000 }).toMatch(/^4001/);
  });
});
