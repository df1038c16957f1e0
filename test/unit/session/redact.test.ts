import { jwtDecode } from 'jwt-decode';
import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/session/export';
import { exportHar } from '../../../src/session/har-export';
import type { ExportedFinding } from '../../../src/session/format';
import {
  REDACTED,
  SECRET_PARAM_NAMES,
  isJwt,
  looksLikeOpaqueToken,
  redactHeader,
  redactJwt,
  redactProtocols,
  redactSession,
  redactText,
  redactUrl,
} from '../../../src/session/redact';
import { sessionSummaryMarkdown } from '../../../src/session/summary';
import { newConnection } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import type { Connection, Frame, Session } from '../../../src/shared/model';
import { FRAME_JWT, HEADER_JWT, PROTOCOL_JWT, REASON_JWT, SECRETS, T0, URL_JWT, b64url, makeJwt, richFindings, richSession } from './helpers';

const OPTS = { includeSecrets: false, toolVersion: '0.1.0', now: new Date(T0 + 60_000) };

const JWT = makeJwt({ sub: 'table-user', email: 'x@example.com', iat: 1715670000, nbf: 1715670001, exp: 1715670300, scope: 'admin' });
const OPAQUE = 'opaqueSecretValue-7c1d2e3f4a5b';
/** Subprotocol tokens without upper case: a SHA-1-like hex string, a random base36 string. */
const HEX_PROTOCOL_TOKEN = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
const LOWER_PROTOCOL_TOKEN = 'k3j9x0q2m7v5b8n1c4z6w2p8';

function textFrame(data: string, extra: Partial<Frame> = {}): Frame {
  return { time: T0 + 10, direction: 'send', type: 'text', size: Buffer.byteLength(data), data, encoding: 'utf8', truncated: false, ...extra };
}

function binaryFrame(bytes: Buffer, extra: Partial<Frame> = {}): Frame {
  return { time: T0 + 10, direction: 'receive', type: 'binary', size: bytes.length, data: bytes.toString('base64'), encoding: 'base64', truncated: false, ...extra };
}

function sessionWith(mutate: (s: Session, c: Connection, findings: ExportedFinding[]) => void): { session: Session; findings: ExportedFinding[] } {
  const s = createSession({ url: 'https://app.example.com/', title: 'App' }, T0);
  const c = newConnection('c1', 'wss://rt.example.com/socket', T0);
  c.handshake = { status: 101, requestHeaders: [], responseHeaders: [] };
  s.connections.push(c);
  const findings: ExportedFinding[] = [];
  mutate(s, c, findings);
  return { session: s, findings };
}

function withFinding(findings: ExportedFinding[], f: Partial<ExportedFinding>): void {
  findings.push({ id: 'f1', severity: 'error', title: 'Finding', detail: '', connectionIds: ['c1'], ...f });
}

interface PlaceRow {
  place: string;
  /** Strings that must appear nowhere in the export. */
  secrets: string[];
  /** A JWT among them whose time claims must survive. */
  jwt?: string;
  mutate: (s: Session, c: Connection, findings: ExportedFinding[]) => void;
}

const binaryJson = Buffer.from(JSON.stringify({ op: 'auth', token: JWT, note: 'ünïcode ✓' }), 'utf8');
// A protobuf-ish message: a non-UTF-8 header byte, a length prefix, then the JWT bytes.
const protobufish = Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a, JWT.length & 0x7f, 0x01]), Buffer.from(JWT, 'ascii'), Buffer.from([0x10, 0x80])]);
// Truncated mid-character: the last byte of "é" is missing.
const truncatedUtf8 = Buffer.concat([Buffer.from(`{"jwt":"${JWT}","x":"é`, 'utf8')]).subarray(0, -1);

