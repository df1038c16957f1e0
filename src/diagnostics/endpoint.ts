/**
 * The endpoint a socket talks to, stable across reconnects: scheme, host, path and the
 * query parameters whose values do not change per attempt. Tokens, signatures,
 * timestamps, nonces and session ids change per attempt and are left out.
 */
import { isJwtLike } from './jwt';
import { isTokenParamName } from './token-names';

/** Cache-busting and per-attempt parameter names. */
const VOLATILE_NAMES = new Set(['_', 't', 'ts', 'time', 'timestamp', 'nonce', 'rand', 'random', 'r', 'cb', 'cachebuster', 'cache_buster', 'reconnect', 'attempt', 'retry']);

function volatileValue(value: string): boolean {
  if (/^\d{9,}$/.test(value)) return true; // epoch seconds or milliseconds
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return true; // ISO date-time
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return true; // UUID
  if (/^[0-9a-f]{16,}$/i.test(value)) return true; // hex nonce
  if (isJwtLike(value)) return true;
  return /^[A-Za-z0-9_-]{20,}$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value); // opaque id
}

export function endpointKey(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.split('?')[0]!.trim().toLowerCase();
  }
  const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
  const stable = [...u.searchParams]
    .filter(([name, value]) => !isTokenParamName(name) && !VOLATILE_NAMES.has(name.toLowerCase()) && !volatileValue(value))
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  // URL has already lower-cased the scheme and host and dropped default ports.
  return `${u.protocol}//${u.host}${path}${stable.length ? `?${stable.join('&')}` : ''}`;
}
