// Memory in the background (issue 7): per-tab caps hold under a flood, and a closed tab's memory
// is released. Two floods in Chromium with the built extension, one tab each:
//  - frames: 150,000 small frames, past the 100,000-frame cap (DEFAULT_LIMITS.maxFrames);
//  - bytes: 64 KiB frames (the hook's per-frame cap) until 300 MiB, past the 256 Mi-character
//    cap (DEFAULT_LIMITS.maxPayloadChars).
// After each flood, what the tab's session retains is read from what the background itself sends
// a panel: the `reset` message of the snapshot (the session's retainedFrames / retainedChars /
// droppedFrames) and the frames of the snapshot, tapped from a pop-out panel's own port. The
// service worker's JS heap is read over CDP (HeapProfiler.collectGarbage, then
// Runtime.getHeapUsage) before the floods, at each cap, and after each tab is closed.
import { resolve } from 'node:path';
import { runnerImport } from 'vite';
import { launchExtensionBrowser } from '../test/support/devtools-launch.mjs';

/**
 * The closed tab's memory counts as released when the worker's heap (after GC) is back within
 * this of the baseline. Smaller than the smaller of the two sessions (the frame flood retains
 * about 7 MiB; the byte flood about 250 MiB), so keeping either one would fail; larger than the
 * worker's own drift between two measurements after GC (well under 1 MiB here).
 */
export const RELEASE_SLACK_MIB = 4;
const SMALL_FRAMES = 150_000;
const BIG_FRAME = 64 * 1024;
const BIG_TOTAL_BYTES = 300 * 2 ** 20;

/** Runs in the pop-out before its scripts: counts what the background sends the panel's port. */
function tapPanelPort() {
  const tap = { reset: null, connections: 0, frames: 0, chars: 0, stats: 0, last: 0 };
  window.__tap = tap;
  const runtime = globalThis.chrome.runtime;
  const connect = runtime.connect.bind(runtime);
  runtime.connect = (...args) => {
    const port = connect(...args);
    const count = (frames) => {
      tap.frames += frames.length;
      for (const f of frames) tap.chars += f.data.length;
    };
    port.onMessage.addListener((m) => {
      tap.last = performance.now();
      if (m.type === 'reset') {
        const s = m.session;
        tap.reset = { retainedFrames: s.retainedFrames, retainedChars: s.retainedChars, droppedFrames: s.droppedFrames, lostEvents: s.lostEvents };
        Object.assign(tap, { connections: 0, frames: 0, chars: 0, stats: 0 });
      } else if (m.type === 'connection') {
        tap.connections++;
        tap.stats += m.connection.stats.framesSent + m.connection.stats.framesReceived;
        count(m.connection.frames);
      } else if (m.type === 'frames') count(m.frames);
    });
    return port;
  };
}

/**
 * @param {{ extensionDir: string, server: import('../test/support/server.mjs').TestServer, round: (x: number, d?: number) => number }} options
 */