const PLACES: PlaceRow[] = [
  { place: 'Authorization: Bearer <opaque>', secrets: [OPAQUE], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Authorization', value: `Bearer ${OPAQUE}` }) },
  { place: 'Authorization: Bearer <jwt>', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'authorization', value: `Bearer ${JWT}` }) },
  { place: 'Authorization: Basic', secrets: [SECRETS.basic, 'correct-horse-battery'], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Authorization', value: `Basic ${SECRETS.basic}` }) },
  { place: 'Proxy-Authorization', secrets: [OPAQUE], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Proxy-Authorization', value: `Negotiate ${OPAQUE}` }) },
  { place: 'Cookie', secrets: [SECRETS.cookieSid, SECRETS.cookieCsrf], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Cookie', value: `sid=${SECRETS.cookieSid}; csrf=${SECRETS.cookieCsrf}` }) },
  { place: 'Set-Cookie', secrets: [SECRETS.cookieSid], mutate: (_s, c) => c.handshake!.responseHeaders.push({ name: 'Set-Cookie', value: `sid=${SECRETS.cookieSid}; Path=/; HttpOnly` }) },
  { place: 'X-Api-Key', secrets: [SECRETS.apiKey], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'X-Api-Key', value: SECRETS.apiKey }) },
  { place: 'X-Auth-Token with JWT', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'X-Auth-Token', value: JWT }) },
  { place: 'Referer with token', secrets: [OPAQUE], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Referer', value: `https://app.example.com/?access_token=${OPAQUE}` }) },
  { place: 'query param token (opaque)', secrets: [OPAQUE], mutate: (_s, c) => (c.url = `wss://rt.example.com/socket?room=1&token=${OPAQUE}`) },
  { place: 'query param access_token (jwt)', secrets: [JWT], jwt: JWT, mutate: (_s, c) => (c.url = `wss://rt.example.com/socket?access_token=${JWT}`) },
  { place: 'query param, URL-encoded', secrets: [OPAQUE, encodeURIComponent(`${OPAQUE}/+=`)], mutate: (_s, c) => (c.url = `wss://rt.example.com/socket?apiKey=${encodeURIComponent(`${OPAQUE}/+=`)}`) },
  { place: 'query param signature', secrets: [OPAQUE], mutate: (_s, c) => (c.url = `wss://cdn.example.com/s?X-Amz-Signature=${OPAQUE}&X-Amz-Expires=60`) },
  { place: 'URL password', secrets: ['p4ssw0rd-in-url'], mutate: (_s, c) => (c.url = 'wss://ada:p4ssw0rd-in-url@rt.example.com/socket') },
  { place: 'JWT in URL path', secrets: [JWT], jwt: JWT, mutate: (_s, c) => (c.url = `wss://rt.example.com/socket/${JWT}/stream`) },
  { place: 'frameUrl', secrets: [OPAQUE], mutate: (_s, c) => (c.frameUrl = `https://app.example.com/embed?session=${OPAQUE}`) },
  { place: 'page url fragment', secrets: [JWT], jwt: JWT, mutate: (s) => (s.page.url = `https://app.example.com/cb#id_token=${JWT}&state=abc`) },
  { place: 'page title', secrets: [OPAQUE], mutate: (s) => (s.page.title = `Login token=${OPAQUE}`) },
  { place: 'navigation url', secrets: [OPAQUE], mutate: (s) => s.navigations.push({ time: T0, url: `https://app.example.com/?ticket=${OPAQUE}` }) },
  { place: 'subprotocol [bearer, jwt]', secrets: [JWT], jwt: JWT,
    mutate: (_s, c) => {
      c.protocolsRequested = ['graphql-ws', 'bearer', JWT];
      c.handshake!.requestHeaders.push({ name: 'Sec-WebSocket-Protocol', value: `graphql-ws, bearer, ${JWT}` });
    } },
  { place: 'subprotocol [access_token, opaque] negotiated', secrets: [OPAQUE],
    mutate: (_s, c) => {
      c.protocolsRequested = ['access_token', OPAQUE];
      c.protocol = OPAQUE;
      c.events.push({ kind: 'open', time: T0, protocol: OPAQUE, extensions: '' });
      c.handshake!.responseHeaders.push({ name: 'Sec-WebSocket-Protocol', value: OPAQUE });
    } },
  { place: 'subprotocol k8s bearer', secrets: [SECRETS.k8sToken, 'k8s-service-account-token-abcdef123456'],
    mutate: (_s, c) => {
      c.protocolsRequested = ['v4.channel.k8s.io', `base64url.bearer.authorization.k8s.io.${SECRETS.k8sToken}`];
      c.handshake!.requestHeaders.push({ name: 'Sec-WebSocket-Protocol', value: `v4.channel.k8s.io, base64url.bearer.authorization.k8s.io.${SECRETS.k8sToken}` });
    } },
  { place: 'subprotocol that is an opaque token', secrets: [SECRETS.opaqueProtocolToken], mutate: (_s, c) => (c.protocolsRequested = ['chat', SECRETS.opaqueProtocolToken]) },
  ...[HEX_PROTOCOL_TOKEN, LOWER_PROTOCOL_TOKEN].map((token): PlaceRow => ({
    place: `subprotocol that is a lower-case token ${token.slice(0, 6)}…, negotiated`,
    secrets: [token],
    mutate: (_s, c) => {
      c.protocolsRequested = ['v1', token];
      c.protocol = token;
      c.events.push({ kind: 'open', time: T0, protocol: token, extensions: '' });
      c.handshake!.requestHeaders.push({ name: 'Sec-WebSocket-Protocol', value: `v1, ${token}` });
      c.handshake!.responseHeaders.push({ name: 'Sec-WebSocket-Protocol', value: token });
    },
  })),
  { place: 'close reason with JWT', secrets: [JWT], jwt: JWT,
    mutate: (_s, c) => {
      c.close = { code: 4401, reason: `token expired: ${JWT}`, wasClean: true, initiator: 'server' };
      c.events.push({ kind: 'close', time: T0, code: 4401, reason: `token expired: ${JWT}`, wasClean: true, initiator: 'server' });
    } },
  { place: 'close reason with URL', secrets: [OPAQUE], mutate: (_s, c) => (c.close = { code: 4000, reason: `reconnect to wss://b.example.com/?key=${OPAQUE}`, wasClean: true, initiator: 'server' }) },
  { place: 'close-call event reason', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.events.push({ kind: 'close-call', time: T0, code: 4000, reason: JWT }) },
  { place: 'send-error event', secrets: [OPAQUE], mutate: (_s, c) => c.events.push({ kind: 'send-error', time: T0, error: `failed to send password=${OPAQUE}` }) },
  { place: 'handshake error', secrets: [OPAQUE], mutate: (_s, c) => (c.handshake!.error = `net::ERR_FAILED for wss://x.example.com/?sig=${OPAQUE}`) },
  { place: 'text frame with JWT', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.frames.push(textFrame(`AUTH ${JWT}`)) },
  { place: 'text frame with URL', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`{"next":"https://api.example.com/v1?api_key=${OPAQUE}"}`)) },
  { place: 'JSON frame password key', secrets: [SECRETS.password], mutate: (_s, c) => c.frames.push(textFrame(JSON.stringify({ user: 'ada', password: SECRETS.password }))) },
  { place: 'JSON frame apiKey / clientSecret keys', secrets: [SECRETS.apiKey, OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`{ "apiKey" : "${SECRETS.apiKey}", "client_secret": "${OPAQUE}" }`)) },
  { place: 'JSON frame numeric pin-like secret', secrets: ['918273645546'], mutate: (_s, c) => c.frames.push(textFrame('{"otp":918273645546}')) },
  { place: 'JSON frame Authorization header value', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`{"headers":{"Authorization":"Bearer ${OPAQUE}"}}`)) },
  { place: 'JSON inside a JSON string', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(JSON.stringify({ payload: JSON.stringify({ token: OPAQUE }) }))) },
  { place: 'socket.io event frame', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`42["authenticate",{"accessToken":"${OPAQUE}"}]`)) },
  { place: 'STOMP CONNECT frame', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`CONNECT\naccept-version:1.2\nlogin:ada\npasscode:${OPAQUE}\n\n\u0000`)) },
  { place: 'truncated JSON frame cut inside the secret', secrets: [OPAQUE], mutate: (_s, c) => c.frames.push(textFrame(`{"type":"auth","secret":"${OPAQUE}`, { truncated: true, size: 9000 })) },
  { place: 'base64 binary frame, UTF-8 JSON with JWT', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.frames.push(binaryFrame(binaryJson)) },
  { place: 'base64 binary frame, protobuf-like bytes with JWT', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.frames.push(binaryFrame(protobufish)) },
  // MessagePack str16 (da 01 41): the length's last byte reads as 'A', right before the JWT.
  { place: 'base64 binary frame, JWT right after a length byte that reads as a letter', secrets: [JWT], jwt: JWT,
    mutate: (_s, c) => c.frames.push(binaryFrame(Buffer.concat([Buffer.from([0x81, 0xa5, 0xda, 0x01, 0x41]), Buffer.from(JWT), Buffer.from([0xff])]))) },
  { place: 'text frame, JWT inside a percent-encoded value', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.frames.push(textFrame(`state=%7B%22t%22%3A%22${JWT}%22%7D`)) },
  { place: 'URL, JWT percent-encoded in another parameter', secrets: [JWT], jwt: JWT, mutate: (_s, c) => (c.url = `wss://rt.example.com/socket?next=%2Fws%3Ftoken%3D${JWT}`) },
  { place: 'URL, secret after a ; separator', secrets: [OPAQUE], mutate: (_s, c) => (c.url = `wss://rt.example.com/socket?a=1;token=${OPAQUE}`) },
  { place: 'JSON frame secret key with an array or object value', secrets: [OPAQUE, SECRETS.apiKey],
    mutate: (_s, c) => c.frames.push(textFrame(`{"apiKey":["${SECRETS.apiKey}"],"secret":{"value":"${OPAQUE}","n":1}}`)) },
  { place: 'JSON frame AWS secret access key', secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    mutate: (_s, c) => c.frames.push(textFrame('{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}')) },
  { place: 'nameless cookie', secrets: ['Sup3rS3cretValue9876'], mutate: (_s, c) => c.handshake!.requestHeaders.push({ name: 'Cookie', value: 'theme=dark; Sup3rS3cretValue9876' }) },
  { place: 'base64 binary frame, truncated mid UTF-8', secrets: [JWT], jwt: JWT, mutate: (_s, c) => c.frames.push(binaryFrame(truncatedUtf8, { truncated: true, size: 4096 })) },
  { place: 'finding detail (secret known from the URL)', secrets: [OPAQUE],
    mutate: (_s, c, fs) => {
      c.url = `wss://rt.example.com/socket?token=${OPAQUE}`;
      withFinding(fs, { detail: `The server rejected the credential ${OPAQUE} (sent in the URL).` });
    } },
  { place: 'finding title with JWT', secrets: [JWT], jwt: JWT, mutate: (_s, _c, fs) => withFinding(fs, { title: `JWT ${JWT} expired` }) },
  { place: 'finding extra field', secrets: [OPAQUE], mutate: (_s, _c, fs) => withFinding(fs, { frames: [{ excerpt: `password=${OPAQUE}` }] }) },
  { place: 'cookie value echoed in a frame under an innocent key', secrets: [SECRETS.cookieSid],
    mutate: (_s, c) => {
      c.handshake!.requestHeaders.push({ name: 'Cookie', value: `sid=${SECRETS.cookieSid}` });
      c.frames.push(textFrame(`{"type":"resume","handle":"${SECRETS.cookieSid}"}`));
    } },
];

