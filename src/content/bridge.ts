/**
 * ISOLATED-world bridge: takes the hook's chunks of events from the page, batches them and
 * sends them to the background over a runtime.Port. A chunk is forwarded as the page sent
 * it once its tag and size are checked: the background parses and checks every event, off
 * the page's thread (parsing the header here too cost ~1 µs a frame). Only when the user
 * keeps whole binary frames is the header read here, to ask the hook for the held-back bytes.
 *
 * Every batch carries a sequence number and stays buffered until the background acks
 * it (after storing it). When the background worker is stopped the port disconnects;
 * the bridge reconnects and resends what was not acked, so nothing is lost. The buffer
 * is bounded; what does not fit is counted and reported as lost, never silently.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundToBridge, BridgeToBackground, CaptureSettings } from '../shared/protocol';
import {
  BRIDGE_PORT,
  CAPTURE_SETTINGS_KEY,
  DEFAULT_CAPTURE_SETTINGS,
  PAGE_EVENT_TYPE,
  PAGE_MORE_EVENT_TYPE,
  PAGE_RESTS_EVENT_TYPE,
  PROTOCOL_VERSION,
  readCaptureSettings,
} from '../shared/protocol';
import { CHUNK_TAG, MAX_CHUNK_CHARS, checkChunk, decodeChunk, encodeChunk, joinRests } from '../shared/wire';

const FLUSH_DELAY_MS = 20;
/**
 * While a stream is busy (the last batch held BUSY_WEIGHT chars: ~100 small frames), batches
 * wait longer: each port message has a fixed cost on the page's thread (~0.5 ms in Chromium),
 * so fewer, larger messages leave the page more of its time. A quiet socket keeps 20 ms.
 */
const BUSY_FLUSH_DELAY_MS = 50;
const BUSY_WEIGHT = 16 * 1024;
const MAX_BATCH_WEIGHT = 2 * 1024 * 1024;
/** Bound on what the bridge holds while the background is away (chars of payload). */
const MAX_BUFFER_WEIGHT = 48 * 1024 * 1024;
const RECONNECT_DELAYS_MS = [0, 50, 200, 1000, 3000];

interface Batch {
  message: Extract<BridgeToBackground, { type: 'events' }>;
  weight: number;
}

// Not crypto.randomUUID(): it exists only in secure contexts, so it would throw on
// http:// pages other than localhost and nothing there would be captured.
const doc = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const top = window === window.top;

let port: Runtime.Port | null = null;
let dead = false;
let reconnectAttempt = 0;
let reconnectScheduled = false;
let seq = 0;
const unacked: Batch[] = [];
let unackedWeight = 0;
let pending: string[] = [];
let pendingWeight = 0;
let lastBatchWeight = 0;
let lost = 0;
let flushScheduled = false;
/** Set on pagehide: no timer would fire any more, so every event is sent at once. */
let leaving = false;

/**
 * A timer that takes no id from the page's timer counter (Firefox shares it with
 * content scripts, so a setTimeout here would show the page gaps in its timer ids).
 */
function after(ms: number, fn: () => void): void {
  AbortSignal.timeout(ms).addEventListener('abort', fn, { once: true });
}

function post(message: BridgeToBackground): boolean {
  if (!port) return false;
  try {
    port.postMessage(message);
    return true;
  } catch {
    dropPort();
    return false;
  }
}

/** When this document was last shown: its load, or its restore from the back/forward cache. */
let shownAt = performance.timeOrigin;

function hello(): void {
  post({ type: 'hello', v: PROTOCOL_VERSION, doc, url: location.href, title: document.title, top, time: shownAt });
}

function connect(): void {
  if (port || dead) return;
  try {
    port = browser.runtime.connect({ name: BRIDGE_PORT });
  } catch {
    // The extension was reloaded or removed: this content script is orphaned.
    dead = true;
    return;
  }
  const opened = port;
  port.onMessage.addListener((raw: unknown) => {
    const message = raw as BackgroundToBridge;
    if (message.type === 'ack') acknowledge(message.seq);
    else if (message.type === 'incompatible') dead = true;
  });
  // Only for the port still in use (a bfcache restore replaces it; its end may be reported later).
  opened.onDisconnect.addListener(() => {
    if (port !== opened) return;
    port = null;
    scheduleReconnect();
  });
  hello();
  for (const batch of unacked) post(batch.message);
  reconnectAttempt = 0;
}

function dropPort(): void {
  try {
    port?.disconnect();
  } catch {
    // already gone
  }
  port = null;
  scheduleReconnect();
}

function scheduleReconnect(): void {
  if (dead || reconnectScheduled) return;
  // Reconnect only with something to send: reconnecting at once would keep waking a
  // background worker that the browser stopped for being idle.
  if (unacked.length === 0 && pending.length === 0) return;
  const delay = RECONNECT_DELAYS_MS[Math.min(reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)]!;
  reconnectScheduled = true;
  after(delay, () => {
    reconnectScheduled = false;
    connect();
  });
}

function acknowledge(ackedSeq: number): void {
  while (unacked.length > 0 && unacked[0]!.message.seq <= ackedSeq) {
    unackedWeight -= unacked.shift()!.weight;
  }
}

