/**
 * Base64 and UTF-8 helpers over the web platform globals (atob, btoa, TextEncoder,
 * TextDecoder) that both browsers and Node 20 have. No Buffer, no DOM.
 */
import { base64Bytes } from '../shared/base64';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes standard base64 to bytes; null when it is not valid base64. */
export const base64ToBytes = (b64: string): Uint8Array | null => base64Bytes(b64);

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin);
}

/** Bytes as a string of one char per byte (latin1), for byte-preserving scans. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return s;
}

export function latin1ToBytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return bytes;
}

/** Strict UTF-8 decode; null when the bytes are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Number of bytes a base64 string decodes to, computed from its length (no decoding). */
export function base64DecodedLength(b64: string): number {
  let len = b64.length;
  while (len > 0 && (b64.charCodeAt(len - 1) === 0x3d /* = */ || b64.charCodeAt(len - 1) <= 0x20)) len--;
  return Math.floor((len * 3) / 4);
}

export function base64UrlEncodeText(text: string): string {
  return bytesToBase64(utf8Encode(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes base64url (padding optional) to UTF-8 text; null when it is not. */
export function base64UrlDecodeText(segment: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return null;
  const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = base64ToBytes(b64 + '==='.slice((b64.length + 3) % 4));
  return bytes ? utf8Decode(bytes) : null;
}