/** A binary frame's bytes after redaction (other bytes than UTF-8 text: JWTs replaced in place). */
function redactBinary(bytes: Buffer): Buffer {
  const s = createSession({ url: 'https://app.example.com/', title: '' }, T0);
  const c = newConnection('c1', 'wss://x.example.com/', T0);
  c.frames.push(binaryFrame(bytes));
  s.connections.push(c);
  return Buffer.from(redactSession(s).session.connections[0]!.frames[0]!.data, 'base64');
}

/** The JWTs in a string that look like our redacted form. */
function redactedJwtsIn(text: string): string[] {
  return [...text.matchAll(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.REDACTED/g)].map((m) => m[0]);
}

function allText(value: unknown): string {
  // Includes decoded binary payloads, so a secret hidden in base64 is found too.
  const json = JSON.stringify(value);
  const decoded = [...json.matchAll(/"data":"([A-Za-z0-9+/=]+)","encoding":"base64"/g)].map((m) =>
    Buffer.from(m[1]!, 'base64').toString('latin1'),
  );
  return [json, ...decoded].join('\n');
}

describe('redaction: every place a secret can hide', () => {
  it.each(PLACES)('$place', ({ secrets, jwt, mutate }) => {
    const { session, findings } = sessionWith(mutate);
    const before = JSON.stringify(session);
    const file = exportSession(session, findings, OPTS);
    const har = exportHar(session, OPTS);
    const md = sessionSummaryMarkdown(session, findings, { includeSecrets: false });
    expect(JSON.stringify(session)).toBe(before); // input untouched
    expect(file.redacted).toBe(true);
    for (const out of [allText(file), allText(har), md]) {
      for (const secret of secrets) expect(out).not.toContain(secret);
    }
    if (jwt) {
      const original = jwtDecode<Record<string, unknown>>(jwt);
      const text = allText(file);
      const found = redactedJwtsIn(text);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) {
        const claims = jwtDecode<Record<string, unknown>>(r);
        for (const k of ['exp', 'nbf', 'iat']) expect(claims[k]).toBe(original[k]);
        expect(Object.keys(claims).every((k) => ['exp', 'nbf', 'iat'].includes(k))).toBe(true);
        expect(jwtDecode(r, { header: true })).toEqual(jwtDecode(jwt, { header: true }));
      }
    }
    // Sizes are the original payload sizes.
    expect(file.connections[0]!.frames.map((f) => f.size)).toEqual(session.connections[0]!.frames.map((f) => f.size));
  });

  it('includeSecrets exports everything unchanged with redacted: false', () => {
    const { session, findings } = sessionWith((_s, c, fs) => {
      c.url = `wss://rt.example.com/socket?token=${OPAQUE}`;
      c.frames.push(textFrame(JSON.stringify({ password: SECRETS.password })));
      withFinding(fs, { detail: JWT });
    });
    const file = exportSession(session, findings, { ...OPTS, includeSecrets: true });
    expect(file.redacted).toBe(false);
    const text = JSON.stringify(file);
    for (const s of [OPAQUE, SECRETS.password, JWT]) expect(text).toContain(s);
  });

  it('the rich session keeps none of its secrets', () => {
    const file = exportSession(richSession(), richFindings(), OPTS);
    const text = allText(file);
    for (const s of [URL_JWT, PROTOCOL_JWT, HEADER_JWT, FRAME_JWT, REASON_JWT, ...Object.values(SECRETS)]) {
      expect(text).not.toContain(s);
    }
    // What the recipient needs stays.
    expect(text).toContain('Bearer eyJ');
    expect(text).toContain('sid=[REDACTED]; csrf=[REDACTED]');
    expect(text).toContain('Basic [REDACTED]');
    expect(text).toContain('base64url.bearer.authorization.k8s.io.[REDACTED]');
    expect(text).toContain('net::ERR_CONNECTION_REFUSED');
    const urlJwt = redactedJwtsIn(file.connections[0]!.url)[0]!;
    expect(jwtDecode(urlJwt).exp).toBe(jwtDecode(URL_JWT).exp);
  });

  it('redactSession does not touch its input and recomputes retained chars', () => {
    const s = richSession();
    const before = JSON.stringify(s);
    const { session } = redactSession(s, richFindings());
    expect(JSON.stringify(s)).toBe(before);
    expect(session.retainedChars).toBe(session.connections.reduce((n, c) => n + c.frames.reduce((m, f) => m + f.data.length, 0), 0));
    expect(session.connections[0]!.frames).not.toBe(s.connections[0]!.frames);
  });
});

