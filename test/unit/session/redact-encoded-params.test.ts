/**
 * Redaction of URL parameter values that are base64/base64url of JSON: AWS AppSync's
 * real-time endpoint carries the credential as `?header=<base64 of {"host","Authorization"}>`.
 */
import { jwtDecode } from 'jwt-decode';
import { describe, expect, it } from 'vitest';
import { decodeBase64Json, encodeBase64Like } from '../../../src/session/base64-json';
import { exportSession } from '../../../src/session/export';
import type { ExportedFinding } from '../../../src/session/format';
import { exportHar } from '../../../src/session/har-export';
import { REDACTED, redactJwt, redactSession, redactText, redactUrl } from '../../../src/session/redact';
import { sessionSummaryMarkdown } from '../../../src/session/summary';
import { newConnection } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import type { Connection, Session } from '../../../src/shared/model';
import { SECRETS, T0, makeJwt } from './helpers';

const OPTS = { includeSecrets: false, toolVersion: '0.1.0', now: new Date(T0 + 60_000) };

const HOST = 'abcdefghij.appsync-api.us-east-1.amazonaws.com';
const REALTIME = 'wss://abcdefghij.appsync-realtime-api.us-east-1.amazonaws.com/graphql';
const COGNITO_JWT = makeJwt(
  { sub: 'c0ffee00-1234', 'cognito:username': 'ada', token_use: 'id', email: 'ada@example.com', iat: 1715670000, exp: 1715673600 },
  { kid: 'kid-1', alg: 'RS256' },
);
const API_KEY = 'da2-abcdefghijklmnopqrstuvwxyz';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const appSyncUrl = (header: string): string => `${REALTIME}?header=${header}&payload=e30=`;

