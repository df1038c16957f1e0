/**
 * ASP.NET Core SignalR, JSON hub protocol: records terminated by 0x1E, several per message.
 * Handshake `{"protocol":"json","version":1}` → `{}` (or `{"error":"…"}`); then
 * 1 Invocation {target, arguments, invocationId?}, 2 StreamItem, 3 Completion {result | error},
 * 4 StreamInvocation, 5 CancelInvocation, 6 Ping, 7 Close {error?, allowReconnect?},
 * 8 Ack and 9 Sequence (stateful reconnect).
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { MAX_DECODE_CHARS, brief, cutReason, idText, isObject, oneLine, str } from './util';

export const RECORD_SEPARATOR = '\u001e';

export const SIGNALR_TYPES: Readonly<Record<number, string>> = {
  1: 'Invocation',
  2: 'StreamItem',
  3: 'Completion',
  4: 'StreamInvocation',
  5: 'CancelInvocation',
  6: 'Ping',
  7: 'Close',
  8: 'Ack',
  9: 'Sequence',
};

interface Record1 {
  kind: string;
  summary: string;
  heartbeat: boolean;
  value: unknown;
  error?: string;
}

function decodeRecord(text: string, frame: Frame): Record1 {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'unknown',
      summary: oneLine(text, 80),
      heartbeat: false,
      value: text.slice(0, 1024),
      error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (!isObject(value)) return { kind: 'unknown', summary: brief(value), heartbeat: false, value, error: 'record is not a JSON object' };
  const m = value;
  if (m.type === undefined) {
    // the handshake
    if (typeof m.protocol === 'string') {
      return { kind: 'handshake', summary: `handshake · ${m.protocol} v${idText(m.version) ?? '?'}`, heartbeat: false, value };
    }
    if (typeof m.error === 'string') {
      return { kind: 'handshake-error', summary: `handshake error · ${oneLine(m.error, 100)}`, heartbeat: false, value };
    }
    if (Object.keys(m).length === 0 || (frame.direction === 'receive' && Object.keys(m).every((k) => k === 'minorVersion'))) {
      return { kind: 'handshake-ok', summary: 'handshake ok', heartbeat: false, value };
    }
    return { kind: 'unknown', summary: brief(value, 80), heartbeat: false, value, error: 'record without a type' };
  }
  const t = typeof m.type === 'number' ? m.type : NaN;
  const name = SIGNALR_TYPES[t];
  if (!name) return { kind: 'unknown', summary: `type ${brief(m.type)}`, heartbeat: false, value, error: `unknown message type ${brief(m.type)}` };
  const id = idText(m.invocationId);
  const idPart = id !== undefined ? ` #${oneLine(id, 40)}` : '';
  const kind = name.charAt(0).toLowerCase() + name.slice(1);
  let summary: string;
  let error: string | undefined;
  switch (t) {
    case 1:
    case 4: {
      const target = str(m.target);
      const args = Array.isArray(m.arguments) ? m.arguments.length : undefined;
      summary = `${name} ${target ?? '?'}${idPart}${args !== undefined ? ` · ${args} arg${args === 1 ? '' : 's'}` : ''}`;
      if (target === undefined) error = `${name} without a target`;
      if (t === 1 && id === undefined) summary += ' · no reply expected';
      break;
    }
    case 3: {
      const err = str(m.error);
      summary = `${name}${idPart}${err !== undefined ? ` · error: ${oneLine(err, 100)}` : 'result' in m ? ' · result' : ''}`;
      break;
    }
    case 7: {
      const err = str(m.error);
      const reconnect = m.allowReconnect === true ? ' · may reconnect' : '';
      summary = `Close${err ? ` · ${oneLine(err, 100)}` : ''}${reconnect}`;
      break;
    }
    case 8:
    case 9:
      summary = `${name}${m.sequenceId !== undefined ? ` ${brief(m.sequenceId)}` : ''}`;
      break;
    default:
      summary = `${name}${idPart}`;
  }
  const out: Record1 = { kind, summary, heartbeat: t === 6, value };
  if (error) out.error = error;
  return out;
}

/** Cheap: does a text look like SignalR JSON (records ending in 0x1E)? */
export function looksLikeSignalR(text: string): boolean {
  return text.length > 0 && text.charCodeAt(text.length - 1) === 0x1e && text.charCodeAt(0) === 0x7b;
}

export function decodeSignalRFrame(frame: Frame): DecodedFrame | null {
  if (frame.type !== 'text') return null; // MessagePack hub protocol: left to the binary decoder
  const text = frame.data;
  const terminated = looksLikeSignalR(text);
  if (!terminated && !(text.charCodeAt(0) === 0x7b && (frame.truncated || text.includes(RECORD_SEPARATOR) || /^\{\s*"(?:type|protocol)"\s*:/.test(text)))) return null;
  const cut = cutReason(frame, text);
  const body = text.length > MAX_DECODE_CHARS ? text.slice(0, MAX_DECODE_CHARS) : text;
  const parts = body.split(RECORD_SEPARATOR);
  // the last part is what follows the last separator: '' when terminated
  const tail = parts.pop() ?? '';
  const records = parts.slice(0, 1000).map((p) => decodeRecord(p, frame));
  let error: string | undefined;
  if (tail !== '') {
    if (cut) {
      error = cut;
      if (records.length === 0) {
        const t = /"type"\s*:\s*(\d+)/.exec(tail.slice(0, 512));
        const target = /"target"\s*:\s*"((?:[^"\\]|\\.){0,100})"/.exec(tail.slice(0, 2048));
        const name = t ? SIGNALR_TYPES[Number(t[1])] : undefined;
        const summary = name ? `${name}${target ? ` ${target[1]}` : ''} (partial)` : oneLine(tail, 80);
        return { protocol: 'signalr', summary, kind: name ? name.charAt(0).toLowerCase() + name.slice(1) : 'unknown', heartbeat: false, detail: tail.slice(0, 1024), error };
      }
    } else {
      const last = decodeRecord(tail, frame);
      last.error ??= 'record not terminated by 0x1E';
      records.push(last);
    }
  }
  const first = records[0];
  if (!first) return { protocol: 'signalr', summary: '(empty)', kind: 'unknown', heartbeat: false, detail: [], error: error ?? 'no records' };
  const summary = first.summary + (records.length > 1 ? ` (+${records.length - 1} more)` : '');
  const detail = records.length === 1 ? first.value : records.map((r) => r.value);
  const out: DecodedFrame = { protocol: 'signalr', summary, kind: first.kind, heartbeat: records.every((r) => r.heartbeat), detail };
  error ??= records.find((r) => r.error)?.error;
  if (error) out.error = error;
  return out;
}

const PING_TYPE = /"type"\s*:\s*6\s*[,}]/;

export function isSignalRHeartbeat(frame: Frame): boolean {
  const d = frame.data;
  if (frame.type !== 'text' || d.length > 256) return false;
  if (d === '{"type":6}\u001e') return true;
  if (!PING_TYPE.test(d)) return false;
  return decodeSignalRFrame(frame)?.heartbeat ?? false;
}
