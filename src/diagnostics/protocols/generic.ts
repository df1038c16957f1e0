/** Frames in no recognised protocol: JSON, plain text, binary. */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { brief, bytes, capped, isObject, looksLikeJson, oneLine, parseJson, peekObject } from './util';

/** Keys whose value names a JSON message's type, in order of preference. */
const TYPE_KEYS = ['type', 'event', 'op', 'action', 'method', 'cmd', 'command', 'kind', 'msg', 'channel', 'topic'] as const;

const HEARTBEAT_WORDS = new Set(['ping', 'pong', 'heartbeat', 'heart-beat', 'heart_beat', 'keepalive', 'keep-alive', 'keep_alive', 'hb', 'ka', 'beat']);

/** A quick pre-check: can this payload be a generic heartbeat at all? */
const HEARTBEAT_HINT = /ping|pong|heart|keep.?alive|\bhb\b|\bka\b|beat/i;

export function isHeartbeatWord(v: unknown): boolean {
  return typeof v === 'string' && HEARTBEAT_WORDS.has(v.toLowerCase());
}

export function decodeBinary(frame: Frame): DecodedFrame {
  return {
    protocol: 'binary',
    summary: `binary · ${bytes(frame.size)}`,
    kind: 'binary',
    heartbeat: false,
    detail: { size: frame.size, encoding: frame.encoding, truncated: frame.truncated },
  };
}

export function decodeText(frame: Frame): DecodedFrame {
  const text = frame.data;
  const trimmed = text.length <= 32 ? text.trim() : '';
  const heartbeat = trimmed !== '' && HEARTBEAT_WORDS.has(trimmed.toLowerCase());
  const summary = text.length === 0 ? '(empty)' : oneLine(text) || '(whitespace)';
  return { protocol: 'text', summary, kind: heartbeat ? 'heartbeat' : 'text', heartbeat, detail: capped(text) };
}

/** The name of a JSON message's type: `{"type":"x"}` → "x" (with its key when it isn't `type`). */
function typeName(o: Record<string, unknown>): { key: string; value: string } | undefined {
  for (const k of TYPE_KEYS) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return { key: k, value: v };
    if (typeof v === 'number' && k === 'op') return { key: k, value: String(v) };
  }
  return undefined;
}

function jsonSummary(v: unknown): { summary: string; heartbeat: boolean } {
  if (Array.isArray(v)) {
    const head = v[0];
    const first = typeof head === 'string' ? ` ${brief(head, 40)}` : '';
    return { summary: `array(${v.length})${first}`, heartbeat: v.length <= 2 && isHeartbeatWord(head) };
  }
  if (isObject(v)) {
    const t = typeName(v);
    const keys = Object.keys(v);
    if (t) {
      const label = t.key === 'type' ? t.value : `${t.key}: ${t.value}`;
      return { summary: `${oneLine(label, 80)} · ${keys.length} key${keys.length === 1 ? '' : 's'}`, heartbeat: isHeartbeatWord(t.value) };
    }
    const shown = keys.slice(0, 4).join(', ');
    return { summary: `{${shown}${keys.length > 4 ? ', …' : ''}}`, heartbeat: keys.length === 1 && isHeartbeatWord(keys[0]) };
  }
  return { summary: brief(v, 120), heartbeat: isHeartbeatWord(v) };
}

/** A frame decoded as JSON when it looks like JSON, else as text. */
export function decodeJson(frame: Frame): DecodedFrame {
  const text = frame.data;
  if (!looksLikeJson(text)) return decodeText(frame);
  const r = parseJson(text, frame);
  if (!r.ok) {
    const partial = peekObject(text, TYPE_KEYS);
    const t = typeName(partial);
    const summary = t ? `${t.key === 'type' ? t.value : `${t.key}: ${t.value}`} (partial)` : oneLine(text, 80);
    return { protocol: 'json', summary, kind: 'json', heartbeat: false, detail: partial, error: r.error };
  }
  const { summary, heartbeat } = jsonSummary(r.value);
  return { protocol: 'json', summary, kind: heartbeat ? 'heartbeat' : 'json', heartbeat, detail: r.value };
}

/** Cheap: a text or JSON keep-alive (`ping`, `{"type":"pong"}`, `{"op":"heartbeat"}`…). */
export function isGenericHeartbeat(frame: Frame): boolean {
  const text = frame.data;
  if (frame.type !== 'text' || text.length > 256 || !HEARTBEAT_HINT.test(text)) return false;
  if (looksLikeJson(text)) return decodeJson(frame).heartbeat;
  return HEARTBEAT_WORDS.has(text.trim().toLowerCase());
}
