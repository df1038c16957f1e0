/**
 * Redaction: what leaves the machine in a shared session file unless the user asks
 * for secrets. The rule is "no complete credential survives", while keeping what a
 * recipient needs to diagnose: header and cookie names, auth schemes, URL shapes,
 * JWT headers and time claims, and obvious non-secrets (`token=undefined`).
 *
 * Two passes over a session: the first applies the pattern rules below everywhere and
 * remembers every secret value it removed; the second replaces any other occurrence
 * of those exact values (say, the cookie value echoed in a frame under an innocent
 * key, or quoted in a finding's detail). See docs/session-format.md, "Redaction".
 */
import type { CloseInfo, Connection, Frame, Handshake, Header, LifecycleEvent, Session } from '../shared/model';
import { withRepeats } from '../shared/model';
import {
  base64ToBytes,
  base64UrlDecodeText,
  base64UrlEncodeText,
  bytesToBase64,
  bytesToLatin1,
  latin1ToBytes,
  utf8Decode,
  utf8Encode,
} from './base64';
import { decodeBase64Json, encodeBase64Like, percentEncodeBase64 } from './base64-json';
import type { ExportedFinding } from './format';
import { SECRET_PARAM_NAMES } from '../shared/secret-names';

/** What a removed non-JWT secret becomes. */
export const REDACTED = '[REDACTED]';
/** The signature segment of a redacted JWT (valid base64url, so the token still parses). */
export const REDACTED_JWT_SIGNATURE = 'REDACTED';
/** JWT claims a redacted JWT keeps. */
export const KEPT_JWT_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/**
 * Names of query/fragment parameters (and `name=value` pairs in text) whose values are
 * secrets. Compared after lower-casing and dropping everything but letters and digits,
 * so `access_token`, `accessToken` and `Access-Token` are one name. Names ending in
 * one of SECRET_NAME_SUFFIXES are secret too.
 */
export { SECRET_PARAM_NAMES };

export const SECRET_NAME_SUFFIXES: readonly string[] = [
  'token',
  'secret',
  'password',
  'passwd',
  'apikey',
  'signature',
  'credential',
  'credentials',
  'sessionid',
  'privatekey',
  'secretkey',
  // AWS: SecretAccessKey, secret_access_key.
  'secretaccesskey',
];

/**
 * Names too common as ordinary JSON keys (`"code": 4001`, `"key": "ArrowUp"`) to treat
 * as secrets inside payloads; they are still secret as URL parameters.
 */
const AMBIGUOUS_JSON_KEYS = new Set(['code', 'key', 'session', 'sid', 'sig', 'ticket']);

/** Headers that look secret by name but carry diagnostics, not credentials. */
const PUBLIC_HEADERS = new Set([
  'www-authenticate',
  'proxy-authenticate',
  'authentication-info',
  ':authority',
  'authority',
  'sec-websocket-key',
  'sec-websocket-accept',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'keep-alive',
]);

/** Values that are not secrets and are often the diagnosis itself (`?token=undefined`). */
const PLACEHOLDERS = new Set(['', 'undefined', 'null', '[object object]', 'nan', 'true', 'false', REDACTED.toLowerCase()]);

/** Secrets shorter than this are not searched for literally in other strings. */
const MIN_KNOWN_SECRET = 8;

const normalizeName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const SECRET_PARAM_SET = new Set(SECRET_PARAM_NAMES.map(normalizeName));

export function isSecretParamName(name: string): boolean {
  const n = normalizeName(safeDecode(name));
  if (n === '') return false;
  if (SECRET_PARAM_SET.has(n)) return true;
  return SECRET_NAME_SUFFIXES.some((s) => n.endsWith(s));
}

export function isSecretJsonKey(name: string): boolean {
  return isSecretParamName(name) && !AMBIGUOUS_JSON_KEYS.has(normalizeName(name));
}

export function isSecretHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (PUBLIC_HEADERS.has(lower)) return false;
  if (lower.startsWith('sec-websocket-')) return lower === 'sec-websocket-protocol';
  const n = normalizeName(lower);
  if (n === 'cookie' || n === 'setcookie') return true;
  if (n === 'auth' || n.startsWith('xauth') || n.includes('authorization') || n.includes('authtoken')) return true;
  if (/(apikey|token|secret|passw|signature|credential|session|csrf|xsrf)/.test(n)) return true;
  return n.endsWith('key');
}

function isPlaceholder(value: string): boolean {
  return PLACEHOLDERS.has(value.trim().toLowerCase());
}

function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------------------------
// JWTs

/**
 * A JWT (or JWE) candidate in text: base64url JSON header starting `{"`, then dot-separated parts,
 * not inside a longer base64url word, but right after a percent-escape (`%3Dey…` in an encoded URL).
 */
