// `npm run bench`: the benchmark suite (never part of `npm test`).
// Writes bench/results/<date>.json and bench/results/latest.json, and the table in
// docs/performance.md. Timings on a shared machine are noisy: medians of interleaved
// runs, and ratios against a baseline measured in the same run.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { runnerImport } from 'vite';
import { startServer } from '../test/support/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXT = resolve('dist/chrome');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu'];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

if (!existsSync(resolve(EXT, 'manifest.json'))) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const results = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version }, budgets: {}, measurements: {} };
results.machine.chromium = execFileSync(CHROMIUM, ['--version']).toString().trim();

// --- 1. hook size and overhead in the page ---------------------------------------
const manifest = JSON.parse(readFileSync(resolve(EXT, 'manifest.json'), 'utf8'));
const hookPath = resolve(EXT, manifest.content_scripts.find((c) => c.world === 'MAIN').js[0]);
results.measurements.hookBytes = statSync(hookPath).size;
results.budgets.hookBytes = { limit: 6144, ok: results.measurements.hookBytes <= 6144 };

const server = await startServer();
const echoLoop = `
  window.run = (url, total, inFlight, size, binary) => new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const payload = binary ? new Uint8Array(size) : 'x'.repeat(size);
    let sent = 0, received = 0, t0 = 0;
    ws.onopen = () => { t0 = performance.now(); for (; sent < inFlight; sent++) ws.send(payload); };
    ws.onmessage = () => {
      received++;
      if (sent < total) { ws.send(payload); sent++; }
      if (received === total) { const ms = performance.now() - t0; ws.close(); resolve(total / (ms / 1000)); }
    };
    ws.onerror = () => reject(new Error('socket error'));
  });
  window.installTime = performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd;
`;
const pageUrl = server.pageUrl(`<script>${echoLoop}</script>`);

