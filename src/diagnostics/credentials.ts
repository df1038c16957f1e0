/**
 * Where a connection carries credentials: the Authorization and Cookie headers of the
 * handshake, token-like query parameters, Sec-WebSocket-Protocol entries, and the first
 * messages the page sends (graphql-ws connection_init, socket.io auth packet, auth JSON).
 */
import type { Connection } from '../shared/model';
import { header, requestedProtocols } from './headers';
import type { JwtInfo } from './jwt';
import { decodeJwt, isJwtLike } from './jwt';
import { firstSentTexts } from './library';
import { isAuthCookieName, isStrongTokenName, isTokenParamName, looksSecret } from './token-names';

export type CredentialSource = 'authorization-header' | 'cookie-header' | 'query-param' | 'subprotocol' | 'first-message';

export interface Credential {
  source: CredentialSource;
  /** Header name, cookie name, parameter name, subprotocol keyword or JSON path. */
  name: string;
  value: string;
  jwt?: JwtInfo;
  /** For first-message credentials: index of the frame in connection.frames. */
  frameIndex?: number;
}

/** Subprotocol entries announcing that the next entry is a token. */
const PROTOCOL_TOKEN_KEYWORDS = new Set(['bearer', 'access_token', 'token', 'authorization', 'jwt', 'auth']);
const K8S_PREFIX = 'base64url.bearer.authorization.k8s.io.';
/** Largest first message parsed as JSON (bigger ones are not auth messages). */
const MAX_MESSAGE_CHARS = 256 * 1024;
const MAX_DEPTH = 4;

function make(source: CredentialSource, name: string, value: string, frameIndex?: number): Credential {
  const c: Credential = { source, name, value };
  const jwt = decodeJwt(value);
  if (jwt) c.jwt = jwt;
  if (frameIndex !== undefined) c.frameIndex = frameIndex;
  return c;
}

/** A JWT that decodes cleanly with a payload: a credential wherever it sits. */
function isValidJwt(value: string): boolean {
  const jwt = decodeJwt(value);
  return jwt !== undefined && jwt.malformed === undefined && jwt.payload !== null;
}

function fromHeaders(c: Connection, out: Credential[]): void {
  const request = c.handshake?.requestHeaders;
  if (!request) return;
  const auth = header(request, 'Authorization');
  if (auth) out.push(make('authorization-header', 'Authorization', auth));
  const cookie = header(request, 'Cookie');
  if (!cookie) return;
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!value) continue;
    if (isAuthCookieName(name) || isValidJwt(value)) out.push(make('cookie-header', name, value));
  }
}

function fromQuery(c: Connection, out: Credential[]): void {
  let url: URL;
  try {
    url = new URL(c.url);
  } catch {
    return;
  }
  for (const [name, value] of url.searchParams) {
    if (!value) continue;
    const credential =
      isStrongTokenName(name) ||
      (isTokenParamName(name) && (looksSecret(value) || isJwtLike(value))) ||
      isValidJwt(value);
    if (credential) out.push(make('query-param', name, value));
  }
}

function decodeBase64Url(s: string): string | undefined {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    const text = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function fromSubprotocols(c: Connection, out: Credential[]): void {
  const protocols = requestedProtocols(c);
  for (let i = 0; i < protocols.length; i++) {
    const p = protocols[i]!;
    const lower = p.toLowerCase();
    const next = protocols[i + 1];
    if (PROTOCOL_TOKEN_KEYWORDS.has(lower) && next !== undefined) {
      out.push(make('subprotocol', p, next));
      i++;
    } else if (lower.startsWith(K8S_PREFIX)) {
      const encoded = p.slice(K8S_PREFIX.length);
      out.push(make('subprotocol', K8S_PREFIX.slice(0, -1), decodeBase64Url(encoded) ?? encoded));
    } else if (isJwtLike(p) && p.startsWith('eyJ')) {
      out.push(make('subprotocol', 'Sec-WebSocket-Protocol', p));
    }
  }
}

function scan(value: unknown, path: string, depth: number, found: { name: string; value: string }[]): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.slice(0, 20).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>).slice(0, 50);
  for (const [key, v] of entries) {
    const p = path ? `${path}.${key}` : key;
    if (typeof v === 'string') {
      if (!v) continue;
      const named = !Array.isArray(value) && (isStrongTokenName(key) || (isTokenParamName(key) && (looksSecret(v) || isJwtLike(v))));
      if (named || isValidJwt(v)) found.push({ name: p, value: v });
    } else {
      scan(v, p, depth + 1, found);
    }
  }
}

const FALLBACK = /"([A-Za-z0-9_-]*(?:token|authorization|jwt|api[_-]?key|password|secret))"\s*:\s*"([^"\\]{8,})"/gi;

/** Credentials in one message: JSON (socket.io and SignalR framing removed), else a regex on the text. */
function fromMessage(text: string): { name: string; value: string }[] {
  const found: { name: string; value: string }[] = [];
  let body = text.endsWith('\u001e') ? text.slice(0, -1) : text; // SignalR record separator
  let prefix = '';
  const socketIo = /^4[02](\/[^,]*,)?(\d*)([[{].*)?$/s.exec(body); // socket.io CONNECT (40) or EVENT (42)
  if (socketIo) {
    body = socketIo[3] ?? '';
    prefix = body.startsWith('{') && text.startsWith('40') ? 'auth' : '';
  }
  if (!body.startsWith('{') && !body.startsWith('[')) return found;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    for (const m of body.matchAll(FALLBACK)) found.push({ name: m[1] ?? '', value: m[2] ?? '' });
    return found;
  }
  scan(parsed, prefix, 0, found);
  return found;
}

function fromFirstMessages(c: Connection, out: Credential[]): void {
  for (const { index, frame } of firstSentTexts(c)) {
    if (frame.data.length > MAX_MESSAGE_CHARS) continue;
    for (const { name, value } of fromMessage(frame.data)) out.push(make('first-message', name, value, index));
  }
}

/** Every credential the connection carries, each once (same source, name and value). */
export function findCredentials(c: Connection): Credential[] {
  const all: Credential[] = [];
  fromHeaders(c, all);
  fromQuery(c, all);
  fromSubprotocols(c, all);
  if (c.hooked) fromFirstMessages(c, all);
  const seen = new Set<string>();
  return all.filter((cred) => {
    const key = `${cred.source}\u0000${cred.name}\u0000${cred.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Where a credential was found, in words: 'query parameter "token"'. */
export function whereFound(c: Credential): string {
  switch (c.source) {
    case 'authorization-header':
      return 'the Authorization header';
    case 'cookie-header':
      return `cookie "${c.name}"`;
    case 'query-param':
      return `query parameter "${c.name}"`;
    case 'subprotocol':
      return c.name === 'Sec-WebSocket-Protocol' ? 'the Sec-WebSocket-Protocol list' : `the subprotocol entry after "${c.name}"`;
    case 'first-message':
      return `the first messages (field "${c.name}")`;
  }
}
