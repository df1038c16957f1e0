/**
 * The session reducer: the one place where a session changes.
 *
 * `applyEvent` is deterministic and does no I/O. It mutates the session it is given
 * (sessions hold up to 100,000 frames; copying them per event would cost more than the
 * page's own traffic), so callers that render wrap it and bump a revision. The
 * background and the panel run the same code on the same events, so they agree.
 */
import type { Connection, Frame, RepeatableEvent, Session, SessionLimits } from './model';
import { DEFAULT_LIMITS, MAX_LISTED_EVENTS, closeInitiator, emptyStats } from './model';
import type { HandshakeEvent, HookEvent, Origin, SessionEvent } from './protocol';

/** How far apart (ms) a hooked socket's creation and its webRequest handshake may be. */
export const HANDSHAKE_MATCH_WINDOW_MS = 10_000;

/** Fraction of a cap kept after dropping, so dropping happens in batches, not per frame. */
const CAP_HYSTERESIS = 0.95;

const indexes = new WeakMap<Session, Map<string, Connection>>();

function indexOf(session: Session): Map<string, Connection> {
  let index = indexes.get(session);
  if (!index) {
    index = new Map(session.connections.map((c) => [c.id, c]));
    indexes.set(session, index);
  }
  return index;
}

export function findConnection(session: Session, id: string): Connection | undefined {
  return indexOf(session).get(id);
}

export function connectionId(origin: Origin, cid: string): string {
  return `${origin.doc}:${cid}`;
}

export function newConnection(id: string, url: string, createdAt: number): Connection {
  return {
    id,
    url,
    protocolsRequested: [],
    protocol: '',
    extensions: '',
    createdAt,
    openedAt: null,
    closedAt: null,
    closeCalledAt: null,
    handshake: null,
    close: null,
    frames: [],
    events: [],
    stats: emptyStats(),
    droppedFrames: 0,
    hooked: true,
    listeners: { close: false, error: false, message: false },
  };
}

function addConnection(session: Session, c: Connection): void {
  session.connections.push(c);
  indexOf(session).set(c.id, c);
}

/** Empties a session in place (Clear, or a navigation without Preserve log). */
export function resetSession(session: Session, url: string, title: string, startedAt: number): void {
  session.page = { url, title };
  session.startedAt = startedAt;
  session.connections = [];
  session.droppedFrames = 0;
  session.lostEvents = 0;
  session.retainedFrames = 0;
  session.retainedChars = 0;
  session.navigations = [];
  indexes.delete(session);
}

/**
 * A navigation with Preserve log: the old page's sockets stay listed, but the page that
 * owned them is gone, and so are they (their close event never reaches a page).
 */
function keepAcrossNavigation(session: Session, url: string, time: number): void {
  session.navigations.push({ time, url });
  for (const c of session.connections) {
    if (c.hooked && c.closedAt === null && c.createdAt < time) c.closedAt = time;
  }
}

/**
 * A navigation without Preserve log: a new session, keeping only what the new page
 * started. A handshake seen by webRequest can arrive before the new document's hello,
 * so connections created after the navigation started belong to the new page.
 */
/**
 * A navigation's time is the page's (performance.timeOrigin); a socket seen only from its
 * handshake has the browser's (webRequest timeStamp), and the two clocks can disagree by
 * tens of milliseconds or more. A new page's early handshake must not be taken for the old
 * page's: such sockets are kept from this long before the navigation.
 */
export const HANDSHAKE_CLOCK_SKEW_MS = 2000;

function startNewPage(session: Session, url: string, title: string, time: number): void {
  const kept = session.connections.filter((c) => c.createdAt >= (c.hooked ? time : time - HANDSHAKE_CLOCK_SKEW_MS));
  resetSession(session, url, title, time);
  for (const c of kept) {
    addConnection(session, c);
    session.retainedFrames += c.frames.length;
    for (const f of c.frames) session.retainedChars += f.data.length;
  }
}

/** Adds a connection received in a snapshot (its frames are already counted in it). */
export function restoreConnection(session: Session, c: Connection): void {
  addConnection(session, c);
}

/** Appends snapshot frames to a restored connection, without touching its stats. */
export function restoreFrames(session: Session, id: string, frames: Frame[]): void {
  const c = findConnection(session, id);
  if (!c) return;
  for (const f of frames) c.frames.push(f);
}

export function applyEvents(session: Session, events: SessionEvent[], limits = DEFAULT_LIMITS): void {
  for (const e of events) applyEvent(session, e, limits);
}

export function applyEvent(session: Session, event: SessionEvent, limits: SessionLimits = DEFAULT_LIMITS): void {
  switch (event.kind) {
    case 'hook':
      for (const e of event.events) applyHookEvent(session, event.origin, e, limits);
      return;
    case 'handshake':
      applyHandshake(session, event);
      return;
    case 'navigate':
      if (event.preserve) keepAcrossNavigation(session, event.url, event.time);
      else startNewPage(session, event.url, event.title, event.time);
      session.page = { url: event.url, title: event.title };
      return;
    case 'page-title':
      session.page = { ...session.page, title: event.title };
      return;
    case 'lost':
      session.lostEvents += event.count;
      return;
  }
}

