/**
 * The wire format of hooked events, from the page hook through the bridge to the
 * background's log: one string per batch, so each hop forwards or stores it as is.
 *
 *   chunk := header "\n" payloads
 *   header := JSON {"source":"ws-triage-hook","v":4,"events":[...]}   (starts with CHUNK_TAG)
 *
 * Frames are tuples in the header (WireFrame: [cid, time, flags, size, len, more?]), other
 * events objects as they are. A frame's payload is not inside the header's JSON: the frame
 * carries `len`, its length in UTF-16 units, and the payloads follow the newline, concatenated in event order
 * (JSON text never contains a raw newline, so the first one ends the header). A 64 KiB
 * binary frame is then never escaped, parsed or re-serialized on its way: the bridge checks
 * only the tag and size and passes the chunk on unchanged (it reads the header only to join
 * held-back bytes when the user keeps whole binary frames); the background checks every
 * event and cuts a binary frame longer than the hook makes one (see cutBinaryFrames).
 */
import type { HookEvent, WireEvent, WireFrame } from './protocol';
import { PAGE_SOURCE, PROTOCOL_VERSION, WIRE_BINARY, WIRE_MEASURE, WIRE_RECEIVED, WIRE_TRUNCATED } from './protocol';
import { isLength, isWireEvent } from './validate';

type Frame = Extract<HookEvent, { kind: 'frame' }>;

/** A frame as the header carries it. */
export function toWireFrame(e: Frame): WireFrame {
  const flags = (e.direction === 'receive' ? WIRE_RECEIVED : 0) | (e.type === 'binary' ? WIRE_BINARY : 0) | (e.truncated ? WIRE_TRUNCATED : 0);
  return [e.cid, e.time, flags, e.size, e.data.length];
}

/** UTF-8 length of a string (a lone surrogate counts as U+FFFD, 3 bytes, as an encoder writes it). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if ((c & 0xfc00) === 0xd800 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

function fromWireFrame([cid, time, flags, size]: WireFrame, data: string): Frame {
  const binary = (flags & WIRE_BINARY) !== 0;
  return {
    kind: 'frame', cid, time, direction: flags & WIRE_RECEIVED ? 'receive' : 'send', type: binary ? 'binary' : 'text',
    size: flags & WIRE_MEASURE ? utf8Length(data) : size, data,
    encoding: binary ? 'base64' : 'utf8', truncated: (flags & WIRE_TRUNCATED) !== 0,
  };
}

/**
 * How every chunk starts: its tag (source and protocol version), as the hook writes it. The
 * bridge forwards a chunk that starts so without parsing it; the background parses and checks it.
 */
export const CHUNK_TAG = `{"source":"${PAGE_SOURCE}","v":${PROTOCOL_VERSION},"events":[`;

/** Largest chunk the bridge accepts from the page (the hook sends at most ~1 MB). */
export const MAX_CHUNK_CHARS = 8 * 1024 * 1024;

/** The hook flushes a batch early once its payloads reach this many chars. */
export const CHUNK_FLUSH_CHARS = 1024 * 1024;

export interface DecodedChunk {
  /** The well-formed events, in order. */
  events: HookEvent[];
  /** For each event, the bytes the hook held back (a binary frame's `more`), else 0. */
  more: number[];
  /** Events in the chunk that failed the shape check (all of them if the lengths do not add up). */
  rejected: number;
  /** Chars of payload in the chunk. */
  payloadChars: number;
}

export function encodeChunk(events: readonly HookEvent[]): string {
  const header: WireEvent[] = [];
  let payloads = '';
  for (const e of events) {
    if (e.kind === 'frame') {
      header.push(toWireFrame(e));
      payloads += e.data;
    } else header.push(e);
  }
  return `${JSON.stringify({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, events: header })}\n${payloads}`;
}

/** A chunk's header events and where its payloads start; null when the chunk is not ours at all. */
function readHeader(text: unknown): { wire: unknown[]; start: number } | null {
  if (typeof text !== 'string' || text.length > MAX_CHUNK_CHARS) return null;
  const end = text.indexOf('\n');
  if (end < 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, end));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null) return null;
  const h = header as { source?: unknown; v?: unknown; events?: unknown };
  if (h.source !== PAGE_SOURCE || h.v !== PROTOCOL_VERSION || !Array.isArray(h.events)) return null;
  return { wire: h.events as unknown[], start: end + 1 };
}

/** Whether every frame has a length and they add up to the payloads: else they cannot be told apart. */
function lengthsAddUp(wire: unknown[], payloadChars: number): boolean {
  let total = 0;
  for (const e of wire) {
    if (!Array.isArray(e)) continue;
    const len: unknown = e[4];
    if (!isLength(len)) return false;
    total += len;
  }
  return total === payloadChars;
}

/** What the bridge needs to know of a chunk, without building its events. */
export interface ChunkCheck {
  /** Well-formed events. */
  events: number;
  rejected: number;
  payloadChars: number;
  /** Bytes the hook held back (frames' `more`), to be asked for when the user keeps whole frames. */
  heldBack: number;
  /** Well-formed binary frames (while the user keeps whole frames, the bridge asks at each batch with one). */
  binary: number;
}

