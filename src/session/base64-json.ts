/**
 * URL parameter values that are base64 (or base64url) of a JSON object or array, such as
 * AWS AppSync's real-time `?header=<base64 of {"host", "Authorization"}>`: decoding to
 * redact the JSON inside, and re-encoding in the value's own style. Pure.
 */
import { base64ToBytes, bytesToBase64, utf8Decode, utf8Encode } from './base64';

/** How a value was written, so a changed value can be written the same way. */
export interface Base64Style {
  /** base64url alphabet (`-`, `_`) rather than standard (`+`, `/`). */
  url: boolean;
  /** `=` padding to a multiple of 4. */
  padded: boolean;
  /** `+`, `/`, `=` percent-encoded (the raw value contained `%`). */
  escaped: boolean;
}

export interface Base64Json {
  /** The value without percent-encoding (the base64 itself). */
  base64: string;
  /** The decoded JSON text, exactly as encoded (formatting kept). */
  text: string;
  style: Base64Style;
}

const STANDARD_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const URL_SAFE_RE = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * The JSON a parameter value encodes, or null when the value is not base64/base64url
 * (percent-encoded or not, padded or not) of UTF-8 text that parses as a JSON object or array.
 */
export function decodeBase64Json(raw: string): Base64Json | null {
  if (raw.length < 4) return null;
  const escaped = raw.includes('%');
  let value = raw;
  if (escaped) {
    try {
      value = decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  let url: boolean;
  if (/[-_]/.test(value)) {
    if (!URL_SAFE_RE.test(value)) return null;
    url = true;
  } else {
    if (!STANDARD_RE.test(value)) return null;
    // No marker either way: an unpadded length that needs padding is base64url style.
    url = !/[+/]/.test(value) && !value.endsWith('=') && value.length % 4 !== 0;
  }
  const body = value.replace(/=+$/, '');
  if (body.length % 4 === 1 || (body.length !== value.length && value.length % 4 !== 0)) return null;
  const standard = url ? body.replace(/-/g, '+').replace(/_/g, '/') : body;
  const bytes = base64ToBytes(standard + '==='.slice((standard.length + 3) % 4));
  const text = bytes ? utf8Decode(bytes) : null;
  if (text === null) return null;
  const trimmed = text.trim();
  const first = trimmed.charAt(0);
  const last = trimmed.charAt(trimmed.length - 1);
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return null;
  try {
    JSON.parse(trimmed);
  } catch {
    return null;
  }
  return { base64: value, text, style: { url, padded: value.endsWith('=') || (!url && value.length % 4 === 0), escaped } };
}

/** `text` as base64 written in `style` (alphabet, padding, percent-encoding). */
export function encodeBase64Like(text: string, style: Base64Style): string {
  let b64 = bytesToBase64(utf8Encode(text));
  if (style.url) b64 = b64.replace(/\+/g, '-').replace(/\//g, '_');
  if (!style.padded) b64 = b64.replace(/=+$/, '');
  if (style.escaped) b64 = percentEncodeBase64(b64);
  return b64;
}

/** Standard base64's `+`, `/` and `=` percent-encoded, as in a query string. */
export function percentEncodeBase64(b64: string): string {
  return b64.replace(/[+/=]/g, (c) => encodeURIComponent(c));
}
