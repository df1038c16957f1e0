import { describe, expect, it } from 'vitest';
import type { ConnectionSpec } from './factory';
import { conn, findings, session, summary } from './factory';

const rejected = (status: number, response: Record<string, string> = {}, statusText?: string) =>
  session(conn({ open: null, close: { at: 40, code: 1006 }, handshake: { status, response, ...(statusText ? { statusText } : {}) } }));

describe('handshake-rejected', () => {
  it.each([
    [401, /requires authentication/, 'HTTP 401 Unauthorized'],
    [403, /Origin/, 'HTTP 403 Forbidden'],
    [404, /Nothing answers at this path/, 'HTTP 404 Not Found'],
    [400, /invalid/, 'HTTP 400 Bad Request'],
    [426, /Upgrade Required/, 'HTTP 426 Upgrade Required'],
    [429, /rate limiting/, 'HTTP 429 Too Many Requests'],
    [500, /server logs/, 'HTTP 500 Internal Server Error'],
    [502, /Bad Gateway/, 'HTTP 502 Bad Gateway'],
    [503, /Service Unavailable/, 'HTTP 503 Service Unavailable'],
    [504, /Gateway Timeout/, 'HTTP 504 Gateway Timeout'],
    [200, /Upgrade and Connection headers/, 'HTTP 200 OK'],
    [302, /do not follow redirects/, 'HTTP 302 Found'],
    [418, /refused the upgrade/, 'HTTP 418'],
    [520, /failed/, 'HTTP 520'],
  ])('%d is explained', (status, explanation, title) => {
    const [f] = findings(rejected(status), 'handshake-rejected');
    expect(f).toMatchObject({ severity: 'error', connectionIds: ['c' + f!.connectionIds[0]!.slice(1)] });
    expect(f!.title).toBe(`Handshake rejected: ${title}`);
    expect(f!.detail).toMatch(explanation);
    expect(f!.detail).toMatch(/close code 1006/);
  });

  it('uses the status text the server gave', () => {
    const [f] = findings(rejected(401, {}, 'Token Expired'), 'handshake-rejected');
    expect(f!.title).toBe('Handshake rejected: HTTP 401 Token Expired');
  });

  it('quotes WWW-Authenticate, Retry-After and Location', () => {
    const s = rejected(401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"', 'Retry-After': '30', 'Content-Type': 'text/plain' });
    const [f] = findings(s, 'handshake-rejected');
    expect(f!.detail).toContain('WWW-Authenticate: "Bearer error="invalid_token", error_description="expired""');
    expect(f!.detail).toContain('Retry-After: "30"');
    expect(f!.detail).not.toContain('Content-Type');
    const [r] = findings(rejected(301, { Location: 'wss://new.example/ws' }), 'handshake-rejected');
    expect(r!.detail).toContain('Location: "wss://new.example/ws"');
  });

  it('says which credentials a 401 carried', () => {
    const s = session(conn({ url: 'wss://x.example/ws?token=abc', open: null, handshake: { status: 401 } }));
    expect(findings(s, 'handshake-rejected')[0]!.detail).toContain('This request carried: query parameter "token".');
  });

  it('explains the 1006 rather than calling it unexplained: the 1006 is then only its consequence (info)', () => {
    expect(summary(rejected(403))).toEqual(['handshake-rejected:error', 'auth-missing:warning', 'close-code:info']);
  });

  it('ignores 101 and a missing handshake', () => {
    expect(findings(session(conn({ handshake: { status: 101 } })), 'handshake-rejected')).toEqual([]);
    expect(findings(session(conn()), 'handshake-rejected')).toEqual([]);
  });

  it('reports a handshake-only connection (hooked=false)', () => {
    const s = session(conn({ hooked: false, open: null, handshake: { status: 502 } }));
    expect(summary(s)).toEqual(['handshake-rejected:error']);
  });
});

describe('handshake-failed', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', /nothing accepted the connection/],
    ['NS_ERROR_CONNECTION_REFUSED', /nothing accepted the connection/],
    ['net::ERR_NAME_NOT_RESOLVED', /did not resolve/],
    ['NS_ERROR_UNKNOWN_HOST', /did not resolve/],
    ['net::ERR_CERT_AUTHORITY_INVALID', /certificate/],
    ['net::ERR_CERT_COMMON_NAME_INVALID', /certificate/],
    ['net::ERR_CERT_DATE_INVALID', /certificate/],
    ['SEC_ERROR_UNKNOWN_ISSUER', /certificate/],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', /certificate/],
    ['net::ERR_SSL_PROTOCOL_ERROR', /TLS handshake failed/],
    ['net::ERR_FAILED', /refused port.*401/],
    ['net::ERR_CONNECTION_TIMED_OUT', /timeout/],
    ['NS_ERROR_NET_TIMEOUT', /timeout/],
    ['net::ERR_CONNECTION_RESET', /reset/],
    ['NS_ERROR_NET_RESET', /reset/],
    ['net::ERR_INTERNET_DISCONNECTED', /network was unavailable/],
    ['NS_ERROR_OFFLINE', /network was unavailable/],
    ['net::ERR_PROXY_CONNECTION_FAILED', /proxy/],
    ['net::ERR_BLOCKED_BY_CLIENT', /extension/],
    ['net::ERR_EMPTY_RESPONSE', /without answering/],
    ['net::ERR_INVALID_HTTP_RESPONSE', /not valid HTTP/],
    ['net::ERR_SOMETHING_NEW', /failed before any answer/],
  ])('%s is explained', (error, explanation) => {
    const s = session(conn({ open: null, close: { at: 40, code: 1006 }, handshake: { error } }));
    const [f] = findings(s, 'handshake-failed');
    expect(f).toMatchObject({ severity: 'error', title: `Handshake failed: ${error}` });
    expect(f!.detail).toMatch(explanation);
    expect(findings(s, 'abnormal-closure')).toEqual([]);
  });

  it('is only a warning when the request was aborted, and info when the page closed it', () => {
    const aborted = session(conn({ open: null, handshake: { error: 'net::ERR_ABORTED' } }));
    expect(findings(aborted, 'handshake-failed')[0]!.severity).toBe('warning');
    const byPage = session(conn({ open: null, closeCall: 5, close: { at: 10, code: 1006 }, handshake: { error: 'NS_BINDING_ABORTED' } }));
    expect(findings(byPage, 'handshake-failed')[0]!.severity).toBe('info');
  });

  it('mentions an unconfirmed subprotocol for a plain net::ERR_FAILED when the page requested one (seen in Chromium)', () => {
    // Chromium fails a 101 without Sec-WebSocket-Protocol as net::ERR_FAILED; webRequest never reports the 101.
    const s = session(conn({ open: null, protocols: ['v1.chat'], close: { at: 40, code: 1006 }, handshake: { error: 'net::ERR_FAILED' } }));
    expect(findings(s, 'handshake-failed')[0]!.detail).toMatch(/subprotocols "v1\.chat".*echoes one of the requested subprotocols/);
    const plain = session(conn({ open: null, close: { at: 40, code: 1006 }, handshake: { error: 'net::ERR_FAILED' } }));
    expect(findings(plain, 'handshake-failed')[0]!.detail).not.toContain('subprotocol');
  });

  it('reports a rejection, not a failure, when both a status and an error are known', () => {
    const s = session(conn({ open: null, handshake: { status: 401, error: 'net::ERR_FAILED' } }));
    expect(findings(s, 'handshake-failed')).toEqual([]);
    expect(findings(s, 'handshake-rejected')[0]!.detail).toContain('then reported net::ERR_FAILED');
  });
});