function connectionFor(session: Session, origin: Origin, cid: string, time: number | undefined): Connection | null {
  const id = connectionId(origin, cid);
  let c = findConnection(session, id);
  if (!c) {
    // An event for a socket whose creation we never saw from before this session started: the
    // last batch of a page navigated away from (sent on pagehide, it can arrive after the new
    // page's hello), or of what Clear cleared. It belongs to what is gone: not a row here.
    if (time === undefined || time < session.startedAt) return null;
    // Otherwise (lost, or a forged event): keep it rather than drop it, under an unknown URL.
    c = newConnection(id, '', time);
    applyOrigin(c, origin);
    addConnection(session, c);
  }
  return c;
}

function applyOrigin(c: Connection, origin: Origin): void {
  if (origin.frameUrl !== undefined) c.frameUrl = origin.frameUrl;
  if (origin.frameId !== undefined) c.frameId = origin.frameId;
  if (origin.documentId !== undefined) c.documentId = origin.documentId;
}

function applyHookEvent(session: Session, origin: Origin, e: HookEvent, limits: SessionLimits): void {
  if (e.kind === 'create') {
    applyCreate(session, origin, e);
    return;
  }
  const c = connectionFor(session, origin, e.cid, 'time' in e ? e.time : undefined);
  if (!c) return;
  switch (e.kind) {
    case 'open':
      c.openedAt = e.time;
      c.protocol = e.protocol;
      c.extensions = e.extensions;
      c.events.push({ kind: 'open', time: e.time, protocol: e.protocol, extensions: e.extensions });
      return;
    case 'frame':
      addFrame(session, c, {
        time: e.time,
        direction: e.direction,
        type: e.type,
        size: e.size,
        data: e.data,
        encoding: e.encoding,
        truncated: e.truncated,
      });
      enforceLimits(session, limits);
      return;
    case 'error':
      pushRepeatable(c, { kind: 'error', time: e.time });
      return;
    case 'close-call': {
      const call: { kind: 'close-call'; time: number; code?: number; reason?: string; error?: string } = {
        kind: 'close-call',
        time: e.time,
      };
      // As the browser converts it ([Clamp] unsigned short: nearest, ties to even, within 0..65535), so
      // close(3000.7) is 3001 as sent, and the session file stays valid; not a number: -1.
      if (e.code !== undefined) call.code = Number.isFinite(e.code) ? Math.min(65535, Math.max(0, roundHalfEven(e.code))) : -1;
      if (e.reason !== undefined) call.reason = e.reason;
      if (e.error !== undefined) call.error = e.error;
      else if (c.closeCalledAt === null && c.closedAt === null) c.closeCalledAt = e.time;
      pushRepeatable(c, call);
      return;
    }
    case 'send-error':
      pushRepeatable(c, { kind: 'send-error', time: e.time, error: e.error });
      return;
    case 'send-discarded':
      pushRepeatable(c, { kind: 'send-discarded', time: e.time, size: e.size });
      return;
    case 'close': {
      const initiator = closeInitiator(c.closeCalledAt, e.code, e.wasClean);
      c.closedAt = e.time;
      c.close = { code: e.code, reason: e.reason, wasClean: e.wasClean, initiator };
      c.events.push({ kind: 'close', time: e.time, code: e.code, reason: e.reason, wasClean: e.wasClean, initiator });
      return;
    }
    case 'listen':
      c.listeners[e.event] = true;
      return;
  }
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function applyCreate(session: Session, origin: Origin, e: Extract<HookEvent, { kind: 'create' }>): void {
  // A late batch of the document before a navigation: its sockets belong to the session that ended
  // (every other event of it is dropped the same way, in connectionFor).
  if (e.time < session.startedAt) return;
  const id = connectionId(origin, e.cid);
  if (findConnection(session, id)) return; // a resent batch: already applied
  // The handshake is often seen (webRequest) before the hook's event arrives: adopt it.
  const seen = bestMatch(
    session.connections.filter((c) => !c.hooked && sameSocket(c, e.url, origin.documentId, origin.frameId)),
    e.time,
  );
  if (seen) {
    indexOf(session).delete(seen.id);
    seen.id = id;
    seen.hooked = true;
    seen.createdAt = e.time;
    seen.protocolsRequested = e.protocols;
    applyOrigin(seen, origin);
    indexOf(session).set(id, seen);
    return;
  }
  const c = newConnection(id, e.url, e.time);
  c.protocolsRequested = e.protocols;
  applyOrigin(c, origin);
  addConnection(session, c);
}

function sameSocket(c: Connection, url: string, documentId?: string, frameId?: number): boolean {
  if (c.url !== url) return false;
  if (documentId !== undefined && c.documentId !== undefined && c.documentId !== documentId) return false;
  if (frameId !== undefined && c.frameId !== undefined && c.frameId !== frameId) return false;
  return true;
}

function bestMatch(candidates: Connection[], time: number): Connection | undefined {
  let best: Connection | undefined;
  let bestDistance = HANDSHAKE_MATCH_WINDOW_MS;
  for (const c of candidates) {
    const distance = Math.abs(c.createdAt - time);
    if (distance <= bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

function handshakeConnection(session: Session, e: HandshakeEvent): Connection {
  for (let i = session.connections.length - 1; i >= 0; i--) {
    const c = session.connections[i]!;
    if (c.requestId === e.requestId) return c;
  }
  const unclaimed = session.connections.filter(
    (c) => c.hooked && c.requestId === undefined && c.handshake === null && sameSocket(c, e.url, e.documentId, e.frameId),
  );
  let c = bestMatch(unclaimed, e.time);
  if (!c) {
    c = newConnection(`request:${e.requestId}`, e.url, e.time);
    c.hooked = false;
    if (e.frameId !== undefined) c.frameId = e.frameId;
    if (e.documentId !== undefined) c.documentId = e.documentId;
    addConnection(session, c);
  }
  c.requestId = e.requestId;
  return c;
}

function applyHandshake(session: Session, e: HandshakeEvent): void {
  const c = handshakeConnection(session, e);
  const h = (c.handshake ??= { status: null, requestHeaders: [], responseHeaders: [] });
  switch (e.stage) {
    case 'request':
      h.requestedAt = e.time;
      if (e.requestHeaders) h.requestHeaders = e.requestHeaders;
      return;
    case 'response':
      h.answeredAt = e.time;
      h.status = e.status ?? null;
      if (e.statusText !== undefined) h.statusText = e.statusText;
      if (e.responseHeaders) h.responseHeaders = e.responseHeaders;
      if (!c.hooked && e.status === 101 && c.openedAt === null) c.openedAt = e.time;
      return;
    case 'error':
      h.error = e.error ?? 'unknown error';
      h.answeredAt ??= e.time;
      if (!c.hooked && c.closedAt === null) c.closedAt = e.time;
      return;
    case 'completed':
      return;
  }
}

/** How far back a repeat looks for the last event of its kind. */
const REPEAT_LOOKBACK = 16;

/**
 * Lists an event a page can repeat without end, until the connection has MAX_LISTED_EVENTS;
 * after that it is counted on the last event of its kind near the end (a page calling send()
 * on a closed socket in its game loop makes hundreds a second, and nothing else bounds them).
 */
function pushRepeatable(c: Connection, e: RepeatableEvent): void {
  const events = c.events;
  if (events.length >= MAX_LISTED_EVENTS) {
    for (let i = events.length - 1; i >= 0 && i >= events.length - REPEAT_LOOKBACK; i--) {
      const last = events[i]!;
      if (last.kind !== e.kind) continue;
      const into = last as RepeatableEvent;
      into.repeats = (into.repeats ?? 0) + 1;
      if (into.kind === 'send-discarded' && e.kind === 'send-discarded') into.repeatedBytes = (into.repeatedBytes ?? 0) + e.size;
      return;
    }
  }
  events.push(e);
}

function addFrame(session: Session, c: Connection, f: Frame): void {
  const frames = c.frames;
  // Payloads read asynchronously (Blob) can arrive after later frames: keep time order.
  let at = frames.length;
  while (at > 0 && frames[at - 1]!.time > f.time) at--;
  if (at === frames.length) frames.push(f);
  else frames.splice(at, 0, f);
  if (f.direction === 'send') {
    c.stats.framesSent++;
    c.stats.bytesSent += f.size;
  } else {
    c.stats.framesReceived++;
    c.stats.bytesReceived += f.size;
  }
  session.retainedFrames++;
  session.retainedChars += f.data.length;
}

/**
 * Drops the oldest frames across the session once a cap is exceeded, down to a little
 * under the cap so the work is batched. Stats keep counting dropped frames; the count
 * of dropped frames is kept per connection and per session, so the panel can say so.
 */
export function enforceLimits(session: Session, limits: SessionLimits): void {
  if (session.retainedFrames <= limits.maxFrames && session.retainedChars <= limits.maxPayloadChars) return;
  const targetFrames = Math.floor(limits.maxFrames * CAP_HYSTERESIS);
  const targetChars = Math.floor(limits.maxPayloadChars * CAP_HYSTERESIS);
  const live = session.connections.filter((c) => c.frames.length > 0);
  const cut = new Map<Connection, number>(live.map((c) => [c, 0]));
  while (session.retainedFrames > targetFrames || session.retainedChars > targetChars) {
    let oldest: Connection | undefined;
    let oldestTime = Infinity;
    for (const c of live) {
      const i = cut.get(c)!;
      if (i < c.frames.length && c.frames[i]!.time < oldestTime) {
        oldest = c;
        oldestTime = c.frames[i]!.time;
      }
    }
    if (!oldest) break;
    const i = cut.get(oldest)!;
    session.retainedFrames--;
    session.retainedChars -= oldest.frames[i]!.data.length;
    cut.set(oldest, i + 1);
  }
  for (const [c, n] of cut) {
    if (n === 0) continue;
    c.frames.splice(0, n);
    c.droppedFrames += n;
    session.droppedFrames += n;
  }
}
