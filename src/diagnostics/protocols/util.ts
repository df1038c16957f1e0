/** Small helpers shared by the decoders: capped JSON parsing, cheap field peeks, formatting. */
import { base64Bytes as decodeBase64 } from '../../shared/base64';
import type { Frame } from '../../shared/model';

/** Decoders look at most at this many characters of a payload. */
export const MAX_DECODE_CHARS = 64 * 1024;

/** How long a summary line may grow. */
const MAX_SUMMARY = 160;

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Why a payload can't be parsed in full: it was cut by the recorder, or it is over the decode cap. */
export function cutReason(frame: Frame, text: string): string | null {
  if (frame.truncated) return `truncated: only ${text.length} of ${frame.size} bytes recorded`;
  if (text.length > MAX_DECODE_CHARS) return `not decoded: payload over ${MAX_DECODE_CHARS / 1024} KiB`;
  return null;
}

/** JSON.parse, never throwing, refusing payloads over the cap and explaining truncated ones. */
export function parseJson(text: string, frame: Frame): JsonResult {
  if (text.length > MAX_DECODE_CHARS) return { ok: false, error: cutReason(frame, text) ?? 'too large' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const cut = frame.truncated ? cutReason(frame, text) : null;
    return { ok: false, error: cut ?? `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first non-whitespace character code of a string, or -1. */
export function firstCode(s: string): number {
  const n = Math.min(s.length, 64);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return -1;
}

export const OPEN_BRACE = 0x7b; // {
export const OPEN_BRACKET = 0x5b; // [

/** Whether a payload starts like a JSON object or array. */
export function looksLikeJson(s: string): boolean {
  const c = firstCode(s);
  return c === OPEN_BRACE || c === OPEN_BRACKET;
}

const PEEK_WINDOW = 4096;

/**
 * The first value of `"key": <string|number|bool|null>` in the first few KiB of a payload, without
 * parsing it: for summaries of truncated payloads. May find a nested key; good enough for a summary.
 */
export function peekField(text: string, key: string): string | number | boolean | null | undefined {
  const head = text.length > PEEK_WINDOW ? text.slice(0, PEEK_WINDOW) : text;
  const at = head.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  const m = /^\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(head.slice(at + key.length + 2));
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string | number | boolean | null;
  } catch {
    return undefined;
  }
}

/** An object of the given top-level-ish fields found by peekField, for decoding a truncated payload. */
export function peekObject(text: string, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = peekField(text, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** One line, at most MAX_SUMMARY characters. */
export function oneLine(s: string, max = MAX_SUMMARY): string {
  let line = s.length > max * 4 ? s.slice(0, max * 4) : s;
  // eslint-disable-next-line no-control-regex -- record separators and NULs end STOMP and SignalR frames
  line = line.replace(/[\r\n\t\u001e\u0000]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A short quoted rendering of any JSON value, for summaries. */
export function brief(v: unknown, max = 60): string {
  if (typeof v === 'string') return oneLine(v, max);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return oneLine(s, max);
}

/** "512 B", "1.5 KiB" (the same format as diagnostics' humanBytes). */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return `${n} B`;
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const t = v >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return `${t} ${units[u]}`;
}

/** Text of a string field, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An id (string or number) as text, or undefined. */
export function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The payload of a text frame, at most MAX_DECODE_CHARS characters. */
export function capped(text: string): string {
  return text.length > MAX_DECODE_CHARS ? text.slice(0, MAX_DECODE_CHARS) : text;
}

/** Decodes base64 (at most `maxBytes` bytes of output), or null when it isn't base64. */
export function base64Bytes(b64: string, maxBytes = MAX_DECODE_CHARS): Uint8Array | null {
  return decodeBase64(b64, maxBytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function utf8Text(b: Uint8Array): string {
  return utf8.decode(b);
}
