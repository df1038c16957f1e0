/**
 * STOMP 1.0–1.2 over WebSocket: `COMMAND\nheader:value\n\nbody\0`; a heart-beat is a lone EOL
 * (`\n` or `\r\n`). A message may carry several frames. Binary WebSocket messages may carry STOMP too.
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { MAX_DECODE_CHARS, base64Bytes, bytes, cutReason, oneLine, utf8Text } from './util';

export const STOMP_COMMANDS = [
  'CONNECT',
  'STOMP',
  'CONNECTED',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT',
  'MESSAGE',
  'RECEIPT',
  'ERROR',
] as const;

const COMMANDS = new Set<string>(STOMP_COMMANDS);

/** A command line start: upper-case letters then EOL. */
const COMMAND_LINE = /^([A-Z]{2,16})\r?\n/;

export interface StompFrame {
  command: string;
  headers: [name: string, value: string][];
  body: string;
}

/** A lone EOL, or several (some clients send `\n\n`). */
export function isStompHeartbeatText(text: string): boolean {
  if (text.length === 0 || text.length > 8) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) return false;
  }
  return text.includes('\n');
}

/** Cheap: does a text start like a STOMP frame? */
export function looksLikeStomp(text: string): boolean {
  const m = COMMAND_LINE.exec(text.length > 24 ? text.slice(0, 24) : text);
  return m !== null && COMMANDS.has(m[1]!);
}

/** STOMP 1.2 header escapes: \\r \\n \\c \\\\. */
function unescapeHeader(v: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(/\\([rnc\\])/g, (_, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : c === 'c' ? ':' : '\\'));
}

interface Parsed {
  frames: StompFrame[];
  error?: string;
}

function parseFrames(text: string): Parsed {
  const frames: StompFrame[] = [];
  let i = 0;
  let error: string | undefined;
  while (i < text.length && frames.length < 100) {
    // EOLs between frames are heart-beats
    while (i < text.length && (text.charCodeAt(i) === 0x0a || text.charCodeAt(i) === 0x0d)) i++;
    if (i >= text.length) break;
    const lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) {
      error = 'no end of line after the command';
      break;
    }
    const command = text.slice(i, lineEnd).replace(/\r$/, '');
    if (!COMMANDS.has(command)) {
      error = `unknown command "${oneLine(command, 30)}"`;
      if (frames.length > 0 || !/^[A-Z]+$/.test(command)) break;
    }
    i = lineEnd + 1;
    const headers: [string, string][] = [];
    let headersDone = false;
    while (i < text.length) {
      const end = text.indexOf('\n', i);
      const line = (end < 0 ? text.slice(i) : text.slice(i, end)).replace(/\r$/, '');
      if (end < 0) {
        i = text.length;
        if (line !== '') headers.push(splitHeader(line));
        break;
      }
      i = end + 1;
      if (line === '') {
        headersDone = true;
        break;
      }
      headers.push(splitHeader(line));
    }
    let body = '';
    let terminated = false;
    if (headersDone) {
      const len = Number(headers.find(([n]) => n === 'content-length')?.[1]);
      let nul = Number.isInteger(len) && len >= 0 && text.charCodeAt(i + len) === 0 ? i + len : text.indexOf('\0', i);
      if (nul < 0) nul = text.length;
      else terminated = true;
      body = text.slice(i, nul);
      i = terminated ? nul + 1 : nul;
    }
    frames.push({ command, headers, body });
    if (!headersDone) {
      error ??= 'no blank line after the headers';
      break;
    }
    if (!terminated) {
      error ??= 'frame not terminated by NUL';
      break;
    }
  }
  const out: Parsed = { frames };
  if (error) out.error = error;
  return out;
}

function splitHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon < 0) return [unescapeHeader(line), ''];
  return [unescapeHeader(line.slice(0, colon)), unescapeHeader(line.slice(colon + 1))];
}

function header(f: StompFrame, name: string): string | undefined {
  // STOMP: the first occurrence of a repeated header wins
  for (const [n, v] of f.headers) if (n === name) return v;
  return undefined;
}

function frameSummary(f: StompFrame): string {
  const h = (n: string) => header(f, n);
  const parts: string[] = [f.command];
  switch (f.command) {
    case 'CONNECT':
    case 'STOMP': {
      const host = h('host');
      if (host) parts.push(host);
      const hb = h('heart-beat');
      if (hb) parts.push(`heart-beat ${hb}`);
      break;
    }
    case 'CONNECTED': {
      const v = h('version');
      if (v) parts.push(`version ${v}`);
      const hb = h('heart-beat');
      if (hb) parts.push(`heart-beat ${hb}`);
      break;
    }
    case 'SEND':
    case 'SUBSCRIBE':
    case 'MESSAGE': {
      const dest = h('destination');
      if (dest) parts.push(dest);
      const id = f.command === 'MESSAGE' ? h('subscription') : f.command === 'SUBSCRIBE' ? h('id') : undefined;
      if (id) parts.push(`sub ${id}`);
      break;
    }
    case 'UNSUBSCRIBE': {
      const id = h('id');
      if (id) parts.push(`sub ${id}`);
      break;
    }
    case 'ACK':
    case 'NACK': {
      const id = h('id') ?? h('message-id');
      if (id) parts.push(id);
      break;
    }
    case 'RECEIPT': {
      const id = h('receipt-id');
      if (id) parts.push(id);
      break;
    }
    case 'ERROR': {
      const msg = h('message') ?? (f.body ? oneLine(f.body, 100) : undefined);
      if (msg) parts.push(oneLine(msg, 100));
      break;
    }
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT': {
      const tx = h('transaction');
      if (tx) parts.push(tx);
      break;
    }
  }
  const receipt = h('receipt');
  if (receipt && f.command !== 'RECEIPT') parts.push(`receipt ${receipt}`);
  return parts.join(' · ').replace(' · ', ' ');
}

function decodeStompText(frame: Frame, text: string, binary: boolean): DecodedFrame | null {
  if (isStompHeartbeatText(text)) {
    return { protocol: 'stomp', summary: 'heart-beat', kind: 'heartbeat', heartbeat: true, detail: { heartbeat: true } };
  }
  if (!looksLikeStomp(text)) return null;
  const cut = cutReason(frame, text);
  const parsed = parseFrames(text.length > MAX_DECODE_CHARS ? text.slice(0, MAX_DECODE_CHARS) : text);
  const first = parsed.frames[0];
  if (!first) return null;
  const extra = parsed.frames.length - 1;
  const summary = frameSummary(first) + (extra > 0 ? ` (+${extra} frame${extra === 1 ? '' : 's'})` : '') + (binary ? ` · binary ${bytes(frame.size)}` : '');
  const out: DecodedFrame = {
    protocol: 'stomp',
    summary,
    kind: first.command.toLowerCase(),
    heartbeat: false,
    detail: parsed.frames.length === 1 ? first : parsed.frames,
  };
  // a cut payload explains a missing terminator better than the terminator does
  if (parsed.error) out.error = cut ?? parsed.error;
  return out;
}

export function decodeStompFrame(frame: Frame): DecodedFrame | null {
  if (frame.type === 'binary') {
    const head = base64Bytes(frame.data, 24);
    if (!head || !looksLikeStomp(utf8Text(head))) return null;
    const b = base64Bytes(frame.data);
    if (!b) return null;
    return decodeStompText(frame, utf8Text(b), true);
  }
  return decodeStompText(frame, frame.data, false);
}

export function isStompHeartbeat(frame: Frame): boolean {
  return frame.type === 'text' && isStompHeartbeatText(frame.data);
}
