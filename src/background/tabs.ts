/**
 * Each tab's session in the background: loaded from storage after a worker restart,
 * changed only through `commit` (apply, broadcast to panels, store), and work on one
 * tab is serialized so events stay in order.
 */
import type { Runtime } from 'webextension-polyfill';
import { applyEvents, resetSession, restoreConnection } from '../shared/apply';
import type { Frame, Session } from '../shared/model';
import { DEFAULT_LIMITS, createSession } from '../shared/model';
import type { BackgroundToPanel, SessionEvent, TabStatus } from '../shared/protocol';
import { decodeChunk } from '../shared/wire';
import type { LogItem, TabRecord } from './storage';
import { appendLog, deleteTab, loadTab, writeSnapshot } from './storage';

/** Frames per snapshot message to a panel (keeps each port message small). */
const SNAPSHOT_CHUNK = 2000;
/** Payload chars per snapshot message: a port message is limited to 64 MiB, and 2,000 frames of 64 Ki chars are more. */
const SNAPSHOT_CHARS = 8 * 1024 * 1024;
/** Compact the stored log once it holds this many times the retained frames. */
const COMPACT_FACTOR = 2;
/**
 * How long events wait to be stored together (acks wait as long; the bridge keeps them). Most of
 * a write's cost is per write, not per byte (an IndexedDB transaction, the tab record, the
 * browser's commit): at 200 ms, 10 s of 1,000 binary frames/s cost the browser process and
 * the worker ~150 ms more CPU than at 1 s (docs/performance.md, step 9).
 */
const LOG_COALESCE_MS = 1000;
/** A write starts at once when this many payload chars wait: bounds what bridges keep unacked. */
const LOG_COALESCE_CHARS = 4 * 1024 * 1024;

export interface TabState {
  record: TabRecord;
  session: Session;
  panels: Set<Runtime.Port>;
  /** Frames and payload chars written to the log since the last snapshot. */
  loggedFrames: number;
  loggedChars: number;
  queue: Promise<void>;
  /** Events applied but not yet stored, and the write that will store them. */
  pendingLog: LogItem[];
  /** Payload chars in pendingLog. */
  pendingChars: number;
  compactPending: boolean;
  logWrite: Promise<void> | null;
  /** Starts the scheduled write now (set while it waits). */
  writeNow: (() => void) | null;
}

const tabs = new Map<number, Promise<TabState>>();

function defaultStatus(): TabStatus {
  return { recording: true, preserveLog: false };
}

async function load(tabId: number): Promise<TabState> {
  const { record, log } = await loadTab(tabId);
  const session = createSession();
  for (const entry of log) {
    if (entry.snapshot) {
      resetSession(session, entry.snapshot.page.url, entry.snapshot.page.title, entry.snapshot.startedAt);
      Object.assign(session, { ...entry.snapshot, connections: [] });
      for (const c of entry.snapshot.connections) restoreConnection(session, c);
    }
    if (entry.events) applyEvents(session, entry.events, DEFAULT_LIMITS);
    for (const item of entry.batches ?? []) applyEvents(session, readLogItem(item), DEFAULT_LIMITS);
  }
  return {
    record: record ?? { tabId, status: defaultStatus(), seqs: {}, topDoc: null },
    session,
    panels: new Set(),
    loggedFrames: session.retainedFrames,
    loggedChars: session.retainedChars,
    queue: Promise.resolve(),
    pendingLog: [],
    pendingChars: 0,
    compactPending: false,
    logWrite: null,
    writeNow: null,
  };
}

function readLogItem(item: LogItem): SessionEvent[] {
  if (typeof item === 'string') return JSON.parse(item) as SessionEvent[];
  return [{ kind: 'hook', origin: item.origin, events: item.chunks.flatMap((chunk) => decodeChunk(chunk)?.events ?? []) }];
}

/** Runs `work` on a tab's state after any work already queued for that tab. */
export function withTab<T>(tabId: number, work: (state: TabState) => T | Promise<T>): Promise<T> {
  let statePromise = tabs.get(tabId);
  if (!statePromise) {
    statePromise = load(tabId);
    tabs.set(tabId, statePromise);
  }
  return statePromise.then((state) => {
    const run = state.queue.then(() => work(state));
    state.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  });
}

function countFrames(events: SessionEvent[]): { frames: number; chars: number } {
  let frames = 0;
  let chars = 0;
  for (const e of events) {
    if (e.kind !== 'hook') continue;
    for (const h of e.events) {
      if (h.kind === 'frame') {
        frames++;
        chars += h.data.length;
      }
    }
  }
  return { frames, chars };
}

/**
 * Applies events to the tab's session and forwards them to its panels at once; stores
 * them (as `log`, when the caller has them in their wire form, else as JSON): a bridge's
 * batch (`log` given) in the next coalesced write, since the bridge resends it until it is
 * acked (unless `now`: a leaving document's last batch, which nobody can resend); anything
 * else (a navigation, a handshake, a setting: nobody would send it again) at once, so a
 * worker stopped right after loses none of it. The returned promise settles when they are
 * stored: acknowledge a bridge batch only then. Callers do not wait for it inside the tab's
 * queue, so a burst keeps being applied while a write is under way.
 */