describe('subprotocol-mismatch', () => {
  it.each([
    ['opened with one of the requested', { protocols: ['graphql-transport-ws'], protocol: 'graphql-transport-ws' }, []],
    ['opened with none agreed', { protocols: ['graphql-transport-ws'], protocol: '' }, ['warning']],
    ['opened with one not requested', { protocols: ['v2.chat'], protocol: 'v1.chat' }, ['error']],
    ['nothing requested', { protocols: [], protocol: '' }, []],
    ['never opened: 101 without the header', { protocols: ['mqtt'], open: null, close: { at: 40, code: 1006 }, handshake: { status: 101 } }, ['error']],
    ['never opened: 101 with another protocol', { protocols: ['mqtt'], open: null, close: { at: 40, code: 1006 }, handshake: { status: 101, response: { 'Sec-WebSocket-Protocol': 'stomp' } } }, ['error']],
    ['never opened: 101 with the protocol', { protocols: ['mqtt'], open: null, close: { at: 40, code: 1006 }, handshake: { status: 101, response: { 'sec-websocket-protocol': 'mqtt' } } }, []],
    ['never opened: rejected (no header expected)', { protocols: ['mqtt'], open: null, handshake: { status: 401 } }, []],
    ['never opened: no handshake seen', { protocols: ['mqtt'], open: null, close: { at: 40, code: 1006 } }, []],
    ['handshake only, asked in the request header, none answered', { hooked: false, open: null, handshake: { status: 101, request: { 'Sec-WebSocket-Protocol': 'chat, superchat' } } }, ['error']],
  ] as const)('%s', (_name, spec, severities) => {
    const s = session(conn(spec as unknown as ConnectionSpec));
    expect(findings(s, 'subprotocol-mismatch').map((f) => f.severity)).toEqual(severities);
  });

  it('explains a 1006 before opening instead of abnormal-closure', () => {
    const s = session(conn({ protocols: ['mqtt'], open: null, close: { at: 40, code: 1006 }, handshake: { status: 101 } }));
    expect(summary(s)).toEqual(['subprotocol-mismatch:error', 'close-code:info']);
    expect(findings(s, 'subprotocol-mismatch')[0]!.detail).toMatch(/echo one of the requested/);
  });
});