describe('redactJwt', () => {
  it('keeps header and time claims, drops other claims and the signature', () => {
    const r = redactJwt(JWT);
    const [header, payload, sig] = r.split('.');
    expect(header).toBe(JWT.split('.')[0]);
    expect(sig).toBe('REDACTED');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ exp: 1715670300, nbf: 1715670001, iat: 1715670000 });
    expect(jwtDecode(r)).toEqual({ exp: 1715670300, nbf: 1715670001, iat: 1715670000 });
    expect(isJwt(r)).toBe(true);
  });

  it.each([
    ['no time claims', makeJwt({ sub: 'x' }), {}],
    ['non-numeric exp is dropped', makeJwt({ exp: 'tomorrow', iat: 5 }), { iat: 5 }],
    ['unsigned (alg none, empty signature)', `${b64url('{"alg":"none"}')}.${b64url('{"exp":7}')}.`, { exp: 7 }],
    ['payload that is not JSON', `${b64url('{"alg":"HS256"}')}.bm90IGpzb24.c2ln`, {}],
    ['JWE (5 parts)', `${b64url('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.a2V5.aXY.Y2lwaGVy.dGFn`, {}],
  ])('%s', (_name, token, claims) => {
    const r = redactJwt(token);
    expect(r.endsWith('.REDACTED')).toBe(true);
    expect(jwtDecode(r)).toEqual(claims);
    expect(redactJwt(r)).toBe(r); // idempotent
  });

  it.each(['not-a-jwt', 'eyJub3QiOiJqd3QifQ.e30.x', ''])('%j is not a JWT: [REDACTED]', (s) => {
    expect(redactJwt(s)).toBe(REDACTED);
  });
});

