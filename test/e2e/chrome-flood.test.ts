/**
 * Floods in Chromium: a page sending far more frames than a tab retains, and 50 MB
 * frames both ways. The page and the browser stay responsive, stats count every frame,
 * the background keeps no more than its caps, and big payloads keep their exact size.
 */
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { chromiumSuite } from '../support/chromium-suite';
import { frameCount, panel } from '../support/panel';

const env = chromiumSuite();

/** Milliseconds for a round trip into the page; fails past `limit` ms. */
async function roundTrip(page: Page, limit = 5_000): Promise<number> {
  const start = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    page.evaluate(() => 1),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no round trip into the page in ${limit} ms`)), limit))),
  ]).finally(() => clearTimeout(timer));
  return Date.now() - start;
}

/** "1,234 oldest frames dropped …" → 1234. */
async function droppedCount(p: Page): Promise<number> {
  const text = (await panel.droppedNotice(p).textContent()) ?? '';
  const m = /([\d,]+) oldest frames dropped/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}

/** "N of M frames" → M. */
async function listedFrames(p: Page): Promise<number> {
  const text = (await panel.frameCount(p).textContent()) ?? '';
  const m = /of ([\d,]+) frames/.exec(text);
  return m ? Number(m[1]!.replace(/,/g, '')) : NaN;
}

const MAX_FRAMES = 100_000;

describe('floods in Chromium', () => {
  it('records 150,000 sent frames with bounded retention and a responsive page', async () => {
    const total = 150_000;
    const { page, tabId } = await env.open(`<script>
      window.sent = 0;
      window.flood = async () => {
        const ws = new WebSocket('${env.server.wsOrigin}/sink');
        await new Promise((r) => (ws.onopen = r));
        for (let i = 0; i < ${total}; i++) {
          ws.send('m' + i);
          window.sent = i + 1;
          if (i % 2000 === 1999) await new Promise((r) => setTimeout(r));
        }
        window.flooded = true;
      };
    </script>`);
    const p = await env.popout(tabId);
    const started = Date.now();
    await page.evaluate(() => void (window as unknown as { flood: () => Promise<void> }).flood());

    // The page answers throughout the flood (each round trip checked against 5 s).
    let worst = 0;
    const sentSoFar = () => page.evaluate(() => (window as unknown as { sent: number }).sent);
    while (!(await page.evaluate(() => (window as unknown as { flooded?: boolean }).flooded === true))) {
      worst = Math.max(worst, await roundTrip(page));
      if (Date.now() - started > 60_000) throw new Error(`flood stuck at ${await sentSoFar()} frames`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const floodMs = Date.now() - started;
    await expect.poll(() => env.server.connections.find((c) => c.path === '/sink' && !c.query.has('big'))?.received, { timeout: 30_000 }).toBe(total);

    const row = panel.connectionRow(p, '/sink');
    await expect.poll(() => frameCount(panel.cell(row, 'sent')), { timeout: 45_000, interval: 500 }).toBe(total);
    const recordedMs = Date.now() - started;
    worst = Math.max(worst, await roundTrip(page));

    await expect.poll(() => panel.droppedNotice(p).isVisible(), { timeout: 10_000 }).toBe(true);
    const dropped = await droppedCount(p);
    expect(dropped).toBeGreaterThanOrEqual(total - MAX_FRAMES);
    // Either cap can be the one that dropped frames: the notice names both.
    expect(await panel.droppedNotice(p).textContent()).toContain('caps of 100,000 frames and 256 Mi payload characters per tab');

    // Retention: the frame list of the connection holds no more than the cap, and
    // what it holds plus what was dropped is every frame.
    await row.click();
    await expect.poll(() => listedFrames(p), { timeout: 15_000 }).toBeLessThanOrEqual(MAX_FRAMES);
    const listed = await listedFrames(p);
    expect(listed + dropped).toBe(total);
    // No frame lost between the page and the background.
    expect(await p.getByText(/events lost before reaching WS Triage/).count()).toBe(0);

    // A panel opened afresh gets the same bounded session from the background.
    const fresh = await env.popout(tabId);
    const freshRow = panel.connectionRow(fresh, '/sink');
    await expect.poll(() => frameCount(panel.cell(freshRow, 'sent')), { timeout: 30_000 }).toBe(total);
    await freshRow.click();
    await expect.poll(() => listedFrames(fresh), { timeout: 30_000 }).toBe(listed);
    expect(await droppedCount(fresh)).toBe(dropped);

    // The background's durable log stays bounded too: it is compacted into a snapshot
    // once it holds twice the cap (src/background/tabs.ts, COMPACT_FACTOR).
    const stored = await (await env.browser.worker()).evaluate(
      (tab: number) =>
        new Promise<number>((resolve, reject) => {
          const request = indexedDB.open('ws-triage');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const all = request.result.transaction('log', 'readonly').objectStore('log').index('tab').getAll(tab);
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
              type Events = { kind: string; events?: { kind: string }[] }[];
              // A logged batch is JSON text, or one document's hook chunks (src/shared/wire.ts): a header line holding the events.
              type Entry = { snapshot?: { connections: { frames: unknown[] }[] }; events?: Events; batches?: (string | { chunks: string[] })[] };
              let frames = 0;
              const count = (events: Events) => {
                for (const e of events) for (const h of e.events ?? []) if (h.kind === 'frame') frames++;
              };
              for (const entry of all.result as Entry[]) {
                for (const c of entry.snapshot?.connections ?? []) frames += c.frames.length;
                count(entry.events ?? []);
                for (const batch of entry.batches ?? []) {
                  if (typeof batch === 'string') count(JSON.parse(batch) as Events);
                  // In a chunk's header a frame is a tuple: [cid, time, flags, size, len].
                  else for (const chunk of batch.chunks) frames += (JSON.parse(chunk.slice(0, chunk.indexOf('\n'))) as { events: unknown[] }).events.filter(Array.isArray).length;
                }
              }
              resolve(frames);
            };
          };
        }),
      tabId,
    );
    expect(stored).toBeGreaterThanOrEqual(listed);
    expect(stored).toBeLessThanOrEqual(2 * MAX_FRAMES);

    console.log(`flood: stored ${stored} frames in IndexedDB; sent in ${floodMs} ms, recorded in ${recordedMs} ms, worst round trip ${worst} ms, ${listed} kept, ${dropped} dropped`);
  });

  it('records a 50 MB frame sent and one received with exact sizes, truncated', async () => {
    const size = 50 * 1024 * 1024;
    const { page, tabId } = await env.open(`<script>
      window.got = 0;
      const big = new WebSocket('${env.server.wsOrigin}/big?size=${size}');
      big.onmessage = (e) => { window.got = e.data.length; };
      big.onopen = () => big.send('go');
      const sink = new WebSocket('${env.server.wsOrigin}/sink?big=1');
      sink.onopen = () => sink.send('x'.repeat(${size}));
    </script>`);
    const p = await env.popout(tabId);
    const started = Date.now();
    await expect.poll(() => page.evaluate(() => (window as unknown as { got: number }).got), { timeout: 30_000 }).toBe(size);
    await expect.poll(() => env.server.connections.find((c) => c.path === '/sink' && c.query.get('big') === '1')?.received, { timeout: 30_000 }).toBe(1);
    expect(await roundTrip(page)).toBeLessThan(5_000);

    const cases = [
      { url: '/big', column: 'received', direction: 'receive' },
      { url: '/sink?big=1', column: 'sent', direction: 'send' },
    ] as const;
    for (const { url, column } of cases) {
      const row = panel.connectionRow(p, url);
      await expect.poll(() => frameCount(panel.cell(row, column)), { timeout: 30_000 }).toBe(1);
      expect(await panel.cell(row, column).textContent()).toContain('50.0 MiB');
    }
    const recordedMs = Date.now() - started;
    for (const { url, direction } of cases) {
      await panel.connectionRow(p, url).click();
      const big = panel.frameRows(p).filter({ hasText: '52,428,800 B' });
      await expect.poll(() => big.and(p.locator(`[data-direction="${direction}"]`)).count(), { timeout: 15_000 }).toBe(1);
      expect(await big.textContent()).toContain('truncated');
      await big.click();
      await expect.poll(() => panel.truncationNotice(p).textContent()).toContain('Showing 65,536 of 52,428,800 bytes');
    }
    expect(await roundTrip(page)).toBeLessThan(5_000);
    expect(await roundTrip(p)).toBeLessThan(5_000);
    console.log(`big frames: recorded in ${recordedMs} ms`);
  });

  it('a panel opened after 1,100 frames of 64 Ki chars gets them all (snapshot slices stay under the 64 MiB port limit)', async () => {
    const count = 1100;
    const { page, tabId } = await env.open(`<script>
      const ws = new WebSocket('${env.server.wsOrigin}/sink?wide=1');
      const frame = 'w'.repeat(64 * 1024);
      ws.onopen = async () => {
        for (let i = 0; i < ${count}; i++) { ws.send(frame); if (i % 100 === 99) await new Promise((r) => setTimeout(r)); }
        window.sentAll = true;
      };
    </script>`);
    await page.waitForFunction(() => (window as unknown as { sentAll?: boolean }).sentAll === true, undefined, { timeout: 30_000 });
    await expect.poll(() => env.server.connections.find((c) => c.query.get('wide') === '1')?.received, { timeout: 30_000 }).toBe(count);
    // A panel opened now gets the session as a snapshot: 72 Mi chars of payload.
    const p = await env.popout(tabId);
    const row = panel.connectionRow(p, 'wide=1');
    await expect.poll(() => frameCount(panel.cell(row, 'sent')), { timeout: 30_000 }).toBe(count);
    await row.click();
    await expect.poll(() => listedFrames(p), { timeout: 15_000 }).toBe(count);
  });
});