export async function benchBackgroundMemory({ extensionDir, server, round }) {
  const { module: model } = await runnerImport(resolve('src/shared/model.ts'));
  const limits = model.DEFAULT_LIMITS;
  const mib = (bytes) => round(bytes / 2 ** 20, 1);

  const { browser, extensionId } = await launchExtensionBrowser({ extensionDir });
  try {
    const swTarget = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`));
    const sw = await swTarget.worker();
    // A debugger attached keeps the worker from being stopped when idle (its heap would go with it).
    const cdp = await swTarget.createCDPSession();
    const heap = async () => {
      // Twice: the first collection can free what finalizers only release for the second.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };

    const tabIdOf = async (url) => {
      for (let i = 0; i < 50; i++) {
        // eslint-disable-next-line no-undef -- runs in the extension's service worker
        const id = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
        if (id !== null) return id;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no tab for ${url}`);
    };

    /** What the background retains for a tab, as its snapshot to a panel says. */
    const retained = async (tabId) => {
      const page = await browser.newPage();
      await page.evaluateOnNewDocument(tapPanelPort);
      await page.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}`);
      // The snapshot is sent at once; done when nothing more came for half a second.
      await page.waitForFunction(() => window.__tap.reset !== null && performance.now() - window.__tap.last > 500, { timeout: 60_000, polling: 100 });
      const tap = await page.evaluate(() => window.__tap);
      await page.close();
      return tap;
    };

    /** Polls until the background has every frame the page sent (retained + dropped = sent). */
    const settled = async (tabId, sent) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const tap = await retained(tabId);
        const r = tap.reset;
        if (r.retainedFrames + r.droppedFrames + r.lostEvents >= sent || Date.now() > deadline) return tap;
        await new Promise((r) => setTimeout(r, 1000));
      }
    };

    /** IndexedDB log records left for a tab (the durable copy of its session). */
    const storedRecords = (tabId) =>
      sw.evaluate(
        (tab) =>
          new Promise((res, rej) => {
            const request = indexedDB.open('ws-triage');
            request.onerror = () => rej(request.error);
            request.onsuccess = () => {
              const all = request.result.transaction('log', 'readonly').objectStore('log').index('tab').count(tab);
              all.onsuccess = () => {
                request.result.close();
                res(all.result);
              };
              all.onerror = () => rej(all.error);
            };
          }),
        tabId,
      );

    // Content scripts are registered a moment after the extension loads: one page first.
    const warm = await browser.newPage();
    await warm.goto(server.pageUrl('<p>warm-up</p>'));
    await warm.close();
    const baseline = await heap();
    console.log(`background memory: baseline heap ${mib(baseline)} MiB`);

    const flood = async (name, script, sent) => {
      const page = await browser.newPage();
      await page.goto(server.pageUrl(`<script>${script}</script>`));
      const tabId = await tabIdOf(page.url());
      const t0 = Date.now();
      await page.evaluate(() => window.flood());
      const tap = await settled(tabId, sent);
      const floodMs = Date.now() - t0;
      const atCap = await heap();
      const records = await storedRecords(tabId);
      await page.close();
      // tabs.onRemoved → the tab's session and log are dropped; give the delete time to land.
      let left = records;
      for (let i = 0; i < 50 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        left = await storedRecords(tabId);
      }
      const afterClose = await heap();
      const result = {
        sentFrames: sent,
        floodMs,
        recordedFrames: tap.stats,
        retainedFrames: tap.reset.retainedFrames,
        retainedChars: tap.reset.retainedChars,
        droppedFrames: tap.reset.droppedFrames,
        lostEvents: tap.reset.lostEvents,
        snapshotFrames: tap.frames,
        snapshotChars: tap.chars,
        heapAtCapMiB: mib(atCap),
        logRecordsAtCap: records,
        logRecordsAfterClose: left,
        heapAfterCloseMiB: mib(afterClose),
      };
      console.log(`background memory: ${name} flood ${JSON.stringify(result)}`);
      return result;
    };

    const frames = await flood(
      'frames',
      `window.flood = async () => {
        const ws = new WebSocket('${server.wsOrigin}/sink?flood=frames');
        await new Promise((r) => (ws.onopen = r));
        for (let i = 0; i < ${SMALL_FRAMES}; i++) {
          ws.send('m' + i);
          if (i % 2000 === 1999) await new Promise((r) => setTimeout(r));
        }
      };`,
      SMALL_FRAMES,
    );
    const bigCount = Math.ceil(BIG_TOTAL_BYTES / BIG_FRAME);
    const bytes = await flood(
      'bytes',
      `window.flood = async () => {
        const ws = new WebSocket('${server.wsOrigin}/sink?flood=bytes');
        await new Promise((r) => (ws.onopen = r));
        const body = 'x'.repeat(${BIG_FRAME} - 8);
        for (let i = 0; i < ${bigCount}; i++) {
          ws.send(String(i).padStart(8, '0') + body);
          // About 30 MiB/s: the bridge holds at most 48 Mi characters waiting for the background.
          if (i % 16 === 15) await new Promise((r) => setTimeout(r, 30));
        }
      };`,
      bigCount,
    );
    const final = await heap();
    return {
      limits: { maxFrames: limits.maxFrames, maxPayloadChars: limits.maxPayloadChars },
      baselineHeapMiB: mib(baseline),
      finalHeapMiB: mib(final),
      releaseSlackMiB: RELEASE_SLACK_MIB,
      frames,
      bytes,
      ok: {
        frameCap: frames.retainedFrames <= limits.maxFrames && frames.droppedFrames > 0,
        charCap: bytes.retainedChars <= limits.maxPayloadChars && bytes.droppedFrames > 0,
        released:
          frames.heapAfterCloseMiB <= mib(baseline) + RELEASE_SLACK_MIB &&
          bytes.heapAfterCloseMiB <= mib(baseline) + RELEASE_SLACK_MIB &&
          frames.logRecordsAfterClose === 0 &&
          bytes.logRecordsAfterClose === 0,
        snapshot: frames.snapshotFrames === frames.retainedFrames && bytes.snapshotFrames === bytes.retainedFrames,
      },
    };
  } finally {
    await browser.close();
  }
}
