/** Pure formatting for the panel: times, sizes, payload previews. No DOM. */
import { base64Bytes } from '../shared/base64';
import type { Connection } from '../shared/model';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

/** One formatter for every row: `toLocaleString` builds a new one per call (a quarter of a frame row's render). */
const THOUSANDS = new Intl.NumberFormat('en-US');

/** Exact byte count with thousands separators, e.g. "10,485,760 B". */
export function formatExactBytes(n: number): string {
  return `${THOUSANDS.format(n)} B`;
}

/** Time relative to a start, with millisecond precision: "+1.234 s". */
export function formatRelative(time: number, start: number): string {
  const ms = time - start;
  const sign = ms < 0 ? '−' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)} s`;
}

/** Wall-clock time of day with milliseconds: "14:03:07.123". */
export function formatClock(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const PREVIEW_CHARS = 160;
const PREVIEW_BYTES = 24;

/**
 * One line of text from a payload: control and bidi-override characters made visible
 * so that a payload can never reorder or hide the text around it.
 */
export function previewText(data: string): string {
  const head = data.length > PREVIEW_CHARS ? data.slice(0, PREVIEW_CHARS) : data;
  // eslint-disable-next-line no-control-regex
  const clean = head.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\n' ? '⏎' : c === '\t' ? '⇥' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return data.length > PREVIEW_CHARS ? `${clean}…` : clean;
}

/** At most `maxBytes` bytes of a base64 payload; none when it is not base64. */
export function base64ToBytes(b64: string, maxBytes = Infinity): Uint8Array {
  return base64Bytes(b64, maxBytes) ?? new Uint8Array(0);
}

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? ' ' : '') + bytes[i]!.toString(16).padStart(2, '0');
  return s;
}

/** "00 01 ff … · base64 AAH/…" for a binary payload. */
export function previewBinary(b64: string, size: number): string {
  const bytes = base64ToBytes(b64, PREVIEW_BYTES);
  const more = size > bytes.length ? ' …' : '';
  const b64Head = b64.length > 32 ? `${b64.slice(0, 32)}…` : b64;
  return `${hex(bytes)}${more} · base64 ${b64Head}`;
}

/**
 * What to say of a connection that ended without a close event: a hooked socket whose page was
 * left (Preserve log keeps the row; a page that is gone gets no close event), or a socket seen
 * only from its handshake (a Worker's, or one whose handshake failed).
 */
export function endedWithoutClose(c: Connection): { short: string; long: string } {
  if (c.hooked) {
    return {
      short: '(page left)',
      long: 'Ended when the page navigated away: a page that is left gets no close event, so none was recorded (Preserve log kept this row).',
    };
  }
  const h = c.handshake;
  if (h?.error !== undefined || (h?.status != null && h.status !== 101)) {
    return { short: '(handshake failed)', long: 'Ended because its handshake failed: see Handshake.' };
  }
  return {
    short: '(not seen)',
    long: 'Ended, but its close was not seen: WS Triage saw this socket only from its handshake (a Web Worker\'s socket, or one made before the page was hooked).',
  };
}

/**
 * The handshake's outcome in a word, as the Network panel's Status column says it: the HTTP
 * status (`101`, `401`), `(failed)` when the request got no HTTP answer (refused, reset, a
 * certificate), `(pending)` while it waits, `(unknown)` when the connection ended and its answer
 * was never seen, and null when no handshake was seen (a socket that
 * predates WS Triage, or a Worker's). `title` carries the full status line or network error.
 */
export function handshakeStatus(c: Connection): { text: string; title: string; ok: boolean } | null {
  const h = c.handshake;
  if (!h) return null;
  if (h.status !== null) return { text: String(h.status), title: `${h.status}${h.statusText ? ` ${h.statusText}` : ''}`, ok: h.status === 101 };
  if (h.error) return { text: '(failed)', title: h.error, ok: false };
  if (c.closedAt !== null) return { text: '(unknown)', title: 'The answer to the upgrade request was not seen', ok: true };
  return { text: '(pending)', title: 'Waiting for the answer to the upgrade request', ok: true };
}