const withExt = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args: [`--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, ...QUIET] });
// The baseline is launched the same way, only without the extension.
const plain = await chromium.launchPersistentContext('', { executablePath: CHROMIUM, headless: true, args: QUIET });

async function throughput(context, total, inFlight, size, binary) {
  const page = await context.newPage();
  await page.goto(pageUrl);
  const rate = await page.evaluate(([u, t, f, s, b]) => window.run(u, t, f, s, b), [`${server.wsOrigin}/echo`, total, inFlight, size, binary]);
  await page.close();
  return rate;
}

const scenarios = [
  { name: 'text 20,000 × ~100 B, 100 in flight', total: 20000, inFlight: 100, size: 100, binary: false, budget: 0.95 },
  { name: 'binary 500 × 64 KiB', total: 500, inFlight: 10, size: 65536, binary: true, budget: 0.9 },
];
results.measurements.hookOverhead = [];
for (const s of scenarios) {
  await throughput(withExt, 2000, 50, s.size, s.binary); // warm-up both
  await throughput(plain, 2000, 50, s.size, s.binary);
  const a = [], b = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which goes first so drift hits both sides alike.
    if (i % 2 === 0) { a.push(await throughput(withExt, s.total, s.inFlight, s.size, s.binary)); b.push(await throughput(plain, s.total, s.inFlight, s.size, s.binary)); }
    else { b.push(await throughput(plain, s.total, s.inFlight, s.size, s.binary)); a.push(await throughput(withExt, s.total, s.inFlight, s.size, s.binary)); }
  }
  const ratio = median(a) / median(b);
  results.measurements.hookOverhead.push({ scenario: s.name, pairs: PAIRS, withExtensionMsgPerSec: round(median(a), 0), withoutMsgPerSec: round(median(b), 0), ratio: round(ratio, 3), budget: s.budget, ok: ratio >= s.budget, runsWith: a.map((x) => round(x, 0)), runsWithout: b.map((x) => round(x, 0)) });
  console.log(`${s.name}: with ${round(median(a), 0)}/s, without ${round(median(b), 0)}/s, ratio ${round(ratio, 3)} (budget ≥ ${s.budget})`);
}

// What the document_start scripts cost a page: when does the page's first script run?
{
  const page = await withExt.newPage();
  const samples = [];
  for (let i = 0; i < 10; i++) {
    await page.goto(server.pageUrl('<script>window.t = performance.now()</script>'));
    samples.push(await page.evaluate(() => window.t));
  }
  const plainPage = await plain.newPage();
  const plainSamples = [];
  for (let i = 0; i < 10; i++) {
    await plainPage.goto(server.pageUrl('<script>window.t = performance.now()</script>'));
    plainSamples.push(await plainPage.evaluate(() => window.t));
  }
  results.measurements.firstScriptAtMs = { withExtension: round(median(samples)), without: round(median(plainSamples)), note: 'performance.now() when the page\'s first script runs: the difference is what document_start content scripts (hook + bridge) cost' };
  console.log(`first page script at ${round(median(samples))} ms with, ${round(median(plainSamples))} ms without`);
}
// --- 2. pipeline: from the page receiving a frame to its count in the panel -------
const sw = withExt.serviceWorkers()[0] ?? (await withExt.waitForEvent('serviceworker'));
const extensionId = new URL(sw.url()).host;

async function pipeline(rate, count) {
  const page = await withExt.newPage();
  await page.goto(server.pageUrl('<script>window.times = [];</script>'));
  // eslint-disable-next-line no-undef -- runs in the extension worker
  const tabId = await sw.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
  const panel = await withExt.newPage();
  await panel.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}`);
  await panel.waitForSelector('.toolbar');
  await panel.evaluate(() => {
    window.__counts = [];
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    const read = () => {
      const cell = document.querySelector('td[data-col="received"]');
      const n = cell ? Number(cell.textContent.split('·')[0]) : 0;
      const last = window.__counts[window.__counts.length - 1];
      if (!last || last[1] !== n) window.__counts.push([Date.now(), n]);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const url = `${server.wsOrigin}/stream?count=${count}&rate=${rate}`;
  await page.evaluate(
    (u) =>
      new Promise((resolve) => {
        const ws = new WebSocket(u);
        ws.onmessage = (e) => {
          window.times.push(performance.timeOrigin + performance.now());
          if (String(e.data).includes('done')) resolve();
        };
      }),
    url,
  );
  const expected = count + 1;
  await panel
    .waitForFunction((n) => window.__counts.length > 0 && window.__counts[window.__counts.length - 1][1] >= n, expected, { timeout: 60_000 })
    .catch(() => {});
  const times = await page.evaluate(() => window.times);
  const counts = await panel.evaluate(() => window.__counts);
  const longTasks = await panel.evaluate(() => window.__longTasks);
  const lostText = await panel.evaluate(() => document.querySelector('[data-testid="lost-notice"]')?.textContent ?? '');
  await page.close();
  await panel.close();
  const latencies = [];
  let j = 0;
  for (let k = 1; k <= times.length; k++) {
    while (j < counts.length && counts[j][1] < k) j++;
    if (j < counts.length) latencies.push(counts[j][0] - times[k - 1]);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
  return {
    rate, frames: expected, shownInPanel: counts.length ? counts[counts.length - 1][1] : 0, lostNotice: lostText,
    p50Ms: pct(50), p95Ms: pct(95), longestPanelTaskMs: longTasks.length ? Math.max(...longTasks) : 0, panelLongTasks: longTasks.length,
  };
}

const steady = await pipeline(1000, 5000);
const burst = await pipeline(10_000, 100_000);
results.measurements.pipeline = { steady, burst };
results.budgets.pipelineP95 = { limit: 100, ok: steady.p95Ms !== null && steady.p95Ms <= 100 };
results.budgets.burstNoLoss = { ok: burst.shownInPanel === burst.frames || burst.lostNotice !== '' };
results.budgets.burstLongTask = { limit: 100, ok: burst.longestPanelTaskMs <= 100 };
console.log('pipeline', JSON.stringify({ steady, burst }));

await withExt.close();
await plain.close();
await server.close();

// --- 3. scale: the pure code over large sessions (Node) ---------------------------
const { module: pure } = await runnerImport(resolve('bench/pure.ts'));
const reps = (fn, n = 3) => median(Array.from({ length: n }, () => fn()));
const reducer = reps(pure.benchReducer1M, 1);
const diag = reps(pure.benchDiagnose100k);
const imp = median(Array.from({ length: 3 }, () => pure.benchImport100k().ms));
const exp = reps(pure.benchRedactedExport100k);
results.measurements.scale = {
  reducer1MFramesMs: round(reducer), diagnose100kFramesMs: round(diag), import100kFramesMs: round(imp), redactedExport100kFramesMs: round(exp),
};
results.budgets.diagnose100k = { limit: 500, ok: diag < 500 };
results.budgets.import100k = { limit: 2000, ok: imp < 2000 };
console.log(results.measurements.scale);

const stamp = results.date.slice(0, 19).replace(/[:T]/g, '-');
writeFileSync(`bench/results/${stamp}.json`, JSON.stringify(results, null, 2) + '\n');
writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2) + '\n');

const m = results.measurements;
const table = `| measure | result | budget | ok |
|---|---|---|---|
| MAIN-world hook size (minified) | ${m.hookBytes} B | ≤ 6144 B | ${results.budgets.hookBytes.ok ? 'yes' : 'NO'} |
${m.hookOverhead.map((h) => `| hook overhead: ${h.scenario} (median of ${h.pairs} interleaved pairs) | ${h.withExtensionMsgPerSec} vs ${h.withoutMsgPerSec} msg/s = ${h.ratio}× | ≥ ${h.budget}× | ${h.ok ? 'yes' : 'NO'} |`).join('\n')}
| pipeline latency, page → panel, at 1,000 frames/s (5,000 frames) | p50 ${round(m.pipeline.steady.p50Ms, 0)} ms, p95 ${round(m.pipeline.steady.p95Ms, 0)} ms | p95 ≤ 100 ms | ${results.budgets.pipelineP95.ok ? 'yes' : 'NO'} |
| burst: 10 s at 10,000 frames/s | ${m.pipeline.burst.shownInPanel} of ${m.pipeline.burst.frames} frames shown${m.pipeline.burst.lostNotice ? ` (${m.pipeline.burst.lostNotice.trim()})` : ''} | none lost, or every drop shown | ${results.budgets.burstNoLoss.ok ? 'yes' : 'NO'} |
| burst: longest task on the panel's main thread | ${round(m.pipeline.burst.longestPanelTaskMs, 0)} ms (${m.pipeline.burst.panelLongTasks} tasks over 50 ms) | ≤ 100 ms | ${results.budgets.burstLongTask.ok ? 'yes' : 'NO'} |
| first page script runs at (document_start scripts' cost) | ${m.firstScriptAtMs.withExtension} ms vs ${m.firstScriptAtMs.without} ms | reported | — |
| reducer: 1,000,000 frames into a tab session (100,000 cap) | ${m.scale.reducer1MFramesMs} ms | reported | — |
| diagnostics over 100,000 frames | ${m.scale.diagnose100kFramesMs} ms | < 500 ms | ${results.budgets.diagnose100k.ok ? 'yes' : 'NO'} |
| import of a 100,000-frame session file | ${m.scale.import100kFramesMs} ms | < 2000 ms | ${results.budgets.import100k.ok ? 'yes' : 'NO'} |
| redacted export of 100,000 frames | ${m.scale.redactedExport100kFramesMs} ms | reported | — |
`;
const docPath = 'docs/performance.md';
const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf('<!-- results -->');
const end = doc.indexOf('<!-- /results -->');
const header = `Last run: ${results.date} on ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memGiB} GiB, ${results.machine.chromium}, Node ${results.machine.node}.\n\n`;
writeFileSync(docPath, `${doc.slice(0, start + 16)}\n${header}${table}${doc.slice(end)}`);
console.log(`\nwrote bench/results/latest.json and ${docPath}`);