const JWT_RE = /(?<=^|[^A-Za-z0-9_-]|%[0-9A-Fa-f]{2})eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}/g;
/**
 * The same in binary payloads (as latin1), where the byte before a JWT is often a length that
 * reads as a letter or digit (MessagePack str16 `da 01 41`): any start, the header checked
 * (jwtHeader) instead. Its header part is bounded so that a run of `eyJeyJ…` without a dot costs
 * linear time, not quadratic.
 */
const JWT_IN_BYTES_RE = /eyJ[A-Za-z0-9_-]{4,4096}(?:\.[A-Za-z0-9_-]*){1,4}/g;
const MAX_JWT_HEADER = 3 + 4096;
const JWT_FULL_RE = /^eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}$/;

function decodeJsonSegment(segment: string): unknown {
  const text = base64UrlDecodeText(segment);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jwtHeader(token: string): Record<string, unknown> | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const header = decodeJsonSegment(token.slice(0, dot));
  if (!isPlainObject(header)) return null;
  if (typeof header.alg !== 'string' && typeof header.typ !== 'string' && typeof header.enc !== 'string') return null;
  return header;
}

/** True when the whole string is a JWT (or JWE): a JSON header with alg/typ/enc and 2 to 5 parts. */
export function isJwt(value: string): boolean {
  return JWT_FULL_RE.test(value) && jwtHeader(value) !== null;
}

/**
 * A JWT without its secret parts: `<original header>.<base64url({exp, nbf, iat} that
 * were numbers)>.REDACTED`. jwt-decode still decodes it (header and payload are valid
 * base64url JSON), so "expired 3 min before connect" can still be computed. Not a JWT
 * → `[REDACTED]`. Idempotent.
 */
export function redactJwt(token: string): string {
  const t = token.trim();
  if (!JWT_FULL_RE.test(t) || jwtHeader(t) === null) return REDACTED;
  const parts = t.split('.');
  const payload = parts.length > 1 ? decodeJsonSegment(parts[1] ?? '') : undefined;
  const kept: Record<string, number> = {};
  if (isPlainObject(payload)) {
    for (const claim of KEPT_JWT_CLAIMS) {
      const v = payload[claim];
      if (typeof v === 'number' && Number.isFinite(v)) kept[claim] = v;
    }
  }
  return `${parts[0]}.${base64UrlEncodeText(JSON.stringify(kept))}.${REDACTED_JWT_SIGNATURE}`;
}

// ---------------------------------------------------------------------------------
// The redactor

const URL_RE = /\b(?:wss?|https?|ftp):\/\/[^\s"'<>`\\]+/gi;
/** `name=value` in text. The name is bounded: `[` is both a prefix and a name character, and an unbounded name made `=[[[[…` quadratic. */
const PAIR_RE = /(^|[?&#;\s,"'([{/])([A-Za-z0-9_.%[\]-]{1,128})=([^&#\s"'<>;,]*)/g;
/** A JSON key (`"key":`), also inside JSON-in-a-string (`\\"key\\":`). */
const JSON_KEY_RE = /(\\?")([^"\\]{1,64})\1\s*:\s*/g;
const HEADER_LINE_RE = /(^|[\r\n])([A-Za-z][A-Za-z0-9-]{0,63})([ \t]*:[ \t]*)([^\r\n]*)/g;
const AUTH_SCHEME_RE = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/-]+=*)/gi;
const K8S_BEARER_PROTOCOL_RE = /^(base64url\.bearer\.authorization\.k8s\.io\.)(.+)$/i;
const OPAQUE_TOKEN_RE = /^[A-Za-z0-9+/=_~.-]{20,}$/;
/** Hex, optionally in hyphen-separated groups (a UUID, a SHA-1/SHA-256 digest, a hex session id). */
const HEX_TOKEN_RE = /^[0-9a-f]+(?:-[0-9a-f]+)*$/i;
/** One case of letters, digits, `-` and `_` (`k3j9x0...`, base32 `K3J9X0...`). */
const SINGLE_CASE_TOKEN_RE = /^(?:[a-z0-9_-]+|[A-Z0-9_-]+)$/;
const MIN_HEX_TOKEN = 32;
/**
 * A dotted name ending in a word, as registered subprotocols are (`TLCP-2.2.0.lightstreamer.com`,
 * `v1.kernel.websocket.jupyter.org`): never a token, whatever its case (base64 has no dots, and a
 * dotted token such as PASETO ends in a long random segment).
 */
const DOTTED_NAME_RE = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/;
const MIN_SINGLE_CASE_TOKEN = 20;

