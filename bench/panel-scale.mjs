// The panel at scale (issue 7): a session file of 1,000,000 frames on one connection, imported
// into the real panel page of the built extension in Chromium, then: the import, the first render
// of the frame list, scrolling it from top to bottom, a text filter over all frames, and the
// panel's heap. A live tab keeps at most 100,000 frames (DEFAULT_LIMITS); a file can hold more.
//
// Times are taken inside the panel page with performance.now(): from the event that starts an
// action (the file input's `change`, the connection row's `click`, the filter box's `input`) to
// the first animation frame after the DOM shows its result, plus one task (rAF → setTimeout 0:
// the frame with the new rows has been produced).
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { runnerImport } from 'vite';

const FRAMES = Number(process.env.BENCH_PANEL_FRAMES ?? 1_000_000);
/** Steps of the scroll from top to bottom (each waits for two animation frames). */
const SCROLL_STEPS = 200;
/** Text filters typed into the filter box: a common symbol (1 frame in 7), a rare sequence number. */
const QUERIES = ['USDJPY', '"seq":12345'];
/** BENCH_PROFILE=<dir>: also write a CPU profile of the panel per phase there (to find what a missed budget costs). */
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** In the page: resolves with performance.now() one task after the first animation frame in which `check()` holds. */
const PROBE = `
  window.__bench = { longTasks: [], marks: {} };
  {
    const keep = (entries) => { for (const e of entries) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration }); };
    const observer = new PerformanceObserver((list) => keep(list.getEntries()));
    observer.observe({ type: 'longtask' });
    // Entries not delivered to the callback yet are taken too.
    window.__longTasks = () => { keep(observer.takeRecords()); return window.__bench.longTasks; };
  }
  window.__paintedWhen = (check, timeout = 120000) => new Promise((resolve, reject) => {
    const started = performance.now();
    const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
    if (check()) return done();
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const poll = setInterval(() => {
      if (performance.now() - started > timeout) { clearInterval(poll); observer.disconnect(); reject(new Error('timed out: ' + check)); }
      else if (check()) { clearInterval(poll); observer.disconnect(); done(); }
    }, 250);
  });
  // The start of an action: the event as it is dispatched (capture phase, before the panel's handlers).
  for (const type of ['change', 'click', 'input']) {
    document.addEventListener(type, () => { window.__bench.marks[type] = performance.now(); }, true);
  }
`;

/** Long tasks that overlap [from, to]. */
const longestSince = (tasks, from, to = Infinity) => {
  const inRange = tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
  return { longestMs: inRange.reduce((m, t) => Math.max(m, t.duration), 0), over50: inRange.filter((t) => t.duration > 50).length };
};

/** CPU (thread) time of the traced tasks: all of them, and the most in one. */
const cpu = (tasks) => ({ totalMs: tasks.reduce((n, t) => n + t.cpuMs, 0), mostInATaskMs: Math.max(0, ...tasks.map((t) => t.cpuMs)) });

/**
 * @param {{ extensionDir: string, chromiumPath: string, quietFlags: string[], round: (x: number, d?: number) => number }} options
 */