describe('redactUrl', () => {
  it.each([
    ['wss://a.example.com/socket?room=1', 'wss://a.example.com/socket?room=1'],
    [`wss://a.example.com/s?token=${OPAQUE}&room=1`, 'wss://a.example.com/s?token=[REDACTED]&room=1'],
    [`wss://a.example.com/s?Access-Token=${OPAQUE}`, 'wss://a.example.com/s?Access-Token=[REDACTED]'],
    [`wss://a.example.com/s?accessToken=${OPAQUE}`, 'wss://a.example.com/s?accessToken=[REDACTED]'],
    [`wss://a.example.com/s?jwt=${JWT}`, `wss://a.example.com/s?jwt=${redactJwt(JWT)}`],
    ['wss://a.example.com/s?token=undefined', 'wss://a.example.com/s?token=undefined'],
    ['wss://a.example.com/s?token=null&key=', 'wss://a.example.com/s?token=null&key='],
    ['wss://a.example.com/s?token=%5Bobject%20Object%5D', 'wss://a.example.com/s?token=%5Bobject%20Object%5D'],
    [`wss://u:${OPAQUE}@a.example.com/`, 'wss://u:[REDACTED]@a.example.com/'],
    [`https://a.example.com/cb#access_token=${OPAQUE}&expires_in=3600`, 'https://a.example.com/cb#access_token=[REDACTED]&expires_in=3600'],
    ['https://a.example.com/page#section-2', 'https://a.example.com/page#section-2'],
    [`wss://a.example.com/${JWT}`, `wss://a.example.com/${redactJwt(JWT)}`],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
    expect(redactUrl(redactUrl(input))).toBe(expected);
  });
});