/**
 * A subprotocol entry that is a credential rather than a name: mixed-case base64-ish
 * text with digits; a long hex string (≥ 32 hex digits); or a long single-case string
 * (≥ 20 letters and digits, not counting `-`/`_`) that mixes letters and digits the way
 * random text does (≥ 3 of each, switching between them ≥ 4 times). Protocol names
 * (`graphql-transport-ws`, `v10.stomp`, `actioncable-v1-json`, `ocpp1.6`) are none of these.
 */
export function looksLikeOpaqueToken(s: string): boolean {
  if (DOTTED_NAME_RE.test(s)) return false;
  if (OPAQUE_TOKEN_RE.test(s) && /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return true;
  if (HEX_TOKEN_RE.test(s) && s.replace(/-/g, '').length >= MIN_HEX_TOKEN) return true;
  if (!SINGLE_CASE_TOKEN_RE.test(s)) return false;
  const core = s.replace(/[-_]/g, '');
  if (core.length < MIN_SINGLE_CASE_TOKEN) return false;
  let digits = 0;
  let switches = 0;
  for (let i = 0; i < core.length; i++) {
    const digit = isDigit(core.charCodeAt(i));
    if (digit) digits++;
    if (i > 0 && digit !== isDigit(core.charCodeAt(i - 1))) switches++;
  }
  return digits >= 3 && core.length - digits >= 3 && switches >= 4;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One redaction run. Remembers the secrets it removed (original → replacement) so that
 * `finalize` can remove their other occurrences.
 */
export class Redactor {
  private readonly known = new Map<string, string>();
  private knownRe: RegExp | null = null;
  private readonly protocolMap = new Map<string, string>();

  /** Records a removed secret and its usual encodings. */
  remember(secret: string, replacement: string = REDACTED): void {
    const add = (s: string): void => this.rememberExact(s, replacement);
    add(secret);
    add(secret.trim());
    add(safeDecode(secret));
    try {
      add(encodeURIComponent(secret));
    } catch {
      // lone surrogate: no encoded form
    }
  }

  /** Records one exact string and what replaces it. */
  private rememberExact(secret: string, replacement: string): void {
    if (secret.length < MIN_KNOWN_SECRET || isPlaceholder(secret) || secret === replacement || this.known.has(secret)) return;
    this.known.set(secret, replacement);
    this.knownRe = null;
  }

  /** A value that is a secret as a whole: keeps placeholders, shortens JWTs, else `[REDACTED]`. */
  secretValue(value: string): string {
    if (isPlaceholder(value) || value === REDACTED) return value;
    const trimmed = value.trim();
    if (isJwt(trimmed)) return this.jwt(trimmed);
    this.remember(value);
    return REDACTED;
  }

  jwt(token: string): string {
    const r = redactJwt(token);
    if (r !== token) this.remember(token, r);
    return r;
  }

  /** Every JWT inside a string. */
  jwts(text: string): string {
    if (!text.includes('eyJ')) return text;
    return text.replace(JWT_RE, (m) => {
      const [token, tail] = splitTrailingDots(m);
      if (jwtHeader(token) === null) return m;
      return this.jwt(token) + tail;
    });
  }

  url(url: string): string {
    if (url === '') return url;
    let out = url;
    // userinfo: keep the user name, drop the password.
    const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i.exec(out);
    if (userinfo) {
      const info = userinfo[2] ?? '';
      const colon = info.indexOf(':');
      if (colon >= 0) {
        const pass = info.slice(colon + 1);
        out = `${userinfo[1]}${info.slice(0, colon)}:${this.paramValue(pass)}@${out.slice(userinfo[0].length)}`;
      }
    }
    const hash = out.indexOf('#');
    const beforeHash = hash >= 0 ? out.slice(0, hash) : out;
    const fragment = hash >= 0 ? out.slice(hash + 1) : null;
    const q = beforeHash.indexOf('?');
    let result = q >= 0 ? `${beforeHash.slice(0, q)}?${this.params(beforeHash.slice(q + 1))}` : beforeHash;
    if (fragment !== null) result += `#${fragment.includes('=') ? this.params(fragment) : fragment}`;
    return this.jwts(result);
  }

  /** `a=1&token=x` → `a=1&token=[REDACTED]` (`;` separates pairs too, as servers may read it). */
  params(query: string): string {
    if (!query.includes('=')) return query;
    return query
      .split(/([&;])/)
      .map((pair, i) => {
        if (i % 2 === 1) return pair;
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const name = pair.slice(0, eq);
        if (!isSecretParamName(name)) {
          const r = this.encodedJson(pair.slice(eq + 1), (t) => this.text(t));
          return r === null ? pair : `${name}=${r}`;
        }
        return `${name}=${this.paramValue(pair.slice(eq + 1))}`;
      })
      .join('');
  }

  private paramValue(raw: string): string {
    const decoded = safeDecode(raw);
    if (isPlaceholder(decoded) || decoded === REDACTED) return raw;
    if (isJwt(decoded.trim())) return this.jwt(decoded.trim());
    this.remember(raw);
    this.remember(decoded);
    return REDACTED;
  }

  /**
   * A parameter value that is base64 or base64url of a JSON object or array (AWS AppSync's
   * `header=`): its JSON passed through `redact` and re-encoded in the value's own style
   * (alphabet, padding, percent-encoding). Null when the value is not such JSON or nothing
   * changed, so harmless values (`payload=e30=`) stay byte-identical. The whole old value
   * is remembered, so the second pass replaces its other occurrences too.
   */
  private encodedJson(raw: string, redact: (text: string) => string): string | null {
    const decoded = decodeBase64Json(raw);
    if (!decoded) return null;
    const r = redact(decoded.text);
    if (r === decoded.text) return null;
    const plain = encodeBase64Like(r, { ...decoded.style, escaped: false });
    this.rememberExact(decoded.base64, plain);
    this.rememberExact(percentEncodeBase64(decoded.base64), percentEncodeBase64(plain));
    return decoded.style.escaped ? percentEncodeBase64(plain) : plain;
  }

  header(h: Header): Header {
    const name = h.name.trim().toLowerCase();
    const value = h.value;
    switch (name) {
      case 'authorization':
      case 'proxy-authorization':
        return { name: h.name, value: this.authorization(value) };
      case 'cookie':
        return { name: h.name, value: this.cookie(value) };
      case 'set-cookie':
        return { name: h.name, value: this.setCookie(value) };
      case 'sec-websocket-protocol':
        return { name: h.name, value: this.protocolHeader(value) };
      case ':path':
      case 'referer':
      case 'origin':
      case 'location':
      case 'content-location':
        return { name: h.name, value: this.text(value) };
    }
    if (isSecretHeaderName(name)) return { name: h.name, value: this.secretValue(value) };
    return { name: h.name, value: this.text(value) };
  }

  /** `Bearer <jwt>` → `Bearer <redacted jwt>`; `Basic xyz` → `Basic [REDACTED]`. */
  authorization(value: string): string {
    const m = /^(\s*)([A-Za-z][A-Za-z0-9._+-]*)(\s+)([\s\S]*)$/.exec(value);
    if (!m) return this.secretValue(value);
    const [, lead = '', scheme = '', gap = '', credentials = ''] = m;
    if (scheme.toLowerCase() === 'basic') this.rememberBasic(credentials.trim());
    return `${lead}${scheme}${gap}${this.secretValue(credentials)}`;
  }

  private rememberBasic(b64: string): void {
    const bytes = base64ToBytes(b64);
    const decoded = bytes ? utf8Decode(bytes) : null;
    if (decoded === null) return;
    const colon = decoded.indexOf(':');
    if (colon >= 0) this.remember(decoded.slice(colon + 1));
  }

  /** `a=1; b=2` → `a=[REDACTED]; b=[REDACTED]`; a cookie without a name (`document.cookie = 'x'`) is all value. */
  cookie(value: string): string {
    return value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        if (eq < 0) return part.trim() === '' ? part : this.cookieValue(part);
        return part.slice(0, eq + 1) + this.cookieValue(part.slice(eq + 1));
      })
      .join(';');
  }

  /** `sid=abc; Path=/; HttpOnly` → `sid=[REDACTED]; Path=/; HttpOnly` (one cookie per line). */
  setCookie(value: string): string {
    return value
      .split('\n')
      .map((line) => {
        const semi = line.indexOf(';');
        const first = semi >= 0 ? line.slice(0, semi) : line;
        const rest = semi >= 0 ? line.slice(semi) : '';
        const eq = first.indexOf('=');
        if (eq < 0) return first.trim() === '' ? line : this.cookieValue(first) + rest;
        return first.slice(0, eq + 1) + this.cookieValue(first.slice(eq + 1)) + rest;
      })
      .join('\n');
  }

  private cookieValue(raw: string): string {
    const trimmed = raw.trim();
    if (isPlaceholder(trimmed)) return raw;
    const lead = raw.slice(0, raw.length - raw.trimStart().length);
    return lead + this.secretValue(trimmed);
  }

  /** A list of subprotocols: JWTs, tokens after a marker (`['bearer', tok]`), k8s bearer tokens, opaque tokens. */
  protocols(list: string[]): string[] {
    return list.map((p, i) => {
      const prev = i > 0 ? list[i - 1] : undefined;
      const r = prev !== undefined && isSecretParamName(prev.trim()) ? this.secretValue(p) : this.protocolEntry(p);
      if (r !== p) this.protocolMap.set(p, r);
      return r;
    });
  }

  /** The negotiated subprotocol: redacted the same way as in the requested list. */
  protocol(p: string): string {
    return this.protocolMap.get(p) ?? this.protocolEntry(p);
  }

  protocolHeader(value: string): string {
    if (value.trim() === '') return value;
    return this.protocols(value.split(',').map((s) => s.trim())).join(', ');
  }

  private protocolEntry(p: string): string {
    const trimmed = p.trim();
    if (isJwt(trimmed)) return this.jwt(trimmed);
    const k8s = K8S_BEARER_PROTOCOL_RE.exec(trimmed);
    if (k8s) {
      const token = k8s[2] ?? '';
      if (token === REDACTED) return p;
      this.remember(token);
      const decoded = base64UrlDecodeText(token.replace(/=+$/, ''));
      if (decoded !== null) this.remember(decoded);
      return `${k8s[1]}${REDACTED}`;
    }
    if (looksLikeOpaqueToken(trimmed)) {
      this.remember(trimmed);
      return REDACTED;
    }
    return this.jwts(p);
  }

  /** Free text: JWTs, URLs, `name=value` pairs, JSON keys, header lines, `Bearer x`. */
  text(text: string): string {
    if (text.length < 4) return text;
    let out = this.jwts(text);
    if (out.includes('://')) out = out.replace(URL_RE, (m) => this.url(m));
    if (out.includes('=')) {
      out = out.replace(PAIR_RE, (m, pre: string, name: string, raw: string) => {
        const [value, tail] = splitTrailingDots(raw);
        if (!isSecretParamName(name)) {
          const r = this.encodedJson(value, (t) => this.text(t));
          return r === null ? m : `${pre}${name}=${r}${tail}`;
        }
        return `${pre}${name}=${this.paramValue(value)}${tail}`;
      });
    }
    if (out.includes('"')) out = this.jsonKeys(out);
    if (out.includes(':')) {
      out = out.replace(HEADER_LINE_RE, (m, pre: string, name: string, colon: string, value: string) => {
        const lower = name.toLowerCase();
        if (!(isSecretHeaderName(lower) || isSecretJsonKey(lower))) return m;
        if (value.trim() === '') return m;
        const r = isSecretHeaderName(lower) ? this.header({ name: lower, value }).value : this.secretValue(value);
        return r === value ? m : `${pre}${name}${colon}${r}`;
      });
    }
    if (/bearer|basic|token/i.test(out)) {
      out = out.replace(AUTH_SCHEME_RE, (m, scheme: string, gap: string, raw: string) => {
        const [token, tail] = splitTrailingDots(raw);
        if (isJwt(token)) return `${scheme}${gap}${this.jwt(token)}${tail}`;
        if (token.length >= 8 && (/\d/.test(token) || token.length >= 20)) {
          this.remember(token);
          return `${scheme}${gap}${REDACTED}${tail}`;
        }
        return m;
      });
    }
    return out;
  }

  /**
   * Values of secret-named keys in JSON-like text: `"password": "x"`, `"pin": 1234`, the
   * same inside a JSON string (`\\"token\\":\\"x\\"`), and a value cut off by truncation.
   * A scanner, not a parser: it works on invalid or truncated JSON and keeps formatting.
   */
  private jsonKeys(text: string): string {
    const re = new RegExp(JSON_KEY_RE.source, 'g');
    let out = '';
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const q = m[1] ?? '"';
      const key = m[2] ?? '';
      if (!isSecretJsonKey(key)) continue;
      const start = re.lastIndex;
      if (text.startsWith(q, start)) {
        const valueStart = start + q.length;
        const end = findStringEnd(text, valueStart, q);
        const value = text.slice(valueStart, end);
        const n = normalizeName(key);
        const r =
          n === 'authorization' || n === 'proxyauthorization'
            ? this.authorization(value)
            : n === 'cookie'
              ? this.cookie(value)
              : this.secretValue(value);
        if (r !== value) {
          out += text.slice(last, valueStart) + r;
          last = end;
        }
        re.lastIndex = Math.max(end, start + 1);
      } else if (q === '"' && (text[start] === '[' || text[start] === '{')) {
        // `"apiKey": ["x"]`, `"secret": {"value": "x"}`: every string value inside is the secret's.
        const inner = this.stringValuesIn(text, start);
        if (inner.out !== text.slice(start, inner.end)) {
          out += text.slice(last, start) + inner.out;
          last = inner.end;
        }
        re.lastIndex = Math.max(inner.end, start + 1);
      } else {
        const num = /^-?\d[\d.eE+-]*/.exec(text.slice(start, start + 64));
        if (num) {
          this.remember(num[0]);
          out += `${text.slice(last, start)}${q}${REDACTED}${q}`;
          last = start + num[0].length;
          re.lastIndex = last;
        }
      }
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /**
   * The JSON array or object starting at `from` (to its matching bracket, or the text's end when
   * cut off), with each string value (not a key) redacted as a secret.
   */
  private stringValuesIn(text: string, from: number): { end: number; out: string } {
    let out = '';
    let last = from;
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        const end = findStringEnd(text, i + 1, '"');
        let k = end + 1;
        while (k < text.length && /\s/.test(text[k]!)) k++;
        if (text[k] !== ':') {
          const value = text.slice(i + 1, end);
          const r = this.secretValue(value);
          if (r !== value) {
            out += text.slice(last, i + 1) + r;
            last = end;
          }
        }
        i = end + 1;
        continue;
      }
      if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
      else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && --depth === 0) {
        i++;
        break;
      }
      i++;
    }
    return { end: i, out: out + text.slice(last, i) };
  }

  /**
   * A frame's payload. Text: as text. Binary (base64): decoded; valid UTF-8 text is
   * redacted as text and re-encoded; other bytes get their JWTs replaced in place by
   * same-length text (so length-prefixed formats stay parseable). `size` is unchanged.
   */
  frame(f: Frame): Frame {
    const data = f.encoding === 'base64' ? this.binary(f.data, f.truncated, (t) => this.text(t), (s) => this.jwtsSameLength(s)) : this.text(f.data);
    return { time: f.time, direction: f.direction, type: f.type, size: f.size, data, encoding: f.encoding, truncated: f.truncated };
  }

  private binary(
    b64: string,
    truncated: boolean,
    onText: (text: string) => string,
    onBytes: (latin1: string) => string,
  ): string {
    const bytes = base64ToBytes(b64.trim());
    if (!bytes) return onText(b64);
    let text = utf8Decode(bytes);
    let tail: Uint8Array | null = null;
    // A payload cut by the per-frame cap may end inside a UTF-8 sequence.
    for (let cut = 1; text === null && truncated && cut <= 3 && cut < bytes.length; cut++) {
      text = utf8Decode(bytes.subarray(0, bytes.length - cut));
      if (text !== null) tail = bytes.subarray(bytes.length - cut);
    }
    if (text !== null) {
      const r = onText(text);
      if (r === text) return b64;
      const encoded = utf8Encode(r);
      if (!tail) return bytesToBase64(encoded);
      const joined = new Uint8Array(encoded.length + tail.length);
      joined.set(encoded);
      joined.set(tail, encoded.length);
      return bytesToBase64(joined);
    }
    const latin1 = bytesToLatin1(bytes);
    const r = onBytes(latin1);
    return r === latin1 ? b64 : bytesToBase64(latin1ToBytes(r));
  }

  private jwtsSameLength(latin1: string): string {
    let out = latin1;
    if (out.includes('eyJ')) {
      out = replaceJwtsInBytes(out, (m) => fit(this.jwt(m), m.length));
    }
    return this.finalizeLatin1(out);
  }

  // ---------------------------------------------------------------------------
  // Second pass: other occurrences of removed secrets.

  private pattern(): RegExp | null {
    if (this.known.size === 0) return null;
    if (!this.knownRe) {
      const keys = [...this.known.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.knownRe = new RegExp(keys.join('|'), 'g');
    }
    return this.knownRe;
  }

  /**
   * Replaces every remembered secret in a string, also inside parameter values that are
   * base64 JSON (a secret seen elsewhere, encoded in AppSync's `header=`).
   */
  finalize(text: string): string {
    const re = this.pattern();
    if (!re || text.length < MIN_KNOWN_SECRET) return text;
    const out = text.replace(re, (m) => this.known.get(m) ?? REDACTED);
    if (!out.includes('=')) return out;
    return out.replace(PAIR_RE, (m, pre: string, name: string, raw: string) => {
      const [value, tail] = splitTrailingDots(raw);
      const r = this.encodedJson(value, (t) => this.finalize(t));
      return r === null ? m : `${pre}${name}=${r}${tail}`;
    });
  }

  private finalizeLatin1(latin1: string): string {
    const re = this.pattern();
    if (!re) return latin1;
    return latin1.replace(re, (m) => fit(this.known.get(m) ?? REDACTED, m.length));
  }

  finalizeFrame(f: Frame): Frame {
    if (this.known.size === 0) return f;
    const data =
      f.encoding === 'base64'
        ? this.binary(f.data, f.truncated, (t) => this.finalize(t), (s) => this.finalizeLatin1(s))
        : this.finalize(f.data);
    return data === f.data ? f : { ...f, data };
  }

  // ---------------------------------------------------------------------------
  // Model objects (first pass). All return fresh objects; inputs are not touched.

  handshake(h: Handshake): Handshake {
    const out: Handshake = {
      status: h.status,
      requestHeaders: h.requestHeaders.map((x) => this.header(x)),
      responseHeaders: h.responseHeaders.map((x) => this.header(x)),
    };
    if (h.statusText !== undefined) out.statusText = this.text(h.statusText);
    if (h.error !== undefined) out.error = this.text(h.error);
    if (h.requestedAt !== undefined) out.requestedAt = h.requestedAt;
    if (h.answeredAt !== undefined) out.answeredAt = h.answeredAt;
    return out;
  }

  close(c: CloseInfo): CloseInfo {
    return { code: c.code, reason: this.text(c.reason), wasClean: c.wasClean, initiator: c.initiator };
  }

  event(e: LifecycleEvent): LifecycleEvent {
    return withRepeats(e, this.eventFields(e));
  }

  private eventFields(e: LifecycleEvent): LifecycleEvent {
    switch (e.kind) {
      case 'open':
        return { kind: 'open', time: e.time, protocol: this.protocol(e.protocol), extensions: e.extensions };
      case 'error':
        return { kind: 'error', time: e.time };
      case 'close-call': {
        const out: Extract<LifecycleEvent, { kind: 'close-call' }> = { kind: 'close-call', time: e.time };
        if (e.code !== undefined) out.code = e.code;
        if (e.reason !== undefined) out.reason = this.text(e.reason);
        if (e.error !== undefined) out.error = this.text(e.error);
        return out;
      }
      case 'send-error':
        return { kind: 'send-error', time: e.time, error: this.text(e.error) };
      case 'send-discarded':
        return { kind: 'send-discarded', time: e.time, size: e.size };
      case 'close':
        return { ...e, reason: this.text(e.reason) };
    }
  }

  connection(c: Connection): Connection {
    const protocolsRequested = this.protocols(c.protocolsRequested);
    const out: Connection = {
      id: c.id,
      url: this.url(c.url),
      protocolsRequested,
      protocol: this.protocol(c.protocol),
      extensions: c.extensions,
      createdAt: c.createdAt,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      closeCalledAt: c.closeCalledAt,
      handshake: c.handshake ? this.handshake(c.handshake) : null,
      close: c.close ? this.close(c.close) : null,
      frames: [],
      events: c.events.map((e) => this.event(e)),
      stats: { ...c.stats },
      droppedFrames: c.droppedFrames,
      hooked: c.hooked,
      listeners: { ...c.listeners },
    };
    if (c.frameUrl !== undefined) out.frameUrl = this.url(c.frameUrl);
    if (c.frameId !== undefined) out.frameId = c.frameId;
    if (c.documentId !== undefined) out.documentId = c.documentId;
    if (c.requestId !== undefined) out.requestId = c.requestId;
    const frames = out.frames;
    for (const f of c.frames) frames.push(this.frame(f));
    return out;
  }

  finding(f: ExportedFinding): ExportedFinding {
    const out = deepMapStrings(f, (s) => this.text(s), SKIP_KEYS) as ExportedFinding;
    return out;
  }

  /** Second pass over a redacted session and findings, in place (they are our own copies). */
  finalizeAll(session: Session, findings: ExportedFinding[]): void {
    if (this.known.size === 0) return;
    const fin = (s: string): string => this.finalize(s);
    session.page = { url: fin(session.page.url), title: fin(session.page.title) };
    session.navigations = session.navigations.map((n) => ({ time: n.time, url: fin(n.url) }));
    for (const c of session.connections) {
      c.url = fin(c.url);
      if (c.frameUrl !== undefined) c.frameUrl = fin(c.frameUrl);
      c.protocolsRequested = c.protocolsRequested.map(fin);
      c.protocol = fin(c.protocol);
      c.extensions = fin(c.extensions);
      if (c.handshake) {
        const h = c.handshake;
        h.requestHeaders = h.requestHeaders.map((x) => ({ name: x.name, value: fin(x.value) }));
        h.responseHeaders = h.responseHeaders.map((x) => ({ name: x.name, value: fin(x.value) }));
        if (h.statusText !== undefined) h.statusText = fin(h.statusText);
        if (h.error !== undefined) h.error = fin(h.error);
      }
      if (c.close) c.close.reason = fin(c.close.reason);
      c.events = c.events.map((e) => deepMapStrings(e, fin, SKIP_KEYS) as LifecycleEvent);
      const frames = c.frames;
      for (let i = 0; i < frames.length; i++) frames[i] = this.finalizeFrame(frames[i]!);
    }
    for (let i = 0; i < findings.length; i++) findings[i] = deepMapStrings(findings[i], fin, SKIP_KEYS) as ExportedFinding;
  }
}