function flush(): void {
  flushScheduled = false;
  if (pending.length === 0 && lost === 0) return;
  const batch: Batch = {
    message: { type: 'events', v: PROTOCOL_VERSION, doc, seq: ++seq, chunks: pending, lost },
    weight: pendingWeight,
  };
  if (leaving) batch.message.final = true;
  pending = [];
  pendingWeight = 0;
  lastBatchWeight = batch.weight;
  lost = 0;
  unacked.push(batch);
  unackedWeight += batch.weight;
  if (!port) connect();
  else post(batch.message);
}

/** Queues one chunk, weighed by its chars (for the buffer bound). */
function enqueue(chunk: string): void {
  const weight = chunk.length;
  // Dropped for want of room: its events are counted (this once, the header is parsed here).
  if (unackedWeight + pendingWeight + weight > MAX_BUFFER_WEIGHT) lost += checkChunk(chunk)?.events ?? 0;
  else {
    pending.push(chunk);
    pendingWeight += weight;
  }
  if (leaving || pendingWeight >= MAX_BATCH_WEIGHT) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    after(lastBatchWeight >= BUSY_WEIGHT ? BUSY_FLUSH_DELAY_MS : FLUSH_DELAY_MS, flush);
  }
}

// The user's capture settings come from extension storage, never from the page.
let settings: CaptureSettings = DEFAULT_CAPTURE_SETTINGS;
function useSettings(stored: unknown): void {
  settings = readCaptureSettings(stored);
  // Whole binary frames: tell the hook to keep what it holds back of the next frames.
  if (settings.wholeBinaryFrames) window.dispatchEvent(new CustomEvent(PAGE_MORE_EVENT_TYPE));
}
browser.storage.local.get(CAPTURE_SETTINGS_KEY).then(
  (stored) => useSettings(stored[CAPTURE_SETTINGS_KEY]),
  () => undefined,
);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && CAPTURE_SETTINGS_KEY in changes) useSettings(changes[CAPTURE_SETTINGS_KEY]!.newValue);
});

/** The hook's answer to PAGE_MORE_EVENT_TYPE, taken only while the bridge is waiting for it. */
let awaitingRests = false;
let rests: unknown = null;
window.addEventListener(
  PAGE_RESTS_EVENT_TYPE,
  (event: Event) => {
    if (!awaitingRests) return;
    awaitingRests = false;
    rests = (event as CustomEvent<unknown>).detail;
  },
  true,
);

/** Asks the hook for the bytes it held back of the batch it is dispatching (it answers at once). */
function askRests(): unknown {
  awaitingRests = true;
  rests = null;
  window.dispatchEvent(new CustomEvent(PAGE_MORE_EVENT_TYPE));
  awaitingRests = false;
  const answer = rests;
  rests = null;
  return answer;
}

window.addEventListener(
  PAGE_EVENT_TYPE,
  (event: Event) => {
    if (dead) return;
    const detail = (event as CustomEvent<unknown>).detail;
    // Ours (tagged with our source and version) and within bounds; its events are checked by
    // the background, which also cuts binary frames longer than the hook makes them.
    if (typeof detail !== 'string' || detail.length > MAX_CHUNK_CHARS || !detail.startsWith(CHUNK_TAG)) return;
    if (!settings.wholeBinaryFrames) {
      enqueue(detail);
      return;
    }
    // Whole binary frames: the header says which frames had bytes held back, to ask the hook for.
    const checked = checkChunk(detail);
    if (!checked) return;
    lost += checked.rejected;
    if (checked.events === 0) return;
    // Asked at every batch with a binary frame, bytes held back or not: the ask is what keeps the
    // hook keeping them (a batch with binary frames nobody asked about ends it, as after unticking).
    const rests = checked.binary > 0 ? askRests() : null;
    let chunk = detail;
    if (checked.rejected > 0 || checked.heldBack > 0) {
      const decoded = decodeChunk(detail)!;
      let events = decoded.events;
      if (checked.heldBack > 0) events = joinRests(events, decoded.more, rests) ?? events;
      chunk = encodeChunk(events);
    }
    enqueue(chunk);
  },
  true,
);

if (top) {
  // The top frame says hello at once so the background sees navigations of the tab.
  connect();
  const sendTitle = (): void => {
    post({ type: 'page', v: PROTOCOL_VERSION, doc, title: document.title });
  };
  if (document.readyState === 'complete') sendTitle();
  else window.addEventListener('load', sendTitle, { once: true });
}

// Send what is pending before the document goes away (the hook flushes on pagehide too;
// its listener was added first, so its events are already queued here).
// The browser's own events only: a page dispatching a fake pageshow would otherwise make the bridge
// reopen its port at will, a fake pagehide mark every later batch final (stored at once).
window.addEventListener('pagehide', (event) => {
  if (!event.isTrusted) return;
  leaving = true;
  flush();
});

// A page restored from the back/forward cache: its port was closed while it was cached, without an
// onDisconnect, and messages posted on it vanish. Open a new one; the hello says the page was shown
// again now (a navigation back to it: the session starts there unless Preserve log is on).
window.addEventListener('pageshow', (event) => {
  if (!event.isTrusted) return;
  leaving = false;
  if (!(event as PageTransitionEvent).persisted || dead) return;
  shownAt = performance.timeOrigin + event.timeStamp;
  const old = port;
  port = null;
  try {
    old?.disconnect();
  } catch {
    // already gone
  }
  connect();
});