/** Checks a chunk as decodeChunk would, building nothing (the bridge forwards the chunk as is). */
export function checkChunk(text: unknown): ChunkCheck | null {
  const header = readHeader(text);
  if (!header) return null;
  const { wire, start } = header;
  const payloadChars = (text as string).length - start;
  if (!lengthsAddUp(wire, payloadChars)) return { events: 0, rejected: wire.length, payloadChars, heldBack: 0, binary: 0 };
  let events = 0;
  let heldBack = 0;
  let binary = 0;
  for (const e of wire) {
    if (!isWireEvent(e)) continue;
    events++;
    if (!Array.isArray(e) || (e[2] & WIRE_BINARY) === 0) continue;
    binary++;
    heldBack += e[5] ?? 0;
  }
  return { events, rejected: wire.length - events, payloadChars, heldBack, binary };
}

/**
 * Reads a chunk. Returns null when it is not ours at all (not a string, too big, wrong
 * tag or version, no header): such page messages are ignored. Payloads are slices of
 * `text` (no copy).
 */
export function decodeChunk(text: unknown): DecodedChunk | null {
  const header = readHeader(text);
  if (!header) return null;
  const { wire, start } = header;
  const t = text as string;
  const payloadChars = t.length - start;
  if (!lengthsAddUp(wire, payloadChars)) return { events: [], more: [], rejected: wire.length, payloadChars };
  const events: HookEvent[] = [];
  const more: number[] = [];
  let offset = start;
  for (const e of wire) {
    const len = Array.isArray(e) ? (e[4] as number) : 0;
    if (isWireEvent(e)) {
      if (Array.isArray(e)) {
        events.push(fromWireFrame(e, t.slice(offset, offset + len)));
        more.push(e[5] ?? 0);
      } else {
        events.push(e);
        more.push(0);
      }
    }
    offset += len;
  }
  return { events, more, rejected: wire.length - events.length, payloadChars };
}

/**
 * What a chunk can hold, without parsing it: at most as many events (frames included) as its
 * header has `[` and `{` (a frame is a tuple, another event an object; the wrapper and the
 * events array add two), and its payload chars (all of it when it has no header). Lets the
 * background keep chunks undecoded within a tab's caps, and count what its log holds.
 */
export function chunkBounds(text: string): { frames: number; chars: number } {
  const end = text.indexOf('\n');
  if (end < 0) return { frames: 0, chars: text.length };
  const header = text.slice(0, end);
  let frames = 0;
  for (let i = header.indexOf('['); i >= 0; i = header.indexOf('[', i + 1)) frames++;
  for (let i = header.indexOf('{'); i >= 0; i = header.indexOf('{', i + 1)) frames++;
  return { frames, chars: text.length - end - 1 };
}

/** Base64 chars of `bytes` bytes. */
export const base64Chars = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/**
 * The base64 of the first `bytes` bytes of what `b64` (canonical, padded base64) encodes. Never
 * throws: a forged chunk's "base64" may be anything, and then the partial last group is left out.
 */
export function truncateBase64(b64: string, bytes: number): string {
  const whole = Math.floor(bytes / 3);
  const head = b64.slice(0, whole * 4);
  const rest = bytes % 3;
  const group = b64.slice(whole * 4, whole * 4 + 4);
  if (rest === 0 || group === '') return head;
  try {
    return head + btoa(atob(group).slice(0, rest));
  } catch {
    return head;
  }
}

/**
 * Cuts binary frames longer than `maxBytes` to their first `maxBytes` (marked truncated;
 * `size` stays the frame's real size). Returns the new events, or null when none was cut.
 */
export function cutBinaryFrames(events: readonly HookEvent[], maxBytes: number): HookEvent[] | null {
  const limit = base64Chars(maxBytes);
  let out: HookEvent[] | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'frame' || e.type !== 'binary' || e.encoding !== 'base64' || e.data.length <= limit) continue;
    out ??= events.slice();
    out[i] = { ...e, data: truncateBase64(e.data, maxBytes), truncated: true };
  }
  return out;
}

/**
 * Appends to each frame that had bytes held back (`more[i]`) its rest from `rests` (their
 * base64, frame after frame) and sets `truncated` to whether the hook's own cap cut it.
 * Returns null when `rests` does not hold exactly what was held back.
 */
export function joinRests(events: readonly HookEvent[], more: readonly number[], rests: unknown): HookEvent[] | null {
  if (typeof rests !== 'string') return null;
  const out = events.slice();
  let offset = 0;
  for (let i = 0; i < out.length; i++) {
    const e = out[i]!;
    const held = more[i] ?? 0;
    if (held === 0 || e.kind !== 'frame') continue;
    const n = base64Chars(held);
    if (offset + n > rests.length) return null;
    // A preview with bytes held back after it is a whole number of base64 groups (no padding).
    out[i] = { ...e, data: e.data + rests.slice(offset, offset + n), truncated: e.size > (e.data.length / 4) * 3 + held };
    offset += n;
  }
  return offset === rests.length ? out : null;
}