/** Keys whose string values are identifiers or enums, never free text. */
const SKIP_KEYS = new Set(['id', 'connectionIds', 'kind', 'severity', 'direction', 'type', 'encoding', 'initiator']);
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A copy of a JSON-like value with every string mapped (keys in `skip` copied as is). */
function deepMapStrings(value: unknown, fn: (s: string) => string, skip: Set<string>): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => deepMapStrings(v, fn, skip));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (UNSAFE_KEYS.has(k)) continue;
      out[k] = skip.has(k) ? structuredCopy(v) : deepMapStrings(v, fn, skip);
    }
    return out;
  }
  return value;
}

function structuredCopy(value: unknown): unknown {
  return deepMapStrings(value, (s) => s, new Set());
}

/** `abc..` → [`abc`, `..`]: sentence punctuation after a value is not part of it. */
function splitTrailingDots(s: string): [string, string] {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
  return [s.slice(0, end), s.slice(end)];
}

/** Index of the closing quote `q` (`"` or `\\"`) of a string starting at `from`, or the text's end. */
function findStringEnd(text: string, from: number, q: string): number {
  let i = from;
  if (q === '"') {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x5c /* \\ */) i += 2;
      else if (c === 0x22 /* " */) return i;
      else i++;
    }
  } else {
    while (i < text.length) {
      if (text.startsWith('\\\\', i)) i += 2;
      else if (text.startsWith(q, i)) return i;
      else i++;
    }
  }
  return text.length;
}

