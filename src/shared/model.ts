/**
 * The session model: what WS Triage knows about one tab's WebSockets.
 *
 * Shared by the background (which keeps it), the panel (which renders it), the
 * diagnostics (pure functions over it) and the session file format (which is a
 * serialization of it). No DOM, no extension APIs.
 */

export type Direction = 'send' | 'receive';
export type FrameType = 'text' | 'binary';
export type PayloadEncoding = 'utf8' | 'base64';
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';
export type CloseInitiator = 'client' | 'server' | 'browser' | 'unknown';

export interface Header {
  name: string;
  value: string;
}

/** One WebSocket message, as the page sent or received it. */
export interface Frame {
  /** Epoch milliseconds, sub-millisecond precision. */
  time: number;
  direction: Direction;
  type: FrameType;
  /** Exact size in bytes of the whole payload (UTF-8 bytes for text). */
  size: number;
  /** The payload, possibly cut to the per-frame cap; text as is, binary as base64. */
  data: string;
  encoding: PayloadEncoding;
  /** True when `data` holds less than the whole payload. */
  truncated: boolean;
}

/** The HTTP upgrade request and its answer, seen by the background through webRequest. */
export interface Handshake {
  /** HTTP status of the answer (101 when upgraded), or null when there was no answer. */
  status: number | null;
  statusText?: string;
  requestHeaders: Header[];
  responseHeaders: Header[];
  /** Network error name such as `net::ERR_CONNECTION_REFUSED`, when the request failed. */
  error?: string;
  /** Epoch ms of the request being sent, and of the answer or error. */
  requestedAt?: number;
  answeredAt?: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  initiator: CloseInitiator;
}

/**
 * Something that happened to a connection other than a frame: shown as a row among
 * the frames (open, error, the page's close() call, the close event) and read by
 * diagnostics (API misuse).
 */
export type LifecycleEvent =
  | { kind: 'open'; time: number; protocol: string; extensions: string }
  | ({ kind: 'error'; time: number } & Repeated)
  | ({ kind: 'close-call'; time: number; code?: number; reason?: string; error?: string } & Repeated)
  | ({ kind: 'send-error'; time: number; error: string } & Repeated)
  | ({ kind: 'send-discarded'; time: number; size: number; /** Bytes of the repeats. */ repeatedBytes?: number } & Repeated)
  | { kind: 'close'; time: number; code: number; reason: string; wasClean: boolean; initiator: CloseInitiator };

/** The lifecycle events a page can repeat without end (a loop calling send() or close() on a closed socket). */
export type RepeatableEvent = Extract<LifecycleEvent, { kind: 'error' | 'close-call' | 'send-error' | 'send-discarded' }>;

export interface Repeated {
  /**
   * How many more events of this kind came after this one and were counted here instead of
   * listed: past MAX_LISTED_EVENTS on one connection, a repeat joins the last of its kind.
   */
  repeats?: number;
}

/** Lifecycle events listed per connection before repeats are counted instead (memory stays bounded). */
export const MAX_LISTED_EVENTS = 1000;

/** `to` (a copy of `from` made field by field) with `from`'s repeat counts. */
export function withRepeats(from: LifecycleEvent, to: LifecycleEvent): LifecycleEvent {
  if (to.kind !== 'open' && to.kind !== 'close' && 'repeats' in from && from.repeats !== undefined) to.repeats = from.repeats;
  if (to.kind === 'send-discarded' && from.kind === 'send-discarded' && from.repeatedBytes !== undefined) to.repeatedBytes = from.repeatedBytes;
  return to;
}

/** How many events this one stands for (itself and its repeats). */
export function eventCount(e: LifecycleEvent): number {
  return 1 + ('repeats' in e && e.repeats !== undefined ? e.repeats : 0);
}

export interface TrafficStats {
  framesSent: number;
  bytesSent: number;
  framesReceived: number;
  bytesReceived: number;
}

/** One WebSocket: created by the page (hooked) or seen only from its handshake. */
export interface Connection {
  /** Unique within the session. */
  id: string;
  url: string;
  /** URL of the frame (document) that created the socket. */
  frameUrl?: string;
  /** Browser frame id and document id, for matching handshakes to hooked sockets. */
  frameId?: number;
  documentId?: string;
  /** webRequest id of the handshake, once matched. */
  requestId?: string;
  protocolsRequested: string[];
  /** Negotiated subprotocol ('' when none). */
  protocol: string;
  /** Negotiated extensions ('' when none). */
  extensions: string;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  /** When the page called close(), if it did. */
  closeCalledAt: number | null;
  handshake: Handshake | null;
  close: CloseInfo | null;
  /** Retained frames, oldest first (the oldest may have been dropped, see droppedFrames). */
  frames: Frame[];
  events: LifecycleEvent[];
  /** Counts over every frame seen, including dropped ones. */
  stats: TrafficStats;
  /** Frames no longer retained because of the per-tab caps. */
  droppedFrames: number;
  /** False when only the handshake was seen (e.g. a socket made in a Worker): frames not visible. */
  hooked: boolean;
  /** Whether the page listened for these events on the socket (addEventListener or on*). */
  listeners: { close: boolean; error: boolean; message: boolean };
}

export interface PageInfo {
  url: string;
  title: string;
}

export interface SessionLimits {
  /** Frames retained per session; beyond it the oldest frames are dropped (and counted). */
  maxFrames: number;
  /** Payload characters retained per session; beyond it the oldest frames are dropped. */
  maxPayloadChars: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  maxFrames: 100_000,
  maxPayloadChars: 256 * 1024 * 1024,
};

export interface Session {
  page: PageInfo;
  startedAt: number;
  connections: Connection[];
  /** Frames dropped by the caps, across all connections. */
  droppedFrames: number;
  /** Events lost before they reached the background (bridge buffer full, rate limit). */
  lostEvents: number;
  /** Frames currently retained and their payload characters. */
  retainedFrames: number;
  retainedChars: number;
  /** Navigations of the tab kept in this session (Preserve log). */
  navigations: { time: number; url: string }[];
}

export function emptyStats(): TrafficStats {
  return { framesSent: 0, bytesSent: 0, framesReceived: 0, bytesReceived: 0 };
}

export function createSession(page: PageInfo = { url: '', title: '' }, startedAt = 0): Session {
  return {
    page,
    startedAt,
    connections: [],
    droppedFrames: 0,
    lostEvents: 0,
    retainedFrames: 0,
    retainedChars: 0,
    navigations: [],
  };
}

export function connectionState(c: Connection): ConnectionState {
  if (c.close || c.closedAt !== null) return 'closed';
  if (c.closeCalledAt !== null) return 'closing';
  if (c.openedAt !== null) return 'open';
  return 'connecting';
}

/** Who ended a connection, from what the hook saw. */
export function closeInitiator(
  closeCalledAt: number | null,
  code: number,
  wasClean: boolean,
): CloseInitiator {
  if (closeCalledAt !== null) return 'client';
  if (code === 1006 || code === 1015) return 'browser';
  if (wasClean) return 'server';
  return 'unknown';
}