export async function benchPanelScale({ extensionDir, chromiumPath, quietFlags, round }) {
  const { module: pure } = await runnerImport(resolve('bench/pure.ts'));
  const { module: locators } = await runnerImport(resolve('test/support/panel.ts'));
  const { panel } = locators;

  const file = resolve('bench/tmp/scale-1m.wstriage.json');
  const made = pure.writeScaleSessionFile(file, FRAMES);
  // The filters' expected results, counted here over the same payloads.
  const expected = QUERIES.map((q) => pure.countScaleMatches(FRAMES, q));
  console.log(`panel scale: wrote ${FRAMES} frames, ${round(made.bytes / 2 ** 20, 1)} MiB, in ${round(made.ms, 0)} ms`);

  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...quietFlags],
  });
  try {
    const sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(sw.url()).host;
    const page = await context.newPage();
    // The standalone viewer: the panel page without a tab, the one that opens files.
    await page.goto(`chrome-extension://${extensionId}/src/panel/index.html`);
    await panel.viewerOpen(page).waitFor();
    await page.evaluate(PROBE);
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const heapBefore = await heap();
    const longTasks = async () => {
      // A long task is reported once it has ended: give the last one a moment.
      await page.waitForTimeout(200);
      return page.evaluate(() => window.__longTasks());
    };
    /** The panel's main-thread tasks in a trace: wall and thread (CPU) time of each, in ms. */
    const panelTasks = (events) => {
      // The panel's renderer: the process of its frame, as the trace's start event lists it.
      const started = events.find((e) => e.name === 'TracingStartedInBrowser');
      const pid = started?.args?.data?.frames?.find((f) => String(f.url).includes('/src/panel/index.html'))?.processId;
      const main = events.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
      if (!main) throw new Error('no main thread of the panel in the trace');
      return events
        .filter((e) => e.pid === pid && e.tid === main.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask')
        .map((e) => ({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
    };
    /**
     * Runs `work` under a trace (and, with BENCH_PROFILE, a CPU profile and the full timeline,
     * written to that directory). Returns the result and the panel's main-thread tasks meanwhile:
     * on a busy machine a task can be long only because it waited for a core, and its thread time
     * tells that apart from work.
     */
    const profiled = async (name, work, { trace = true } = {}) => {
      if (!PROFILE_DIR && !trace) return { value: await work(), tasks: [] };
      if (PROFILE_DIR) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const events = [];
      const collect = (e) => events.push(...e.value);
      cdp.on('Tracing.dataCollected', collect);
      // 'toplevel' alone (each task, with its thread time) costs little; the timeline only when profiling.
      const categories = PROFILE_DIR ? 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel' : 'toplevel,disabled-by-default-devtools.timeline';
      await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
      let value;
      try {
        value = await work();
      } finally {
        const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
        await cdp.send('Tracing.end');
        await complete;
        cdp.off('Tracing.dataCollected', collect);
        if (PROFILE_DIR) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(resolve(PROFILE_DIR, `panel-${name}.cpuprofile`), JSON.stringify(profile));
          writeFileSync(resolve(PROFILE_DIR, `panel-${name}.trace.json`), JSON.stringify({ traceEvents: events }));
        }
      }
      return { value, tasks: panelTasks(events) };
    };

    // --- import: from the input's change event to the connection listed -------------
    const { value: imported, tasks: importTrace } = await profiled('import', async () => {
      await panel.importInput(page).setInputFiles(file);
      return page.evaluate(async () => {
        const shown = await window.__paintedWhen(() => document.querySelector('table[aria-label="Connections"] tbody tr') !== null);
        return { start: window.__bench.marks.change, end: shown };
      });
    });
    const importMs = imported.end - imported.start;
    const importTasks = longestSince(await longTasks(), imported.start, imported.end);
    console.log(`panel scale: import ${round(importMs, 0)} ms (longest task ${round(importTasks.longestMs, 0)} ms, most CPU in a task ${round(cpu(importTrace).mostInATaskMs, 0)} ms)`);

    // --- first render: from the click on the connection to its frame rows painted -------
    const { value: firstRender, tasks: firstRenderTrace } = await profiled('first-render', async () => {
      await panel.connectionRows(page).first().click();
      return page.evaluate(async () => {
        const grid = () => document.querySelector('[role="grid"][aria-label="Frames"]');
        const end = await window.__paintedWhen(() => (grid()?.querySelectorAll('[data-kind="frame"]').length ?? 0) > 0);
        return { start: window.__bench.marks.click, end, rowCount: Number(grid()?.getAttribute('aria-rowcount')) };
      });
    });
    const firstRenderMs = firstRender.end - firstRender.start;
    const firstRenderTasks = longestSince(await longTasks(), firstRender.start, firstRender.end);
    const listed = (await panel.frameCount(page).textContent()) ?? '';
    if (!listed.includes(`of ${FRAMES.toLocaleString('en-US')} frames`)) throw new Error(`the frame list shows "${listed}", not ${FRAMES} frames`);
    console.log(`panel scale: first render ${round(firstRenderMs, 0)} ms, ${round(cpu(firstRenderTrace).totalMs, 0)} ms CPU (${firstRender.rowCount} rows)`);
    // Let the panel settle (the 1 s clock, findings) before the scroll.
    await page.waitForTimeout(1500);

    // --- scroll from top to bottom, in steps, under a longtask observer ---------------
    const { value: scroll, tasks: scrollTrace } = await profiled('scroll', () => page.evaluate(
      async ({ steps, lastSeq }) => {
        const grid = document.querySelector('[role="grid"][aria-label="Frames"]');
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        grid.scrollTop = 0;
        await frame();
        const start = performance.now();
        let slowestStep = 0;
        const max = grid.scrollHeight - grid.clientHeight;
        for (let k = 1; k <= steps; k++) {
          const t = performance.now();
          grid.scrollTop = Math.round((k / steps) * max);
          await frame();
          slowestStep = Math.max(slowestStep, performance.now() - t);
        }
        const end = performance.now();
        // The last frame's row is rendered, inside the visible part of the list.
        const box = grid.getBoundingClientRect();
        const lastRow = [...grid.querySelectorAll('[data-kind="frame"]')].find((r) => r.textContent.includes(`"seq":${lastSeq},`));
        const rect = lastRow?.getBoundingClientRect();
        const rowCount = Number(grid.getAttribute('aria-rowcount'));
        const indices = [...grid.querySelectorAll('[role="row"]')].map((r) => Number(r.getAttribute('aria-rowindex')));
        return {
          start, end, slowestStep, scrollHeight: grid.scrollHeight, rowCount,
          lastFrameRendered: lastRow !== undefined,
          lastFrameVisible: rect !== undefined && rect.top >= box.top - 1 && rect.bottom <= box.bottom + 1,
          lastRowIndex: Math.max(...indices),
        };
      },
      { steps: SCROLL_STEPS, lastSeq: made.lastSeq },
    ));
    const scrollTasks = longestSince(await longTasks(), scroll.start, scroll.end);
    const scrollWallMs = Math.max(0, ...scrollTrace.map((t) => t.wallMs));
    const scrollCpuMs = Math.max(0, ...scrollTrace.map((t) => t.cpuMs));
    if (!scroll.lastFrameVisible) throw new Error(`scrolled to the bottom, but the last frame's row is not shown: ${JSON.stringify(scroll)}`);
    console.log(`panel scale: scroll ${SCROLL_STEPS} steps in ${round(scroll.end - scroll.start, 0)} ms, longest task ${round(scrollTasks.longestMs, 0)} ms (trace: longest ${round(scrollWallMs, 0)} ms, most CPU in a task ${round(scrollCpuMs, 0)} ms), slowest step ${round(scroll.slowestStep, 0)} ms`);

    // --- text filters: from the input event to the filtered list painted ---------------
    const filters = [];
    for (const [i, query] of QUERIES.entries()) {
      const want = `${expected[i].toLocaleString('en-US')} of ${FRAMES.toLocaleString('en-US')} frames`;
      const { value: r, tasks: filterTrace } = await profiled(`filter-${i}`, async () => {
        await panel.filterText(page).fill(query);
        return page.evaluate(async (text) => {
          const count = () => document.querySelector('[data-testid="frame-count"]')?.textContent ?? '';
          // "N of M frames", then " · K events" when the connection has any.
          const end = await window.__paintedWhen(() => count() === text || count().startsWith(`${text} ·`));
          return { start: window.__bench.marks.input, end };
        }, want);
      });
      const tasks = longestSince(await longTasks(), r.start, r.end);
      filters.push({ query, matches: expected[i], ms: round(r.end - r.start), longestTaskMs: round(tasks.longestMs), cpuMs: round(cpu(filterTrace).totalMs) });
      console.log(`panel scale: filter ${JSON.stringify(query)} → ${expected[i]} frames in ${round(r.end - r.start, 0)} ms, ${round(cpu(filterTrace).totalMs, 0)} ms CPU (longest task ${round(tasks.longestMs, 0)} ms)`);
      await page.waitForTimeout(500);
    }

    const heapUsed = await heap();
    console.log(`panel scale: heap ${round(heapUsed / 2 ** 20, 1)} MiB (${round(heapBefore / 2 ** 20, 1)} MiB before the import)`);
    return {
      frames: FRAMES,
      fileMiB: round(made.bytes / 2 ** 20, 1),
      importMs: round(importMs),
      importLongestTaskMs: round(importTasks.longestMs),
      importMostCpuInATaskMs: round(cpu(importTrace).mostInATaskMs),
      firstRenderMs: round(firstRenderMs),
      firstRenderLongestTaskMs: round(firstRenderTasks.longestMs),
      firstRenderCpuMs: round(cpu(firstRenderTrace).totalMs),
      scroll: {
        steps: SCROLL_STEPS,
        ms: round(scroll.end - scroll.start),
        longestTaskMs: round(scrollTasks.longestMs),
        longTasksOver50: scrollTasks.over50,
        traceLongestTaskMs: round(scrollWallMs),
        traceMostCpuInATaskMs: round(scrollCpuMs),
        slowestStepMs: round(scroll.slowestStep),
        scrollHeightPx: scroll.scrollHeight,
        rows: scroll.rowCount,
        lastFrameVisible: scroll.lastFrameVisible,
      },
      filters,
      filterMs: Math.max(...filters.map((f) => f.ms)),
      heapMiB: round(heapUsed / 2 ** 20, 1),
      heapBeforeImportMiB: round(heapBefore / 2 ** 20, 1),
    };
  } finally {
    await context.close();
    // 150 MB: not left behind.
    rmSync(file, { force: true });
  }
}
