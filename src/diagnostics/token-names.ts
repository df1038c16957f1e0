import { SECRET_PARAM_NAMES } from '../shared/secret-names';

/**
 * Names of query parameters (and JSON fields) that carry secrets. The session export
 * redacts these; the diagnostics read them as credentials.
 */

/** Token-like query parameter names, lower case. Matching ignores case, '-' and '_'. */
export const TOKEN_PARAM_NAMES: readonly string[] = SECRET_PARAM_NAMES;

const normalize = (name: string): string => name.toLowerCase().replace(/[-_.\s]/g, '');

const ALL = new Set(TOKEN_PARAM_NAMES.map(normalize));

/**
 * Names that always hold a secret. The rest of TOKEN_PARAM_NAMES (code, key, session,
 * sid, sig, auth...) are also used for room codes, map keys or engine.io session ids, so
 * the diagnostics count them as credentials only when the value looks secret.
 */
const STRONG = new Set(
  [
    'token',
    'access_token',
    'id_token',
    'refresh_token',
    'auth_token',
    'bearer',
    'jwt',
    'authorization',
    'api_key',
    'apikey',
    'x-api-key',
    'password',
    'passwd',
    'secret',
    'client_secret',
    'credential',
    'credentials',
    'x-amz-security-token',
  ].map(normalize),
);

const SUFFIXES = ['token', 'jwt', 'apikey', 'secret', 'password'];

/** True for names in TOKEN_PARAM_NAMES and names ending like one ("authToken", "x-access-token"). */
export function isTokenParamName(name: string): boolean {
  const n = normalize(name);
  return ALL.has(n) || SUFFIXES.some((s) => n.endsWith(s));
}

/** True for names that always carry a secret, whatever their value. */
export function isStrongTokenName(name: string): boolean {
  const n = normalize(name);
  return STRONG.has(n) || SUFFIXES.some((s) => n.endsWith(s));
}

/** A value that looks like a secret rather than a room code or a counter: long and mixed. */
export function looksSecret(value: string): boolean {
  if (value.length < 16) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2;
}

/** Cookie names that hold a session or a token (PHPSESSID, connect.sid, auth_token, jwt...). */
export function isAuthCookieName(name: string): boolean {
  // `sid` as a word of the name (connect.sid, PHPSESSID has `sess`), not inside one (sidebar_state).
  return /sess|(?:^|[^a-z])sid(?:$|[^a-z])|auth|token|jwt|login|logged|remember|identity|bearer|api[-_]?key|secret|\.aspnetcore\.|aspxauth/i.test(name);
}
