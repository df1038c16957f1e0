/** Recognising and decoding JSON Web Tokens found in credential slots. */
import { jwtDecode } from 'jwt-decode';

export interface JwtInfo {
  header: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  /** Registered claims, in seconds since the epoch, when present and numeric. */
  exp?: number;
  nbf?: number;
  iat?: number;
  /** Why it does not decode, when it looks like a JWT but is not one. */
  malformed?: string;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const B64URL_OR_EMPTY = /^[A-Za-z0-9_-]*$/;

/**
 * Looks like a JWT: starts with "eyJ" (base64url of `{"`), or is three dot-separated
 * base64url parts whose first two are long enough to be a header and a payload (so
 * host names and subprotocols such as "wamp.2.json" are not mistaken for tokens).
 */
export function isJwtLike(s: string): boolean {
  const t = s.trim();
  if (t.startsWith('eyJ')) return true;
  const parts = t.split('.');
  if (parts.length !== 3) return false;
  const [h = '', p = '', sig = ''] = parts;
  return h.length >= 8 && p.length >= 8 && B64URL.test(h) && B64URL.test(p) && B64URL_OR_EMPTY.test(sig);
}

/** Removes an HTTP auth scheme ("Bearer ", "JWT ", "Token "), if any. */
export function stripScheme(value: string): string {
  return value.replace(/^\s*(?:bearer|jwt|token)\s+/i, '').trim();
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function numeric(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Decodes a JWT-like token. Returns undefined when the value is not JWT-like, or when it
 * decodes to a JSON header that is not a JWT header (no "alg"): signed cookies such as
 * Flask's are three base64url parts too, and are not JWTs.
 */
export function decodeJwt(value: string): JwtInfo | undefined {
  const token = stripScheme(value);
  if (!isJwtLike(token)) return undefined;
  let header: Record<string, unknown> | null;
  try {
    header = asObject(jwtDecode<unknown>(token, { header: true }));
  } catch (e) {
    return { header: null, payload: null, malformed: message(e) };
  }
  if (!header) return { header: null, payload: null, malformed: 'Invalid token specified: the header is not a JSON object' };
  if (typeof header.alg !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length === 5) return { header, payload: null }; // JWE: the payload is encrypted
  if (parts.length !== 3) {
    const why = parts.length < 3 ? `missing part #${parts.length + 1}` : `${parts.length} parts instead of 3`;
    return { header, payload: null, malformed: `Invalid token specified: ${why}` };
  }
  let payload: Record<string, unknown> | null;
  try {
    payload = asObject(jwtDecode<unknown>(token));
  } catch (e) {
    return { header, payload: null, malformed: message(e) };
  }
  if (!payload) return { header, payload: null, malformed: 'Invalid token specified: the payload is not a JSON object' };
  const info: JwtInfo = { header, payload };
  const exp = numeric(payload.exp);
  const nbf = numeric(payload.nbf);
  const iat = numeric(payload.iat);
  if (exp !== undefined) info.exp = exp;
  if (nbf !== undefined) info.nbf = nbf;
  if (iat !== undefined) info.iat = iat;
  return info;
}
