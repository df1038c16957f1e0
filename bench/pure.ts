/**
 * Benchmarks of the pure code over large sessions, in Node (loaded by bench/bench.mjs
 * through Vite's module runner). Each returns milliseconds; the caller takes medians.
 */
import { writeFileSync } from 'node:fs';
import { diagnose } from '../src/diagnostics';
import { exportSession, importFile } from '../src/session';
import { applyEvent, newConnection } from '../src/shared/apply';
import { createSession, DEFAULT_LIMITS } from '../src/shared/model';
import type { SessionLimits } from '../src/shared/model';
import type { HookEvent, SessionEvent } from '../src/shared/protocol';

const origin = { doc: 'bench', frameId: 0 };

type Payload = (i: number) => string;
const tick: Payload = (i) => `{"type":"tick","seq":${i},"payload":"${'x'.repeat(60)}"}`;

function frames(cid: string, n: number, start: number, payload: Payload = tick): HookEvent[] {
  const out: HookEvent[] = [];
  for (let i = 0; i < n; i++) {
    const data = payload(i);
    out.push({
      kind: 'frame', cid, time: start + i, direction: i % 3 === 0 ? 'send' : 'receive', type: 'text',
      size: data.length, data, encoding: 'utf8', truncated: false,
    });
  }
  return out;
}

/** A session of `total` frames over `connections` connections, built through the reducer in batches of 500. */
export function buildSession(total: number, limits: SessionLimits = DEFAULT_LIMITS, connections = 10, payload: Payload = tick) {
  const session = createSession({ url: 'https://bench.test/', title: 'bench' }, 0);
  const perConnection = Math.ceil(total / connections);
  for (let c = 0; c < connections; c++) {
    const cid = `c${c}`;
    applyEvent(session, { kind: 'hook', origin, events: [
      { kind: 'create', cid, time: c * 1e6, url: `wss://bench.test/feed?c=${c}`, protocols: [] },
      { kind: 'open', cid, time: c * 1e6 + 1, protocol: '', extensions: '' },
    ] }, limits);
    const all = frames(cid, perConnection, c * 1e6 + 2, payload);
    for (let i = 0; i < all.length; i += 500) {
      const batch: SessionEvent = { kind: 'hook', origin, events: all.slice(i, i + 500) };
      applyEvent(session, batch, limits);
    }
    applyEvent(session, { kind: 'hook', origin, events: [
      { kind: 'close', cid, time: c * 1e6 + perConnection + 5, code: 1000, reason: '', wasClean: true },
    ] }, limits);
  }
  return session;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function benchReducer1M(): number {
  // A million frames through the background's reducer with the default per-tab cap.
  return time(() => buildSession(1_000_000));
}

export function benchDiagnose100k(): number {
  const session = buildSession(100_000);
  return time(() => diagnose(session, 2e7));
}

export function benchImport100k(): { ms: number; bytes: number } {
  const session = buildSession(100_000);
  const file = JSON.stringify(exportSession(session, [], { includeSecrets: true, toolVersion: 'bench', now: new Date(0) }));
  return { ms: time(() => importFile(file, 'bench.wstriage.json')), bytes: file.length };
}

export function benchRedactedExport100k(): number {
  const session = buildSession(100_000);
  return time(() => JSON.stringify(exportSession(session, diagnose(session), { includeSecrets: false, toolVersion: 'bench', now: new Date(0) })));
}

/**
 * A redacted export of frames a hostile page can send to make pattern matching quadratic: 64 KiB
 * each of `=[[[…` (text) and `eyJeyJ…` (binary, no dot). Each once took ~6 s (the name of a
 * `name=value` pair, and a JWT candidate in binary, were unbounded); export runs on the panel's thread.
 */
export function benchRedactHostileFrames(): number {
  const session = buildSession(2, undefined, 1, (i) => (i === 0 ? `=${'['.repeat(65535)}` : `a ${'eyJ'.repeat(21845)}`));
  const c = session.connections[0]!;
  c.frames.push({ ...c.frames[0]!, type: 'binary', encoding: 'base64', data: btoa(`\xff${'eyJ'.repeat(21845)}`), size: 65536 });
  return time(() => JSON.stringify(exportSession(session, [], { includeSecrets: false, toolVersion: 'bench', now: new Date(0) })));
}

/**
 * Diagnostics over a long refused retry loop: 10,000 attempts to one endpoint, each refused with
 * HTTP 401 and a fresh token (an hour of 1 s retries, and more). The retry findings compared every
 * attempt with every earlier one: 6.8 s here before.
 */
export function benchDiagnoseRetryLoop(): number {
  const session = createSession({ url: 'https://bench.test/', title: 'bench' }, 0);
  for (let i = 0; i < 10_000; i++) {
    const c = newConnection(`r${i}`, `wss://bench.test/ws?token=t${i}-${'x'.repeat(20)}`, i * 1000);
    c.closedAt = i * 1000 + 50;
    c.handshake = { status: 401, requestHeaders: [], responseHeaders: [], requestedAt: i * 1000, answeredAt: i * 1000 + 50 };
    session.connections.push(c);
  }
  return time(() => diagnose(session));
}

const SYMBOLS = ['EURUSD', 'GBPUSD', 'USDJPY', 'AUDUSD', 'USDCHF', 'NZDUSD', 'USDCAD'];
/** A market-data tick, ~45 characters: short enough for a million of them in one file under the import limit. */
const quote: Payload = (i) => `{"seq":${i},"sym":"${SYMBOLS[i % SYMBOLS.length]}","px":${(1 + (i % 997) / 1000).toFixed(4)}}`;

/**
 * The panel's scale session: ONE connection of `total` frames, so the frame list holds all of
 * them (a live tab keeps 100,000; a file can hold more). Built through the reducer with a cap
 * above `total`, written as a session file (the export code) to `path`.
 */
export function writeScaleSessionFile(path: string, total: number): { bytes: number; frames: number; lastSeq: number; ms: number } {
  const t0 = performance.now();
  const session = buildSession(total, { maxFrames: total, maxPayloadChars: Number.MAX_SAFE_INTEGER }, 1, quote);
  const text = JSON.stringify(exportSession(session, [], { includeSecrets: true, toolVersion: 'bench', now: new Date(0) }));
  writeFileSync(path, text);
  return { bytes: Buffer.byteLength(text), frames: session.retainedFrames, lastSeq: total - 1, ms: performance.now() - t0 };
}

/** How many frames of the scale session hold `text` (case-insensitive, as the panel's text filter). */
export function countScaleMatches(total: number, text: string): number {
  const needle = text.toLowerCase();
  let n = 0;
  for (let i = 0; i < total; i++) if (quote(i).toLowerCase().includes(needle)) n++;
  return n;
}
