/** Pure text for the payload pane: hex dump, JSON paths, sizes. No DOM. */
import { BINARY_BUSY_PREVIEW_BYTES, BINARY_PREVIEWS_PER_SECOND, BINARY_PREVIEW_BYTES, BLOB_READS_PER_SECOND } from '../shared/protocol';
import { base64ToBytes, formatBytes } from './format';

/** Offset | 16 hex bytes | ASCII, one line per 16 bytes: "00000000  48 69 …  |Hi..|". */
export function hexDump(bytes: Uint8Array, maxBytes = Infinity): string {
  const n = Math.min(bytes.length, maxBytes);
  const lines: string[] = [];
  for (let off = 0; off < n; off += 16) {
    let hexPart = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (off + i < n) {
        const b = bytes[off + i]!;
        hexPart += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hexPart += '   ';
      }
      if (i === 7) hexPart += ' ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hexPart} |${ascii}|`);
  }
  return lines.join('\n');
}

/** The bytes of a binary frame's payload (base64 as recorded). */
export function payloadBytes(b64: string): Uint8Array {
  return base64ToBytes(b64);
}

/** UTF-8 view of bytes: invalid sequences become U+FFFD. */
export function utf8View(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Bytes that a base64 string decodes to. */
export function base64Length(b64: string): number {
  const s = b64.replace(/[^A-Za-z0-9+/]/g, '');
  return Math.floor((s.length * 3) / 4);
}

/**
 * Why a truncated binary frame holds only `shownBytes` when a capture rule of the hook cut it
 * (the user can lift them with Whole binary frames), or null when only the per-frame cap did.
 */
export function binaryPreviewReason(shownBytes: number): string | null {
  if (shownBytes === BINARY_PREVIEW_BYTES) return `binary frames keep their first ${formatBytes(BINARY_PREVIEW_BYTES)}`;
  if (shownBytes === BINARY_BUSY_PREVIEW_BYTES) {
    return `the page had sent and received over ${BINARY_PREVIEWS_PER_SECOND} binary frames in that second, and past those a binary frame keeps its first ${formatBytes(BINARY_BUSY_PREVIEW_BYTES)} (a bulk stream costs the page less that way)`;
  }
  if (shownBytes === 0) {
    return `its bytes were not read: the page had it as a Blob, and past ${BLOB_READS_PER_SECOND} Blob frames in a second only their sizes are kept (each read of a Blob costs the page throughput)`;
  }
  return null;
}

/** "Showing 65,536 of 10,485,760 bytes" for a truncated payload. */
export function truncationNotice(shownBytes: number, size: number): string {
  return `Showing ${shownBytes.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} bytes`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSONPath for a value: `$.data.items[3].id`, `$["a b"]`. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A JSON value as copied: strings as themselves, the rest as (pretty) JSON. */
export function copyValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, null, 2);
}

/** A parsed JSON payload, or undefined when the text is not (all) JSON. */
export function parseJsonPayload(text: string): { value: unknown } | undefined {
  const t = text.trimStart();
  if (t === '' || !(t[0] === '{' || t[0] === '[' || t[0] === '"')) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