export function commit(state: TabState, events: SessionEvent[], log?: LogItem[], now = false): Promise<void> {
  if (events.length > 0) {
    applyEvents(state.session, events, DEFAULT_LIMITS);
    broadcast(state, { type: 'events', events });
  }
  const { frames, chars } = countFrames(events);
  state.loggedFrames += frames;
  state.loggedChars += chars;
  const resets = events.some((e) => e.kind === 'navigate' && !e.preserve);
  const compact =
    resets ||
    state.loggedFrames > COMPACT_FACTOR * Math.max(DEFAULT_LIMITS.maxFrames, state.session.retainedFrames) ||
    state.loggedChars > COMPACT_FACTOR * Math.max(DEFAULT_LIMITS.maxPayloadChars, state.session.retainedChars);
  return persist(state, events.length === 0 ? [] : (log ?? [JSON.stringify(events)]), compact, now || log === undefined);
}

/** Writes the whole retained session as the tab's log (after a reset or when the log grew). */
export function snapshot(state: TabState): Promise<void> {
  return persist(state, [], true, true);
}

/** Payload chars of a log item. */
export function logItemChars(item: LogItem): number {
  if (typeof item === 'string') return item.length;
  let chars = 0;
  for (const chunk of item.chunks) chars += chunk.length;
  return chars;
}

/**
 * Bridge batches are written together, one IndexedDB write per tab every LOG_COALESCE_MS
 * at most, or as soon as LOG_COALESCE_CHARS wait: per-batch transactions cost the page a
 * fifth of its socket throughput on a 2-core machine (docs/performance.md). `now` starts
 * the write at once, with whatever waits.
 */
function persist(state: TabState, items: LogItem[], compact: boolean, now: boolean): Promise<void> {
  for (const item of items) {
    state.pendingLog.push(item);
    state.pendingChars += logItemChars(item);
  }
  if (state.pendingChars >= LOG_COALESCE_CHARS) now = true;
  if (compact) state.compactPending = true;
  if (state.logWrite) {
    if (now) state.writeNow?.();
    return state.logWrite;
  }
  state.logWrite = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, now ? 0 : LOG_COALESCE_MS);
    state.writeNow = () => {
      clearTimeout(timer);
      resolve();
    };
  }).then(() => {
    const pending = state.pendingLog;
    const wantsSnapshot = state.compactPending;
    state.pendingLog = [];
    state.pendingChars = 0;
    state.compactPending = false;
    state.logWrite = null;
    state.writeNow = null;
    if (!wantsSnapshot) return appendLog(state.record, pending);
    state.loggedFrames = state.session.retainedFrames;
    state.loggedChars = state.session.retainedChars;
    // A copy taken now: events applied while the write is under way go to the next write.
    return writeSnapshot(state.record, structuredClone(state.session));
  });
  return state.logWrite;
}

export function broadcast(state: TabState, message: BackgroundToPanel): void {
  for (const port of state.panels) {
    try {
      port.postMessage(message);
    } catch {
      state.panels.delete(port);
    }
  }
}

/**
 * Where the snapshot slice of `frames` that starts at `start` ends: at most SNAPSHOT_CHUNK
 * frames and SNAPSHOT_CHARS payload chars, and always at least one frame.
 */
export function sliceEnd(frames: readonly Frame[], start: number, maxFrames = SNAPSHOT_CHUNK, maxChars = SNAPSHOT_CHARS): number {
  const last = Math.min(frames.length, start + maxFrames);
  let end = start;
  let chars = 0;
  while (end < last && (end === start || chars + frames[end]!.data.length <= maxChars)) chars += frames[end++]!.data.length;
  return end;
}

/** Sends a panel the whole retained session, then it gets live events. */
export function sendSnapshot(state: TabState, port: Runtime.Port): void {
  const session: Session = { ...state.session, connections: [] };
  port.postMessage({ type: 'reset', session, status: state.record.status } satisfies BackgroundToPanel);
  for (const c of state.session.connections) {
    let end = sliceEnd(c.frames, 0);
    port.postMessage({ type: 'connection', connection: { ...c, frames: c.frames.slice(0, end) } } satisfies BackgroundToPanel);
    while (end < c.frames.length) {
      const start = end;
      end = sliceEnd(c.frames, start);
      port.postMessage({ type: 'frames', id: c.id, frames: c.frames.slice(start, end) } satisfies BackgroundToPanel);
    }
  }
}

/** Clears a tab's session (the panel's Clear button). */
export function clearTab(state: TabState): void {
  const { url, title } = state.session.page;
  resetSession(state.session, url, title, Date.now());
  void snapshot(state);
  for (const port of state.panels) sendSnapshot(state, port);
}

export async function forgetTab(tabId: number): Promise<void> {
  const state = tabs.get(tabId);
  tabs.delete(tabId);
  if (state) {
    const s = await state;
    for (const port of s.panels) {
      try {
        port.disconnect();
      } catch {
        // already closed
      }
    }
    // A write still waiting would bring the closed tab's log back after the delete.
    await s.logWrite?.catch(() => undefined);
  }
  await deleteTab(tabId);
}