/** The `header` parameter of a URL (as written, not percent-decoded). */
function headerParam(url: string): string {
  const m = /[?&#]header=([^&#\s`]*)/.exec(url);
  expect(m).not.toBeNull();
  return m![1]!;
}

/** The JSON a base64 or base64url value encodes (Buffer accepts both alphabets). */
function decodeParam(value: string): unknown {
  return JSON.parse(Buffer.from(decodeURIComponent(value), 'base64').toString('utf8')) as unknown;
}

function sessionWith(url: string, mutate: (s: Session, c: Connection, findings: ExportedFinding[]) => void = () => {}): { session: Session; findings: ExportedFinding[] } {
  const s = createSession({ url: 'https://app.example.com/', title: 'App' }, T0);
  const c = newConnection('c1', url, T0);
  c.handshake = { status: 101, requestHeaders: [{ name: 'Sec-WebSocket-Protocol', value: 'graphql-ws' }], responseHeaders: [] };
  c.protocolsRequested = ['graphql-ws'];
  c.protocol = 'graphql-ws';
  s.connections.push(c);
  const findings: ExportedFinding[] = [];
  mutate(s, c, findings);
  return { session: s, findings };
}

describe('AppSync real-time URL: the credential inside base64 JSON', () => {
  const cognitoHeader = b64({ host: HOST, Authorization: COGNITO_JWT });
  const cognitoUrl = appSyncUrl(cognitoHeader);
  const apiKeyHeader = b64({ host: HOST, 'x-api-key': API_KEY });
  const apiKeyUrl = appSyncUrl(apiKeyHeader);

  it('redacts a Cognito JWT, keeps host, claims and the encoding style, leaves payload=e30= alone', () => {
    const out = redactUrl(cognitoUrl);
    expect(out).not.toBe(cognitoUrl);
    expect(out.startsWith(`${REALTIME}?header=`)).toBe(true);
    expect(out.endsWith('&payload=e30=')).toBe(true);
    const header = headerParam(out);
    // Same JSON text, same alphabet and padding: standard base64, as btoa writes it.
    expect(header).toBe(b64({ host: HOST, Authorization: redactJwt(COGNITO_JWT) }));
    const json = decodeParam(header) as Record<string, string>;
    expect(json.host).toBe(HOST);
    expect(jwtDecode(json.Authorization!)).toEqual({ iat: 1715670000, exp: 1715673600 });
    expect(jwtDecode(json.Authorization!, { header: true })).toEqual({ kid: 'kid-1', alg: 'RS256' });
    expect(Buffer.from(header, 'base64').toString()).not.toContain(COGNITO_JWT.split('.')[1]);
  });

  it('redacts an API key (x-api-key)', () => {
    const out = redactUrl(apiKeyUrl);
    expect(decodeParam(headerParam(out))).toEqual({ host: HOST, 'x-api-key': REDACTED });
    expect(out.endsWith('&payload=e30=')).toBe(true);
  });

  it('redacts IAM (SigV4) headers: the security token and the signature, keeping the scheme', () => {
    const iam = {
      accept: 'application/json, text/javascript',
      'content-encoding': 'amz-1.0',
      'content-type': 'application/json; charset=UTF-8',
      host: HOST,
      'x-amz-date': '20240514T092107Z',
      'X-Amz-Security-Token': 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD',
      Authorization: 'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY123/20240514/us-east-1/appsync/aws4_request, SignedHeaders=accept;host;x-amz-date, Signature=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    };
    const json = decodeParam(headerParam(redactUrl(appSyncUrl(b64(iam))))) as Record<string, string>;
    expect(json).toEqual({ ...iam, 'X-Amz-Security-Token': REDACTED, Authorization: `AWS4-HMAC-SHA256 ${REDACTED}` });
  });

  it('is stable: redacting twice gives the same string', () => {
    for (const url of [cognitoUrl, apiKeyUrl]) {
      const once = redactUrl(url);
      expect(redactUrl(once)).toBe(once);
      expect(redactText(`reconnecting to ${once}`)).toBe(`reconnecting to ${once}`);
    }
    const { session } = redactSession(sessionWith(cognitoUrl).session);
    expect(redactSession(session).session.connections[0]!.url).toBe(session.connections[0]!.url);
  });

  it.each([
    ['payload=e30= ({})', `${REALTIME}?header=${b64({ host: HOST })}&payload=e30=`],
    ['JSON without secrets', `${REALTIME}?payload=${b64({ query: 'subscription { onMessage { id } }', variables: { room: 'r-1' } })}`],
    ['base64 that is not JSON', `${REALTIME}?state=${Buffer.from('just some state, not json').toString('base64')}`],
    ['base64 of a JSON string, not an object or array', `${REALTIME}?s=${b64('eyJhbGciOiJIUzI1NiJ9-as-a-string')}`],
    ['not base64', `${REALTIME}?header=not*base64&x=abc%ZZ`],
    ['a word that is valid base64', `${REALTIME}?room=lobby&mode=read`],
  ])('leaves %s byte-identical', (_name, url) => {
    expect(redactUrl(url)).toBe(url);
  });

  // `?????` always yields an aligned `???` (`Pz8/`, `Pz8_`); `x`s shift the length so padding is needed.
  const NOTES = ['?????', '?????x', '?????xx'];

  it('keeps base64url without padding as base64url without padding', () => {
    const note = NOTES.find((n) => b64url({ host: HOST, Authorization: COGNITO_JWT, note: n }).length % 4 !== 0)!;
    const header = b64url({ host: HOST, Authorization: COGNITO_JWT, note });
    expect(header).toMatch(/[-_]/);
    const out = headerParam(redactUrl(appSyncUrl(header)));
    expect(out).toBe(b64url({ host: HOST, Authorization: redactJwt(COGNITO_JWT), note }));
    expect(out).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('keeps a percent-encoded value percent-encoded', () => {
    const note = NOTES.find((n) => b64({ host: HOST, 'x-api-key': API_KEY, note: n }).endsWith('='))!;
    const raw = encodeURIComponent(b64({ host: HOST, 'x-api-key': API_KEY, note }));
    expect(raw).toMatch(/%2F.*%3D$/);
    const header = headerParam(redactUrl(appSyncUrl(raw)));
    expect(header).toBe(encodeURIComponent(b64({ host: HOST, 'x-api-key': REDACTED, note })));
    expect(decodeParam(header)).toEqual({ host: HOST, 'x-api-key': REDACTED, note });
  });

  it('writes a value that could be either alphabet (no marker, no padding needed) as standard base64', () => {
    expect(apiKeyHeader).toMatch(/^[A-Za-z0-9]+$/);
    expect(apiKeyHeader.length % 4).toBe(0);
    const out = headerParam(redactUrl(apiKeyUrl));
    expect(out).toBe(b64({ host: HOST, 'x-api-key': REDACTED }));
    expect(out.endsWith('==')).toBe(true);
  });

  it('handles a JSON array, a fragment parameter and pretty-printed JSON', () => {
    const arr = Buffer.from(JSON.stringify([{ token: 'tok-0123456789abcdef' }])).toString('base64');
    expect(decodeParam(headerParam(redactUrl(`https://a.example.com/cb?header=${arr}`)))).toEqual([{ token: REDACTED }]);
    expect(decodeParam(headerParam(redactUrl(`https://a.example.com/cb#header=${apiKeyHeader}`)))).toEqual({ host: HOST, 'x-api-key': REDACTED });
    const pretty = Buffer.from(JSON.stringify({ host: HOST, Authorization: COGNITO_JWT }, null, 2)).toString('base64');
    const text = Buffer.from(headerParam(redactUrl(appSyncUrl(pretty))), 'base64').toString();
    expect(text).toBe(JSON.stringify({ host: HOST, Authorization: redactJwt(COGNITO_JWT) }, null, 2));
  });

  it('redacts the parameter in free text and in a path-only value (:path)', () => {
    const out = redactText(`GET /graphql?header=${apiKeyHeader}&payload=e30= failed`);
    expect(out).toBe(`GET /graphql?header=${b64({ host: HOST, 'x-api-key': REDACTED })}&payload=e30= failed`);
    const { session } = redactSession(
      sessionWith(REALTIME, (_s, c) => c.handshake!.requestHeaders.push({ name: ':path', value: `/graphql?header=${cognitoHeader}&payload=e30=` })).session,
    );
    const path = session.connections[0]!.handshake!.requestHeaders.find((h) => h.name === ':path')!.value;
    expect(decodeParam(headerParam(path))).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT) });
  });

  it('redacts nested URLs inside the encoded JSON and keeps going over the rest of the text', () => {
    const inner = b64({ host: HOST, next: `wss://b.example.com/s?token=tok-0123456789&room=1`, more: `wss://c.example.com/?header=${apiKeyHeader}` });
    const text = `first ${REALTIME}?header=${inner}&payload=e30= then https://d.example.com/?access_token=tok-abcdef012345 end`;
    const out = redactText(text);
    const json = decodeParam(headerParam(out)) as Record<string, string>;
    expect(json.next).toBe('wss://b.example.com/s?token=[REDACTED]&room=1');
    expect(decodeParam(headerParam(json.more!))).toEqual({ host: HOST, 'x-api-key': REDACTED });
    expect(out).toContain('&payload=e30= then https://d.example.com/?access_token=[REDACTED] end');
    expect(redactText(out)).toBe(out);
  });

  it('session file: the connection url, frameUrl, page url and navigations', () => {
    const { session, findings } = sessionWith(cognitoUrl, (s, c) => {
      c.frameUrl = `https://app.example.com/embed#header=${apiKeyHeader}`;
      s.page.url = apiKeyUrl;
      s.navigations.push({ time: T0, url: cognitoUrl });
    });
    const file = exportSession(session, findings, OPTS);
    const c = file.connections[0]!;
    expect(decodeParam(headerParam(c.url))).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT) });
    expect(c.url.endsWith('&payload=e30=')).toBe(true);
    expect(decodeParam(headerParam(c.frameUrl!))).toEqual({ host: HOST, 'x-api-key': REDACTED });
    expect(decodeParam(headerParam(file.page.url))).toEqual({ host: HOST, 'x-api-key': REDACTED });
    expect(decodeParam(headerParam(file.session!.navigations[0]!.url))).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT) });
    const text = JSON.stringify(file);
    for (const s of [cognitoHeader, apiKeyHeader, COGNITO_JWT, API_KEY]) expect(text).not.toContain(s);
  });

  it('HAR: request.url and queryString', () => {
    const { session } = sessionWith(cognitoUrl);
    const req = exportHar(session, OPTS).log.entries[0]!.request;
    expect(decodeParam(headerParam(req.url))).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT) });
    const header = req.queryString.find((q) => q.name === 'header')!;
    // queryString values are decoded as form data (`+` → space); undo that to read the base64.
    expect(decodeParam(header.value.replace(/ /g, '+'))).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT) });
    expect(req.queryString.find((q) => q.name === 'payload')).toEqual({ name: 'payload', value: 'e30=' });
    expect(JSON.stringify(req)).not.toContain(cognitoHeader);
  });

  it('summary: the connection URL (cut to 200 characters) carries no key', () => {
    const { session, findings } = sessionWith(apiKeyUrl);
    const md = sessionSummaryMarkdown(session, findings, { includeSecrets: false });
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    const header = headerParam(row).replace(/…$/, '');
    const visible = Buffer.from(header.slice(0, header.length - (header.length % 4)), 'base64').toString('latin1');
    expect(visible).toContain(`"host":"${HOST}"`);
    expect(visible).not.toContain(API_KEY.slice(0, 8));
    expect(md).not.toContain(apiKeyHeader.slice(0, 120));
  });

  it('second pass: secrets found inside the header are replaced wherever else they appear', () => {
    const { session, findings } = sessionWith(apiKeyUrl, (_s, c, fs) => {
      // The key, and the whole header value, under innocent names elsewhere.
      c.frames.push({ time: T0 + 10, direction: 'send', type: 'text', size: 10, data: `{"type":"connection_init","meta":"${API_KEY}","h":"${apiKeyHeader}"}`, encoding: 'utf8', truncated: false });
      fs.push({ id: 'f1', severity: 'info', title: 'AppSync', detail: `The header value ${apiKeyHeader} carries ${API_KEY}`, connectionIds: ['c1'] });
    });
    const file = exportSession(session, findings, OPTS);
    const redactedHeader = b64({ host: HOST, 'x-api-key': REDACTED });
    expect(file.connections[0]!.frames[0]!.data).toBe(`{"type":"connection_init","meta":"${REDACTED}","h":"${redactedHeader}"}`);
    expect(file.findings[0]!.detail).toBe(`The header value ${redactedHeader} carries ${REDACTED}`);
  });

  it('second pass: a secret known from elsewhere is replaced inside the encoded header too', () => {
    const header = b64({ host: HOST, Authorization: COGNITO_JWT, 'x-amz-user-agent': 'aws-amplify/6.0', resume: SECRETS.cookieSid });
    const { session, findings } = sessionWith(appSyncUrl(header), (_s, c) => {
      c.handshake!.requestHeaders.push({ name: 'Cookie', value: `sid=${SECRETS.cookieSid}` });
    });
    const file = exportSession(session, findings, OPTS);
    const json = decodeParam(headerParam(file.connections[0]!.url));
    expect(json).toEqual({ host: HOST, Authorization: redactJwt(COGNITO_JWT), 'x-amz-user-agent': 'aws-amplify/6.0', resume: REDACTED });
    const har = exportHar(session, OPTS);
    expect(decodeParam(headerParam(har.log.entries[0]!.request.url))).toEqual(json);
  });
});

describe('decodeBase64Json / encodeBase64Like', () => {
  it.each([
    ['standard, padded', b64({ a: 1 }), { url: false, padded: true, escaped: false }],
    ['standard, needs no padding', b64({ abc: 1 }), { url: false, padded: true, escaped: false }],
    ['base64url, unpadded', b64url({ a: '??>' }), { url: true, padded: false, escaped: false }],
    ['percent-encoded', encodeURIComponent(b64({ a: '>>>' })), { url: false, padded: true, escaped: true }],
  ])('%s round-trips', (_name, value, style) => {
    const d = decodeBase64Json(value)!;
    expect(d).not.toBeNull();
    expect(d.style).toEqual(style);
    expect(encodeBase64Like(d.text, d.style)).toBe(value);
  });

  it.each(['', 'e30', 'abc', 'e30=x', 'e3+_', 'e30===', 'bm90IGpzb24=', 'IjEi', '////'])('%j is not base64 JSON', (value) => {
    expect(decodeBase64Json(value)).toBeNull();
  });
});
