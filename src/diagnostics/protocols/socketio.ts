/**
 * Socket.IO over engine.io (v3 and v4), as seen on a WebSocket.
 *
 * engine.io packet: one digit type, then data: 0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop.
 * A message (4) carries a socket.io packet: one digit type (0 CONNECT, 1 DISCONNECT, 2 EVENT, 3 ACK,
 * 4 CONNECT_ERROR, 5 BINARY_EVENT, 6 BINARY_ACK), `<n>-` attachments for binary types, `/ns,` namespace,
 * ack id digits, then a JSON payload: `42["chat",{"a":1}]`, `430[...]`, `40{"token":"…"}`, `451-["up",{"_placeholder":true,"num":0}]`.
 * Binary attachments follow as binary frames. Heartbeats: in v4 the server sends `2` (ping) and the client
 * answers `3` (pong); in v3 the client pings and the server pongs.
 */
import type { Connection, Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { isObject, oneLine, parseJson, str } from './util';

export const ENGINE_IO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export const SOCKET_IO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;

const KINDS = ['connect', 'disconnect', 'event', 'ack', 'connect_error', 'binary_event', 'binary_ack'] as const;

export interface SocketIoPacket {
  type: (typeof SOCKET_IO_TYPES)[number];
  namespace: string;
  attachments?: number;
  ackId?: number;
  /** EVENT / BINARY_EVENT: the first argument. */
  event?: string;
  /** The parsed payload (EVENT: the arguments after the name). */
  data?: unknown;
}

const ZERO = 0x30;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Cheap: does a text payload look like an engine.io packet? */
export function looksLikeEngineIo(text: string): boolean {
  const t = digit(text, 0);
  if (t < 0 || t > 6) return text.charCodeAt(0) === 0x62 /* b: base64 binary */ && text.length > 1;
  if (text.length === 1) return true;
  if (t === 0) return text.charCodeAt(1) === 0x7b; // 0{"sid":…}
  if (t === 2 || t === 3) return text === '2probe' || text === '3probe';
  if (t === 4) return parseHeader(text, 1) !== null;
  return false;
}

interface Header {
  type: number;
  attachments?: number;
  namespace: string;
  ackId?: number;
  /** Where the JSON payload starts. */
  rest: number;
}

/** Parses the socket.io packet header starting at `start`; null when it isn't one. */
function parseHeader(s: string, start: number): Header | null {
  let i = start;
  const type = digit(s, i);
  if (type < 0 || type > 6) return null;
  i++;
  const h: Header = { type, namespace: '/', rest: i };
  if (type === 5 || type === 6) {
    let n = 0;
    let digits = 0;
    while (digit(s, i) >= 0 && digits < 10) {
      n = n * 10 + digit(s, i);
      i++;
      digits++;
    }
    if (digits === 0 || s.charCodeAt(i) !== 0x2d /* - */) return null;
    h.attachments = n;
    i++;
  }
  if (s.charCodeAt(i) === 0x2f /* / */) {
    const comma = s.indexOf(',', i);
    const end = comma < 0 ? s.length : comma;
    // a namespace has no JSON in it
    const ns = s.slice(i, Math.min(end, i + 512));
    if (/[[{"]/.test(ns)) return null;
    h.namespace = ns;
    i = comma < 0 ? s.length : comma + 1;
  }
  let ack = 0;
  let ackDigits = 0;
  while (digit(s, i) >= 0 && ackDigits < 16) {
    ack = ack * 10 + digit(s, i);
    i++;
    ackDigits++;
  }
  if (ackDigits > 0) h.ackId = ack;
  h.rest = i;
  if (i < s.length) {
    const c = s.charCodeAt(i);
    // payload: JSON array, object or (v2/v3 errors) string
    if (c !== 0x5b && c !== 0x7b && c !== 0x22) return null;
  }
  return h;
}

function nsSuffix(ns: string): string {
  return ns === '/' ? '' : ` · ${ns}`;
}

function ackSuffix(id: number | undefined): string {
  return id === undefined ? '' : ` · ack ${id}`;
}

/** Decodes a socket.io packet (the part after engine.io's `4`). */
function decodeSocketIo(frame: Frame, text: string, start: number): DecodedFrame {
  const h = parseHeader(text, start);
  if (!h) {
    return {
      protocol: 'socket.io',
      summary: `message ${oneLine(text.slice(start), 60)}`,
      kind: 'message',
      heartbeat: false,
      detail: { engineio: 'message', raw: text.slice(start, start + 1024) },
      error: 'not a socket.io packet',
    };
  }
  const type = SOCKET_IO_TYPES[h.type]!;
  const packet: SocketIoPacket = { type, namespace: h.namespace };
  if (h.attachments !== undefined) packet.attachments = h.attachments;
  if (h.ackId !== undefined) packet.ackId = h.ackId;
  const payloadText = text.slice(h.rest);
  let error: string | undefined;
  let data: unknown;
  if (payloadText !== '') {
    const r = parseJson(payloadText, frame);
    if (r.ok) data = r.value;
    else error = r.error;
  }
  let event: string | undefined;
  if (type === 'EVENT' || type === 'BINARY_EVENT') {
    if (Array.isArray(data)) {
      if (typeof data[0] === 'string') event = data[0];
      else error ??= 'event packet without an event name';
      packet.data = data.slice(1);
    } else if (error) {
      // truncated: the name is still at the start
      const m = /^\[\s*"((?:[^"\\]|\\.){0,200})"/.exec(payloadText);
      if (m) {
        try {
          event = JSON.parse(`"${m[1]}"`) as string;
        } catch {
          event = m[1];
        }
      }
    } else if (data === undefined) {
      error = 'event packet without arguments';
    } else {
      error = 'event payload is not an array';
      packet.data = data;
    }
    if (event !== undefined) packet.event = event;
  } else if (data !== undefined) {
    packet.data = data;
  }

  let summary: string;
  const ns = nsSuffix(h.namespace);
  switch (type) {
    case 'CONNECT': {
      const sid = isObject(data) ? str(data.sid) : undefined;
      const what = sid ? ` · sid ${sid}` : isObject(data) && frame.direction === 'send' ? ' · auth' : '';
      summary = `CONNECT ${h.namespace}${what}`;
      break;
    }
    case 'DISCONNECT':
      summary = `DISCONNECT ${h.namespace}`;
      break;
    case 'EVENT':
      summary = `EVENT ${event ?? '?'}${ackSuffix(h.ackId)}${ns}`;
      break;
    case 'ACK':
      summary = `ACK ${h.ackId ?? '?'}${ns}`;
      break;
    case 'CONNECT_ERROR': {
      const msg = isObject(data) ? str(data.message) : str(data);
      summary = `CONNECT_ERROR ${h.namespace}${msg ? ` · ${oneLine(msg, 100)}` : ''}`;
      break;
    }
    case 'BINARY_EVENT':
      summary = `BINARY_EVENT ${event ?? '?'}${ackSuffix(h.ackId)} · ${h.attachments} attachment${h.attachments === 1 ? '' : 's'}${ns}`;
      break;
    case 'BINARY_ACK':
      summary = `BINARY_ACK ${h.ackId ?? '?'} · ${h.attachments} attachment${h.attachments === 1 ? '' : 's'}${ns}`;
      break;
  }
  if (type === 'ACK' && h.ackId === undefined) error ??= 'ack without an id';
  const out: DecodedFrame = { protocol: 'socket.io', summary, kind: KINDS[h.type]!, heartbeat: false, detail: { engineio: 'message', socketio: packet } };
  if (error) out.error = error;
  return out;
}

export function decodeSocketIoFrame(frame: Frame): DecodedFrame | null {
  if (frame.type === 'binary') {
    return {
      protocol: 'socket.io',
      summary: 'binary attachment',
      kind: 'binary',
      heartbeat: false,
      detail: { attachment: true, size: frame.size, truncated: frame.truncated },
    };
  }
  const text = frame.data;
  if (!looksLikeEngineIo(text)) {
    // `4` + something that isn't a socket.io packet: the protocol, broken; anything else isn't engine.io
    return digit(text, 0) === 4 ? decodeSocketIo(frame, text, 1) : null;
  }
  if (text.charCodeAt(0) === 0x62) {
    return {
      protocol: 'socket.io',
      summary: 'binary attachment',
      kind: 'binary',
      heartbeat: false,
      detail: { attachment: true, base64: true, size: frame.size },
    };
  }
  const t = digit(text, 0);
  const name = ENGINE_IO_TYPES[t]!;
  switch (t) {
    case 0: {
      const r = parseJson(text.slice(1), frame);
      const open = r.ok && isObject(r.value) ? r.value : undefined;
      const sid = open ? str(open.sid) : undefined;
      const interval = open && typeof open.pingInterval === 'number' ? open.pingInterval : undefined;
      const timeout = open && typeof open.pingTimeout === 'number' ? open.pingTimeout : undefined;
      const timing = interval !== undefined ? ` · ping every ${interval} ms, timeout ${timeout ?? '?'} ms` : '';
      const out: DecodedFrame = {
        protocol: 'socket.io',
        summary: `open${sid ? ` · sid ${sid}` : ''}${timing}`,
        kind: 'open',
        heartbeat: false,
        detail: { engineio: 'open', data: r.ok ? r.value : text.slice(1, 1025) },
      };
      if (!r.ok) out.error = r.error;
      else if (!open) out.error = 'open packet without a handshake object';
      return out;
    }
    case 2:
    case 3: {
      const probe = text.length > 1;
      return {
        protocol: 'socket.io',
        summary: probe ? `${name} probe` : name,
        kind: probe ? 'probe' : name,
        heartbeat: !probe,
        detail: { engineio: name, ...(probe ? { data: 'probe' } : {}) },
      };
    }
    case 4:
      return decodeSocketIo(frame, text, 1);
    default:
      return { protocol: 'socket.io', summary: name, kind: name, heartbeat: false, detail: { engineio: name } };
  }
}

/** Cheap: `2` or `3`. */
export function isSocketIoHeartbeat(frame: Frame): boolean {
  return frame.type === 'text' && frame.data.length === 1 && (frame.data === '2' || frame.data === '3');
}

/**
 * The engine.io protocol version: from the URL's EIO parameter, else from who pings (v4: the server
 * sends `2`; v3: the client). Null when neither tells.
 */
export function engineIoVersion(c: Pick<Connection, 'url' | 'frames'>): 3 | 4 | null {
  const m = /[?&]EIO=(\d+)/.exec(c.url);
  if (m) {
    const v = Number(m[1]);
    if (v === 3 || v === 4) return v;
    return v < 3 ? 3 : 4;
  }
  const n = Math.min(c.frames.length, 200);
  for (let i = 0; i < n; i++) {
    const f = c.frames[i]!;
    if (f.type !== 'text' || f.data !== '2') continue;
    return f.direction === 'receive' ? 4 : 3;
  }
  return null;
}

/** A ping sent the wrong way for the version (e.g. a v4 client pinging): a sign of mismatched versions. */
export function pingDirectionNote(version: 3 | 4 | null, frame: Frame): string | undefined {
  if (version === null || frame.type !== 'text' || frame.data !== '2') return undefined;
  const expected = version === 4 ? 'receive' : 'send';
  if (frame.direction === expected) return undefined;
  return version === 4
    ? 'engine.io v4: the server pings and the client answers; a client ping suggests a v3 client'
    : 'engine.io v3: the client pings and the server answers; a server ping suggests a v4 server';
}

