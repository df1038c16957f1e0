/**
 * Each tab's session in the background: loaded from storage after a worker restart,
 * changed only through `commit` and `commitHook` (apply, broadcast to panels, store), and
 * work on one tab is serialized so events stay in order. While no panel shows a tab, its
 * hooked chunks are stored as they came and decoded only when the session is read.
 */
import type { Runtime } from 'webextension-polyfill';
import { applyEvents, resetSession, restoreConnection } from '../shared/apply';
import type { Frame, Session } from '../shared/model';
import { DEFAULT_LIMITS, createSession } from '../shared/model';
import type { BackgroundToPanel, HookEvent, SessionEvent, TabStatus } from '../shared/protocol';
import { DEFAULT_PAYLOAD_CAP } from '../shared/protocol';
import { chunkBounds, cutBinaryFrames, decodeChunk } from '../shared/wire';
import type { HookLog, LogItem, LogRecord, TabRecord } from './storage';
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
  /**
   * Bridge batches stored but not yet applied to `session`, in order. Decoding and applying
   * chunks is most of the background's work per frame (docs/performance.md, step 10), so
   * while no panel shows the tab they wait here until the session is read (a panel, a
   * snapshot, any other event) or they would take it past its caps. Empty while a panel is open.
   */
  undecoded: HookLog[];
  /** At most this many frames, and exactly this many payload chars, wait in `undecoded`. */
  undecodedFrames: number;
  undecodedChars: number;
}

const tabs = new Map<number, Promise<TabState>>();

function defaultStatus(): TabStatus {
  return { recording: true, preserveLog: false };
}

async function load(tabId: number): Promise<TabState> {
  const { record, log } = await loadTab(tabId);
  const state: TabState = {
    record: record ?? { tabId, status: defaultStatus(), seqs: {}, topDoc: null },
    session: createSession(),
    panels: new Set(),
    loggedFrames: 0,
    loggedChars: 0,
    queue: Promise.resolve(),
    pendingLog: [],
    pendingChars: 0,
    compactPending: false,
    logWrite: null,
    writeNow: null,
    undecoded: [],
    undecodedFrames: 0,
    undecodedChars: 0,
  };
  const session = state.session;
  for (const entry of log) {
    try {
      restoreEntry(state, entry);
    } catch {
      // A log entry that cannot be read (written by a build with another format, or damaged):
      // the rest of the tab's log is still restored, and the panel shows the loss.
      session.lostEvents++;
    }
  }
  state.loggedFrames = session.retainedFrames + state.undecodedFrames;
  state.loggedChars = session.retainedChars + state.undecodedChars;
  return state;
}

/** Applies one stored log entry to a tab being loaded. */
function restoreEntry(state: TabState, entry: LogRecord): void {
  const session = state.session;
  if (entry.snapshot) {
    decodeDeferred(state);
    resetSession(session, entry.snapshot.page.url, entry.snapshot.page.title, entry.snapshot.startedAt);
    Object.assign(session, { ...entry.snapshot, connections: [] });
    for (const c of entry.snapshot.connections) restoreConnection(session, c);
  }
  if (entry.events) {
    decodeDeferred(state);
    applyEvents(session, entry.events, DEFAULT_LIMITS);
  }
  for (const item of entry.batches ?? []) {
    if (typeof item !== 'string') {
      defer(state, item);
      continue;
    }
    let events: SessionEvent[];
    try {
      events = JSON.parse(item) as SessionEvent[];
    } catch {
      session.lostEvents++;
      continue;
    }
    decodeDeferred(state);
    applyEvents(session, events, DEFAULT_LIMITS);
  }
}

/**
 * A document's hooked chunks as session events. Every event is checked here (the bridge
 * checks only a chunk's tag and size): rejected ones are counted as lost, and no binary frame
 * is kept longer than the hook makes one (a forged chunk's is cut).
 */
function hookLogEvents(item: HookLog): SessionEvent[] {
  const events: HookEvent[] = [];
  let lost = 0;
  for (const chunk of item.chunks) {
    // A chunk that cannot be read is lost on its own: it must never take the tab's other
    // batches, or the tab itself, with it (decoding happens when a panel opens, on any other
    // event, and when the worker reloads the tab after a restart).
    let cut: HookEvent[];
    try {
      const decoded = decodeChunk(chunk);
      if (!decoded) continue;
      lost += decoded.rejected;
      cut = cutBinaryFrames(decoded.events, DEFAULT_PAYLOAD_CAP) ?? decoded.events;
    } catch {
      lost += Math.max(1, chunkBounds(chunk).frames);
      continue;
    }
    for (const e of cut) events.push(e);
  }
  const out: SessionEvent[] = [];
  if (lost > 0) out.push({ kind: 'lost', count: lost });
  if (events.length > 0) out.push({ kind: 'hook', origin: item.origin, events });
  return out;
}