describe('redactHeader', () => {
  it.each([
    [{ name: 'Authorization', value: `Bearer ${JWT}` }, `Bearer ${redactJwt(JWT)}`],
    [{ name: 'Authorization', value: `Bearer ${OPAQUE}` }, 'Bearer [REDACTED]'],
    [{ name: 'Authorization', value: 'Bearer undefined' }, 'Bearer undefined'],
    [{ name: 'Authorization', value: 'Basic YWRhOnBhc3N3b3Jk' }, 'Basic [REDACTED]'],
    [{ name: 'Authorization', value: OPAQUE }, '[REDACTED]'],
    [{ name: 'Cookie', value: 'a=1; b=2' }, 'a=[REDACTED]; b=[REDACTED]'],
    // A cookie without a name (document.cookie = 'flag') is all value: it may be the token.
    [{ name: 'cookie', value: 'a=; flag' }, 'a=; [REDACTED]'],
    [{ name: 'cookie', value: 'theme=dark; Sup3rS3cretValue9876' }, 'theme=[REDACTED]; [REDACTED]'],
    [{ name: 'set-cookie', value: 'Sup3rS3cretValue9876; Path=/' }, '[REDACTED]; Path=/'],
    [{ name: 'Set-Cookie', value: `sid=${OPAQUE}; Path=/; Secure; SameSite=None` }, 'sid=[REDACTED]; Path=/; Secure; SameSite=None'],
    [{ name: 'X-Api-Key', value: OPAQUE }, '[REDACTED]'],
    [{ name: 'Ocp-Apim-Subscription-Key', value: OPAQUE }, '[REDACTED]'],
    [{ name: 'X-CSRF-Token', value: OPAQUE }, '[REDACTED]'],
    [{ name: 'Sec-WebSocket-Protocol', value: `chat, bearer, ${JWT}` }, `chat, bearer, ${redactJwt(JWT)}`],
    [{ name: 'Sec-WebSocket-Protocol', value: 'graphql-transport-ws' }, 'graphql-transport-ws'],
    [{ name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' }, 'dGhlIHNhbXBsZSBub25jZQ=='],
    [{ name: 'Sec-WebSocket-Accept', value: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' }, 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    [{ name: 'WWW-Authenticate', value: 'Bearer realm="rt", error="invalid_token"' }, 'Bearer realm="rt", error="invalid_token"'],
    [{ name: ':authority', value: 'rt.example.com' }, 'rt.example.com'],
    [{ name: ':path', value: `/socket?token=${OPAQUE}` }, '/socket?token=[REDACTED]'],
    [{ name: 'Origin', value: 'https://app.example.com' }, 'https://app.example.com'],
    [{ name: 'User-Agent', value: 'Mozilla/5.0' }, 'Mozilla/5.0'],
  ])('%o', (header, expected) => {
    expect(redactHeader(header)).toEqual({ name: header.name, value: expected });
    expect(redactHeader(redactHeader(header))).toEqual({ name: header.name, value: expected });
  });
});

describe('redactProtocols', () => {
  it.each([
    [['graphql-ws'], ['graphql-ws']],
    [['bearer', JWT], ['bearer', redactJwt(JWT)]],
    [['access_token', OPAQUE, 'v1.json'], ['access_token', REDACTED, 'v1.json']],
    [[`base64url.bearer.authorization.k8s.io.${SECRETS.k8sToken}`, 'v5.channel.k8s.io'], ['base64url.bearer.authorization.k8s.io.[REDACTED]', 'v5.channel.k8s.io']],
    [['wamp.2.json', 'mqtt', 'v12.stomp', 'ocpp1.6', 'graphql-transport-ws'], ['wamp.2.json', 'mqtt', 'v12.stomp', 'ocpp1.6', 'graphql-transport-ws']],
    [[SECRETS.opaqueProtocolToken], [REDACTED]],
    [['v1', HEX_PROTOCOL_TOKEN], ['v1', REDACTED]],
    [['v1', LOWER_PROTOCOL_TOKEN], ['v1', REDACTED]],
    [['chat', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'], ['chat', REDACTED]],
    [['chat', '0123456789ABCDEF0123456789ABCDEF'], ['chat', REDACTED]],
    [['chat', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'], ['chat', REDACTED]],
    [['chat', 'sess_4k2j9x7q1m0v8b3n5c6z'], ['chat', REDACTED]],
    [['chat', 'JBSWY3DPEHPK3PXP4Q7R2T9W'], ['chat', REDACTED]],
  ])('%j', (input, expected) => {
    expect(redactProtocols(input)).toEqual(expected);
  });

  it.each([
    'graphql-transport-ws',
    'graphql-ws',
    'subscriptions-transport-ws',
    'aws-appsync-event-ws',
    'v10.stomp',
    'v11.stomp',
    'v12.stomp',
    'mqtt',
    'mqttv3.1',
    'wamp.2.json',
    'wamp.2.msgpack.batched',
    'actioncable-v1-json',
    'actioncable-v1-msgpack',
    'actioncable-unsupported',
    'phoenix',
    'ocpp1.6',
    'ocpp2.0.1',
    'soap',
    'xmpp',
    'chat.v2',
    'echo-protocol',
    'v4.channel.k8s.io',
    'v5.channel.k8s.io',
    'base64.channel.k8s.io',
    'v1.kernel.websocket.jupyter.org',
    'json.webpubsub.azure.v1',
    'protobuf.reliable.webpubsub.azure.v1',
    'notificationchannel-netapi-rest.openmobilealliance.org',
    '2016.serverpush.dash.mpeg.org',
    'v2-protocol-2024-01-15',
    'deadbeef',
    'TLCP-2.2.0.lightstreamer.com',
    'Mqtt-Over-WebSocket.Example3.org',
  ])('%s is a protocol name, not a token', (name) => {
    expect(looksLikeOpaqueToken(name)).toBe(false);
    expect(redactProtocols(['v1', name])).toEqual(['v1', name]);
    expect(redactHeader({ name: 'Sec-WebSocket-Protocol', value: `${name}, v1` }).value).toBe(`${name}, v1`);
  });

  it('a dotted token ending in a random segment (PASETO) is still a token', () => {
    expect(looksLikeOpaqueToken('v4.public.eyJzdWIiOiJ1c2VyIn0Qx9kLm2Tz8WvB3nRp5aYc7hJd1sFg')).toBe(true);
  });
});

describe('redactText', () => {
  it.each([
    ['plain text', 'hello world', 'hello world'],
    ['close reason', 'Going away', 'Going away'],
    ['JSON code key is not a secret', '{"code":4001,"key":"ArrowUp","session":"s-1"}', '{"code":4001,"key":"ArrowUp","session":"s-1"}'],
    ['JSON password', `{"password":"${OPAQUE}"}`, '{"password":"[REDACTED]"}'],
    ['JSON password null stays', '{"password":null,"token":""}', '{"password":null,"token":""}'],
    ['JSON token with JWT', `{"token":"${JWT}"}`, `{"token":"${redactJwt(JWT)}"}`],
    ['JSON numeric secret', '{"pin":1234,"passcode":98765432}', '{"pin":1234,"passcode":"[REDACTED]"}'],
    ['pair in text', `retry with token=${OPAQUE}.`, 'retry with token=[REDACTED].'],
    ['pair placeholder kept', 'token=undefined', 'token=undefined'],
    ['Bearer in text', `sent Bearer ${OPAQUE} to server`, 'sent Bearer [REDACTED] to server'],
    ['Token word in prose', 'Token expired', 'Token expired'],
    ['header line', `Authorization: Basic ${SECRETS.basic}\nHost: a`, 'Authorization: Basic [REDACTED]\nHost: a'],
    ['JWT at sentence end keeps the dot', `bad token ${JWT}.`, `bad token ${redactJwt(JWT)}.`],
    ['base64 that is not a JWT', 'eyJmb28iOjF9', 'eyJmb28iOjF9'],
    ['JSON-ish base64 with dots, no alg', `${b64url('{"foo":1}')}.${b64url('{"bar":2}')}.x`, `${b64url('{"foo":1}')}.${b64url('{"bar":2}')}.x`],
    ['escaped JSON', '{"payload":"{\\"secret\\":\\"abcdefghij123\\"}"}', '{"payload":"{\\"secret\\":\\"[REDACTED]\\"}"}'],
    ['url with unicode', 'see https://a.example.com/ü?x=1', 'see https://a.example.com/ü?x=1'],
    ['XSS text untouched', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['JWT after a percent-escape', `state=%7B%22t%22%3A%22${JWT}%22%7D`, `state=%7B%22t%22%3A%22${redactJwt(JWT)}%22%7D`],
    ['base64url word ending in eyJ… is not a JWT start', `x${JWT}`, `x${JWT}`],
    ['secret key, array value', `{"apiKey":["${OPAQUE}", 12],"user":"ada"}`, '{"apiKey":["[REDACTED]", 12],"user":"ada"}'],
    ['secret key, object value; keys kept, later keys still read', `{"secret":{"value":"${OPAQUE}"},"token":"${OPAQUE}"}`, '{"secret":{"value":"[REDACTED]"},"token":"[REDACTED]"}'],
    ['secret key, object value cut off', `{"secret":{"value":"${OPAQUE}`, '{"secret":{"value":"[REDACTED]'],
    ['secret key, empty array', '{"token":[]}', '{"token":[]}'],
  ])('%s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(redactText(input))).toBe(expected);
  });

  it('finds a JWT in binary that starts inside a longer base64url-looking run', () => {
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(`eyJeyJ${JWT}`), Buffer.from([0xfe])]);
    const redacted = redactJwt(JWT).padEnd(JWT.length, '*');
    expect(redactBinary(bytes).toString('latin1')).toBe(`\xffeyJeyJ${redacted}\xfe`);
    // Runs longer than a JWT header may be: 9,000 chars of `eyJ…` before it, and a dotless run before that.
    const run = 'eyJ'.repeat(3000);
    const long = Buffer.concat([Buffer.from(`eyJ${'a'.repeat(5000)}\xff`, 'latin1'), Buffer.from(`${run}${JWT}`), Buffer.from([0xfe])]);
    expect(redactBinary(long).toString('latin1')).toBe(`eyJ${'a'.repeat(5000)}\xff${run}${redacted}\xfe`);
  });

  it('handles a 1 MB payload in reasonable time', () => {
    const big = `{"data":"${'a'.repeat(1024 * 1024)}","token":"${OPAQUE}"}`;
    const started = performance.now();
    const out = redactText(big);
    expect(out).not.toContain(OPAQUE);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('SECRET_PARAM_NAMES', () => {
  it('covers the names the format promises', () => {
    for (const n of ['token', 'access_token', 'id_token', 'refresh_token', 'jwt', 'auth', 'key', 'api_key', 'apikey', 'sig', 'signature', 'password', 'passwd', 'secret', 'code', 'session', 'sessionid', 'ticket']) {
      expect(SECRET_PARAM_NAMES).toContain(n);
      expect(redactUrl(`wss://a.example.com/?${n}=${OPAQUE}`)).toBe(`wss://a.example.com/?${n}=[REDACTED]`);
    }
  });
});