/**
 * Replaces each JWT in `latin1` (bytes as chars) by `replace(jwt)`. A candidate whose header is not
 * a JWT header may hide one that starts inside it (`eyJeyJhbGci…`): the scan goes on one char later.
 * A start with no dot after its run of base64url chars skips that run (no start inside it has one).
 */
function replaceJwtsInBytes(latin1: string, replace: (jwt: string) => string): string {
  const re = new RegExp(JWT_IN_BYTES_RE.source, 'y');
  let out = '';
  let last = 0;
  for (let i = latin1.indexOf('eyJ'); i >= 0; i = latin1.indexOf('eyJ', i)) {
    re.lastIndex = i;
    const m = re.exec(latin1);
    if (m && jwtHeader(m[0]) !== null) {
      out += latin1.slice(last, i) + replace(m[0]);
      last = i = i + m[0].length;
    } else if (m) i++;
    else {
      let end = i + 3;
      while (end < latin1.length && isBase64UrlChar(latin1.charCodeAt(end))) end++;
      i = latin1[end] === '.' ? Math.max(i + 1, end - MAX_JWT_HEADER) : end;
    }
  }
  return last === 0 ? latin1 : out + latin1.slice(last);
}

function isBase64UrlChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f;
}

/** `s` padded with `*` (or cut to `*`s) to exactly `n` characters. */
function fit(s: string, n: number): string {
  if (s.length <= n) return s + '*'.repeat(n - s.length);
  return '*'.repeat(n);
}

