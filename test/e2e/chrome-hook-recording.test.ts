/**
 * What the page hook records for unusual but legal page code, read at the source: the page
 * collects the hook's own chunks (any page can listen for its event type) and they are decoded
 * here with the real wire code (src/shared/wire.ts). Real Chromium, the built extension, a real
 * WebSocket server.
 */
import type { Page } from 'playwright';
import { expect, it } from 'vitest';
import { PAGE_EVENT_TYPE } from '../../src/shared/protocol';
import type { HookEvent } from '../../src/shared/protocol';
import { CHUNK_FLUSH_CHARS, MAX_CHUNK_CHARS, decodeChunk } from '../../src/shared/wire';
import { chromiumSuite } from '../support/chromium-suite';

const env = chromiumSuite();

/** A page that keeps every chunk the hook sends to the bridge, in `window.chunks`. */
async function recordingPage(): Promise<Page> {
  const { page } = await env.open(`<script>
    window.chunks = [];
    addEventListener(${JSON.stringify(PAGE_EVENT_TYPE)}, (e) => window.chunks.push(e.detail));
    window.opened = (url) => new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('socket error'));
    });
  </script>`);
  return page;
}

/** Every event of every chunk (once no new chunk came for 100 ms: the hook's batch timer is 10 ms), and the chunks' sizes. */
async function recorded(page: Page): Promise<{ events: HookEvent[]; sizes: number[] }> {
  const count = () => page.evaluate(() => (window as unknown as { chunks: string[] }).chunks.length);
  for (let seen = -1, now = await count(); now !== seen; seen = now, now = await count()) await page.waitForTimeout(100);
  const chunks = await page.evaluate(() => (window as unknown as { chunks: string[] }).chunks);
  const events: HookEvent[] = [];
  for (const chunk of chunks) {
    const decoded = decodeChunk(chunk);
    expect(decoded?.rejected).toBe(0);
    events.push(...decoded!.events);
  }
  return { events, sizes: chunks.map((c) => c.length) };
}

it('60,000 small sends in one task: every frame recorded, in chunks of about 1 M characters', async () => {
  const page = await recordingPage();
  await page.evaluate(async (url) => {
    const ws = await (window as unknown as { opened: (u: string) => Promise<WebSocket> }).opened(url);
    for (let i = 0; i < 60_000; i++) ws.send('x');
  }, `${env.server.wsOrigin}/echo?t=many`);
  const { events, sizes } = await recorded(page);
  expect(events.filter((e) => e.kind === 'frame' && e.direction === 'send')).toHaveLength(60_000);
  // Only the payloads counted toward a batch's size: the header grew without bound (300,000 such
  // sends made one 11.5 M-character chunk, past the bridge's limit, dropped without a count).
  expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_FLUSH_CHARS + 200);
  expect(MAX_CHUNK_CHARS).toBeGreaterThan(CHUNK_FLUSH_CHARS + 200);
});

it('while bytes are held back for whole frames, a burst of 64 KiB frames is cut into batches of at most 16', async () => {
  const page = await recordingPage();
  const perChunk = await page.evaluate(async ([url, type]) => {
    const ws = await (window as unknown as { opened: (u: string) => Promise<WebSocket> }).opened(url);
    // What the bridge says when the user keeps whole binary frames (a page can say it too): at
    // first, and again at each batch, while the hook dispatches it.
    dispatchEvent(new CustomEvent(`${type}more`));
    const counts: number[] = [];
    addEventListener(type, (e) => {
      // Frames are the header's tuples (arrays); other events are objects.
      counts.push((JSON.parse((e as CustomEvent<string>).detail.split('\n')[0]!).events as unknown[]).filter(Array.isArray).length);
      dispatchEvent(new CustomEvent(`${type}more`));
    });
    const bytes = new Uint8Array(65536);
    for (let i = 0; i < 100; i++) ws.send(bytes);
    await new Promise((r) => setTimeout(r, 50));
    return counts;
  }, [`${env.server.wsOrigin}/echo?t=held`, PAGE_EVENT_TYPE] as const);
  // Each batch copies its frames' held-back bytes (64 KiB each): they were unbounded (800 frames, 69 M chars in one answer).
  expect(perChunk.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100);
  expect(Math.max(...perChunk)).toBeLessThanOrEqual(16);
});

it('send() of a primitive is recorded as the text the browser sends; close("4000") as code 4000', async () => {
  const page = await recordingPage();
  await page.evaluate(async (url) => {
    const ws = await (window as unknown as { opened: (u: string) => Promise<WebSocket> }).opened(url);
    ws.send(42 as unknown as string);
    ws.send(true as unknown as string);
    ws.send(null as unknown as string);
    ws.close('4000' as unknown as number, 'bye');
  }, `${env.server.wsOrigin}/echo?t=primitives`);
  const { events } = await recorded(page);
  const sent = events.filter((e) => e.kind === 'frame' && e.direction === 'send').map((e) => (e as { data: string }).data);
  expect(sent).toEqual(['42', 'true', 'null']);
  expect(events.find((e) => e.kind === 'close-call')).toMatchObject({ code: 4000, reason: 'bye' });
  expect(events.some((e) => e.kind === 'close-call' && 'error' in e)).toBe(false);
});

it("a send whose argument's toString uses another socket is not recorded as discarded", async () => {
  const page = await recordingPage();
  await page.evaluate(async (url) => {
    const opened = (window as unknown as { opened: (u: string) => Promise<WebSocket> }).opened;
    const a = await opened(url);
    const b = await opened(url);
    b.close();
    await new Promise((r) => (b.onclose = r));
    a.send({ toString: () => (b.send('late'), 'hi') } as unknown as string);
  }, `${env.server.wsOrigin}/echo?t=reentrant`);
  const { events } = await recorded(page);
  const discarded = events.filter((e) => e.kind === 'send-discarded');
  // Only b's send was discarded (the shared "state before send" made a's look discarded too).
  expect(discarded).toHaveLength(1);
  const create = events.filter((e) => e.kind === 'create');
  expect(discarded[0]!.cid).toBe(create[1]!.cid);
});

it('a listener of null or a handler set to a non-function is not a listener', async () => {
  const page = await recordingPage();
  await page.evaluate(async (url) => {
    const ws = await (window as unknown as { opened: (u: string) => Promise<WebSocket> }).opened(url);
    ws.addEventListener('close', null as unknown as EventListener);
    ws.onclose = 'not a function' as unknown as null;
    ws.addEventListener('message', () => undefined);
  }, `${env.server.wsOrigin}/echo?t=listeners`);
  const { events } = await recorded(page);
  const listens = events.filter((e) => e.kind === 'listen').map((e) => (e as { event: string }).event);
  expect(listens.filter((l) => l === 'close')).toEqual([]);
  expect(listens.filter((l) => l === 'message')).toEqual(['message']);
});