/** Keeps a stored batch undecoded, unless the session and what waits would pass a cap. */
function defer(state: TabState, item: HookLog): { frames: number; chars: number } {
  let frames = 0;
  let chars = 0;
  for (const chunk of item.chunks) {
    const bounds = chunkBounds(chunk);
    frames += bounds.frames;
    chars += bounds.chars;
  }
  state.undecoded.push(item);
  state.undecodedFrames += frames;
  state.undecodedChars += chars;
  const { session } = state;
  if (
    session.retainedFrames + state.undecodedFrames > DEFAULT_LIMITS.maxFrames ||
    session.retainedChars + state.undecodedChars > DEFAULT_LIMITS.maxPayloadChars
  ) {
    decodeDeferred(state);
  }
  return { frames, chars };
}

/** Takes what waits undecoded. */
function takeUndecoded(state: TabState): HookLog[] {
  const items = state.undecoded;
  state.undecoded = [];
  state.undecodedFrames = 0;
  state.undecodedChars = 0;
  return items;
}

/** Applies what waits undecoded (nothing to broadcast: batches wait only while no panel is open). */
function decodeDeferred(state: TabState): void {
  if (state.undecoded.length === 0) return;
  for (const item of takeUndecoded(state)) applyEvents(state.session, hookLogEvents(item), DEFAULT_LIMITS);
}

/**
 * Tabs closed while this worker runs. Events for them can still arrive (Chrome reports a pending
 * handshake's error after the tab's removal; a leaving document's last batch): they must not bring
 * a session and a stored log back. Tab ids are not reused within a browser session.
 */
const closedTabs = new Set<number>();

/**
 * Runs `work` on a tab's state after any work already queued for that tab. For a closed tab it does
 * nothing and resolves with undefined.
 */
export function withTab<T>(tabId: number, work: (state: TabState) => T | Promise<T>): Promise<T> {
  if (closedTabs.has(tabId)) return Promise.resolve(undefined as T);
  let statePromise = tabs.get(tabId);
  if (!statePromise) {
    const loading = load(tabId);
    statePromise = loading;
    tabs.set(tabId, loading);
    // A load that failed (storage unavailable) is tried again by the tab's next event, rather
    // than leaving the tab without a session until it is closed.
    loading.catch(() => {
      if (tabs.get(tabId) === loading) tabs.delete(tabId);
    });
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

/**
 * What a batch adds to the log: its hooked events (frames and the rest: a page calling send()
 * on a closed socket in a loop logs nothing but events, and they too must bring the log back
 * to the bounded session by compaction) and its payload chars.
 */
function countFrames(events: SessionEvent[]): { frames: number; chars: number } {
  let frames = 0;
  let chars = 0;
  for (const e of events) {
    if (e.kind !== 'hook') continue;
    frames += e.events.length;
    for (const h of e.events) if (h.kind === 'frame') chars += h.data.length;
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
    // Events apply in order: the batches waiting undecoded came first.
    decodeDeferred(state);
    applyEvents(state.session, events, DEFAULT_LIMITS);
    broadcast(state, { type: 'events', events });
  }
  const { frames, chars } = countFrames(events);
  const resets = events.some((e) => e.kind === 'navigate' && !e.preserve);
  return store(state, events.length === 0 ? [] : (log ?? [JSON.stringify(events)]), frames, chars, resets, now || log === undefined);
}

/**
 * A bridge's batch, as `commit` (the promise settles when it is stored). While a panel shows
 * the tab it is decoded and applied at once; otherwise it is only stored and waits undecoded
 * (see TabState.undecoded): nobody may ever look at it, and the page's socket throughput
 * pays for every frame the background decodes on a busy machine.
 */
export function commitHook(state: TabState, item: HookLog, now = false): Promise<void> {
  if (state.panels.size > 0) return commit(state, hookLogEvents(item), [item], now);
  const { frames, chars } = defer(state, item);
  return store(state, [item], frames, chars, false, now);
}

/** Stores log items (frames and chars: what they add to the log), compacting the log when it grew. */
function store(state: TabState, items: LogItem[], frames: number, chars: number, resets: boolean, now: boolean): Promise<void> {
  state.loggedFrames += frames;
  state.loggedChars += chars;
  const compact =
    resets ||
    state.loggedFrames > COMPACT_FACTOR * Math.max(DEFAULT_LIMITS.maxFrames, state.session.retainedFrames) ||
    state.loggedChars > COMPACT_FACTOR * Math.max(DEFAULT_LIMITS.maxPayloadChars, state.session.retainedChars);
  return persist(state, items, compact, now);
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
    // The snapshot replaces the log: what waits undecoded must be in it.
    decodeDeferred(state);
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
  decodeDeferred(state);
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
  takeUndecoded(state);
  resetSession(state.session, url, title, Date.now());
  void snapshot(state);
  for (const port of state.panels) sendSnapshot(state, port);
}

export async function forgetTab(tabId: number): Promise<void> {
  closedTabs.add(tabId);
  const state = tabs.get(tabId);
  tabs.delete(tabId);
  // A tab whose session could not be loaded still has its stored log deleted.
  const s = state ? await state.catch(() => null) : null;
  if (s) {
    for (const port of s.panels) {
      try {
        // Said first, so the panel keeps what it shows instead of subscribing again.
        port.postMessage({ type: 'tab-closed' } satisfies BackgroundToPanel);
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