// ---------------------------------------------------------------------------------
// Public API

export interface RedactedSession {
  session: Session;
  findings: ExportedFinding[];
}

/**
 * A redacted deep copy of a session and its findings (computed by the caller before
 * redaction). The inputs are not modified.
 */
export function redactSession(session: Session, findings: readonly ExportedFinding[] = []): RedactedSession {
  const r = new Redactor();
  const connections = session.connections.map((c) => r.connection(c));
  const out: Session = {
    page: { url: r.url(session.page.url), title: r.text(session.page.title) },
    startedAt: session.startedAt,
    connections,
    droppedFrames: session.droppedFrames,
    lostEvents: session.lostEvents,
    retainedFrames: session.retainedFrames,
    retainedChars: session.retainedChars,
    navigations: session.navigations.map((n) => ({ time: n.time, url: r.url(n.url) })),
  };
  const outFindings = findings.map((f) => r.finding(f));
  r.finalizeAll(out, outFindings);
  // Redaction changes payload lengths; keep the retained-chars counter true to the copy.
  let chars = 0;
  for (const c of out.connections) for (const f of c.frames) chars += f.data.length;
  out.retainedChars = chars;
  return { session: out, findings: outFindings };
}

/** Redacts one piece of free text (frames, close reasons, finding details). */
export function redactText(text: string): string {
  const r = new Redactor();
  return r.finalize(r.text(text));
}

/** Redacts secret query/fragment parameters, URL passwords and JWTs in a URL. */
export function redactUrl(url: string): string {
  const r = new Redactor();
  return r.finalize(r.url(url));
}

/** Redacts a header's value according to its name (see docs/session-format.md). */
export function redactHeader(h: Header): Header {
  const r = new Redactor();
  const out = r.header(h);
  return { name: out.name, value: r.finalize(out.value) };
}

/** Redacts a list of requested subprotocols (`['bearer', <jwt>]`, k8s bearer protocols, ...). */
export function redactProtocols(list: string[]): string[] {
  return new Redactor().protocols(list);
}
