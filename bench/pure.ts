/**
 * Benchmarks of the pure code over large sessions, in Node (loaded by bench/bench.mjs
 * through Vite's module runner). Each returns milliseconds; the caller takes medians.
 */
import { diagnose } from '../src/diagnostics';
import { exportSession, importFile } from '../src/session';
import { applyEvent } from '../src/shared/apply';
import { createSession, DEFAULT_LIMITS } from '../src/shared/model';
import type { HookEvent, SessionEvent } from '../src/shared/protocol';

const origin = { doc: 'bench', frameId: 0 };

function frames(cid: string, n: number, start: number): HookEvent[] {
  const out: HookEvent[] = [];
  for (let i = 0; i < n; i++) {
    const data = `{"type":"tick","seq":${i},"payload":"${'x'.repeat(60)}"}`;
    out.push({
      kind: 'frame', cid, time: start + i, direction: i % 3 === 0 ? 'send' : 'receive', type: 'text',
      size: data.length, data, encoding: 'utf8', truncated: false,
    });
  }
  return out;
}

/** A session of `total` frames over 10 connections, built through the reducer in batches of 500. */
export function buildSession(total: number, limits = DEFAULT_LIMITS) {
  const session = createSession({ url: 'https://bench.test/', title: 'bench' }, 0);
  const perConnection = Math.ceil(total / 10);
  for (let c = 0; c < 10; c++) {
    const cid = `c${c}`;
    applyEvent(session, { kind: 'hook', origin, events: [
      { kind: 'create', cid, time: c * 1e6, url: `wss://bench.test/feed?c=${c}`, protocols: [] },
      { kind: 'open', cid, time: c * 1e6 + 1, protocol: '', extensions: '' },
    ] }, limits);
    const all = frames(cid, perConnection, c * 1e6 + 2);
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
