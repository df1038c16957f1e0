import { describe, expect, it } from 'vitest';
import type { ConnectionSpec } from './factory';
import { conn, findings, jwt, MIN, SEC, secs, session, summary, T0 } from './factory';
import { shortCause } from '../../../src/diagnostics/make';

const withToken = (token: string, extra: ConnectionSpec = {}) => session(conn({ id: 'j', url: `wss://x.example/ws?token=${token}`, ...extra }));
const jwtIds = (s: ReturnType<typeof session>, now?: number) =>
  findings(s, undefined, now)
    .filter((f) => f.id.startsWith('jwt-'))
    .map((f) => `${f.id}:${f.severity}`);

describe('JWT time claims against the connect time', () => {
  it.each([
    ['valid for an hour', { exp: secs(T0 + 60 * MIN) }, []],
    ['no exp at all', { sub: 'x' }, []],
    ['no exp, iat in the past', { iat: secs(T0 - 10 * MIN) }, []],
    ['expired 3 min 12 s before', { exp: secs(T0 - 192 * SEC) }, ['jwt-expired:error']],
    ['expired 1 s before', { exp: secs(T0 - SEC) }, ['jwt-expired:error']],
    ['expires in 2 min', { exp: secs(T0 + 2 * MIN) }, ['jwt-expiring:warning']],
    ['expires in exactly 5 min', { exp: secs(T0 + 5 * MIN) }, ['jwt-expiring:warning']],
    ['expires in 6 min, connection ends before', { exp: secs(T0 + 6 * MIN) }, []],
    ['nbf 30 s ahead (within skew)', { nbf: secs(T0 + 30 * SEC), exp: secs(T0 + 60 * MIN) }, []],
    ['nbf 5 min ahead', { nbf: secs(T0 + 5 * MIN), exp: secs(T0 + 60 * MIN) }, ['jwt-not-yet-valid:error']],
    ['iat 10 min ahead, no nbf', { iat: secs(T0 + 10 * MIN), exp: secs(T0 + 60 * MIN) }, ['jwt-not-yet-valid:warning']],
    ['iat 30 s ahead (within skew)', { iat: secs(T0 + 30 * SEC), exp: secs(T0 + 60 * MIN) }, []],
    ['nbf ahead and expiring soon', { nbf: secs(T0 + 2 * MIN), exp: secs(T0 + 4 * MIN) }, ['jwt-not-yet-valid:error', 'jwt-expiring:warning']],
  ])('%s', (_name, claims, expected) => {
    expect(jwtIds(withToken(jwt(claims)), T0 + MIN).sort()).toEqual([...expected].sort());
  });

  it.each([
    ['iat', { iat: 1e13 }],
    ['nbf', { nbf: 1e13 }],
    ['iat and exp', { iat: 1e13, exp: 2e13 }],
    ['exp', { exp: 1e16 }],
    ['iat far in the past', { iat: -1e13, exp: secs(T0 - SEC) }],
  ])('a %s beyond what a Date holds is described, never thrown on (page data must not blank the panel)', (_name, claims) => {
    const s = withToken(jwt(claims));
    expect(() => findings(s, undefined, T0 + MIN)).not.toThrow();
    for (const f of findings(s, undefined, T0 + MIN).filter((x) => x.id.startsWith('jwt-'))) expect(f.detail).not.toMatch(/Invalid/);
  });

  it('says a time claim written in milliseconds is one', () => {
    const [iat] = findings(withToken(jwt({ iat: T0 + 10 * MIN })), 'jwt-not-yet-valid');
    expect(iat!.detail).toMatch(/iat \(\d+\) looks like milliseconds/);
    expect(shortCause(iat!)).toBe('its iat is in milliseconds, not seconds');
    const [nbf] = findings(withToken(jwt({ nbf: T0 })), 'jwt-not-yet-valid');
    expect(nbf!.detail).toMatch(/nbf \(\d+\) looks like milliseconds/);
    const [skew] = findings(withToken(jwt({ iat: secs(T0 + 10 * MIN) })), 'jwt-not-yet-valid');
    expect(skew!.detail).not.toMatch(/milliseconds/);
  });

  it('says it in human terms', () => {
    const [f] = findings(withToken(jwt({ exp: secs(T0 - 192 * SEC), iat: secs(T0 - 3600 * SEC - 192 * SEC) })), 'jwt-expired');
    expect(f!.detail).toMatch(/expired 3 min 12 s before connecting/);
    expect(f!.detail).toMatch(/valid for 1 h/);
    expect(f!.detail).toMatch(/query parameter "token"/);
    expect(f!.title).toBe('JWT expired before connecting');
  });

  it('mentions clock skew when an expiry is within a minute', () => {
    const [f] = findings(withToken(jwt({ exp: secs(T0 - 20 * SEC) })), 'jwt-expired');
    expect(f!.detail).toMatch(/clock difference/);
    const [nbf] = findings(withToken(jwt({ nbf: secs(T0 + 5 * MIN) })), 'jwt-not-yet-valid');
    expect(nbf!.detail).toMatch(/clock skew/);
    expect(nbf!.detail).toMatch(/becomes valid 5 min after connecting/);
  });

  it('relates an expired token to a refusal', () => {
    const s = withToken(jwt({ exp: secs(T0 - MIN) }), { open: null, handshake: { status: 401 } });
    expect(findings(s, 'jwt-expired')[0]!.detail).toMatch(/refused the connection \(HTTP 401\): this is the likely reason/);
    const ok = withToken(jwt({ exp: secs(T0 - MIN) }));
    expect(findings(ok, 'jwt-expired')[0]!.detail).toMatch(/accepted the connection anyway/);
  });

  it('flags a token that expired while the connection was open, and a close right after', () => {
    const s = withToken(jwt({ exp: secs(T0 + 30 * MIN) }), { close: { at: 30 * MIN + 2 * SEC, code: 4401 } });
    const [f] = findings(s, 'jwt-expiring');
    expect(f).toMatchObject({ title: 'JWT expired while connected', severity: 'warning', time: T0 + 30 * MIN });
    expect(f!.detail).toMatch(/closed 2 s later/);
    expect(f!.detail).toMatch(/enforces expiry/);
  });

  it('uses now for a connection still open', () => {
    const s = withToken(jwt({ exp: secs(T0 + 30 * MIN) }));
    expect(jwtIds(s, T0 + 10 * MIN)).toEqual([]);
    // Just past the expiry the outcome is open (a server may drop it any moment): a warning.
    expect(jwtIds(s, T0 + 30 * MIN + 5 * SEC)).toEqual(['jwt-expiring:warning']);
    // Still open well past it: the server does not enforce expiry on open connections; healthy.
    expect(jwtIds(s, T0 + 40 * MIN)).toEqual(['jwt-expiring:info']);
    expect(findings(s, 'jwt-expiring', T0 + 40 * MIN)[0]!.detail).toMatch(/still open past that time/);
  });

  it('a short-lived ticket on a socket the page closed before it expired is not a warning', () => {
    const s = session(conn({ url: `wss://x.example/ws?ticket=${jwt({ exp: secs(T0 + 5 * MIN) })}`, closeCall: MIN, close: { at: MIN + 100, code: 1000 } }));
    expect(findings(s, 'jwt-expiring').map((f) => f.severity)).toEqual(['info']);
  });

  it('evaluates each of two JWTs in one handshake', () => {
    const s = session(
      conn({
        url: `wss://x.example/ws?token=${jwt({ exp: secs(T0 - MIN) })}`,
        protocols: ['bearer', jwt({ exp: secs(T0 + 2 * MIN), sub: 'second' })],
      }),
    );
    expect(jwtIds(s).sort()).toEqual(['jwt-expired:error', 'jwt-expiring:warning']);
    expect(findings(s, 'jwt-expiring')[0]!.detail).toMatch(/subprotocol entry after "bearer"/);
  });

  it('evaluates a token found twice once, naming both places', () => {
    const token = jwt({ exp: secs(T0 - MIN) });
    const s = session(conn({ url: `wss://x.example/ws?token=${token}`, frames: [[100, 'send', `{"type":"connection_init","payload":{"authorization":"Bearer ${token}"}}`]] }));
    const list = findings(s, 'jwt-expired');
    expect(list).toHaveLength(1);
    expect(list[0]!.detail).toMatch(/query parameter "token" and the first messages \(field "payload.authorization"\)/);
    expect(list[0]!.frames).toEqual([{ connectionId: s.connections[0]!.id, index: 0 }]);
  });

  it('merges the same expired token reused by reconnects into one finding', () => {
    const token = jwt({ exp: secs(T0 - MIN) });
    const s = session(
      conn({ id: 'a', url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ id: 'b', at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
    );
    const list = findings(s, 'jwt-expired');
    expect(list).toHaveLength(1);
    expect(list[0]!.connectionIds).toEqual(['a', 'b']);
    expect(list[0]!.detail).toMatch(/used by 1 later connection/);
  });
});

describe('jwt-malformed', () => {
  it.each([
    ['a truncated token in a query parameter', { url: 'wss://x.example/ws?token=eyJhbGciOiJIUzI1NiJ9' }, 1],
    ['a truncated token in the Authorization header', { handshake: { request: { Authorization: 'Bearer eyJhbGciOiJIUzI1' } } }, 1],
    ['three junk parts in a token slot', { url: 'wss://x.example/ws?access_token=abcdefgh.ijklmnop.qrstuvwx' }, 1],
    ['an opaque token', { url: 'wss://x.example/ws?token=opaque-0123456789' }, 0],
    ['a Flask session cookie', { handshake: { request: { Cookie: `session=${Buffer.from('{"_permanent":true}').toString('base64url')}.ZXYZab.c2ln` } } }, 0],
  ] as const)('%s', (_name, spec, count) => {
    const list = findings(session(conn(spec as ConnectionSpec)), 'jwt-malformed');
    expect(list).toHaveLength(count);
    if (count) expect(list[0]!.severity).toBe('warning');
  });

  it('an exp in milliseconds: the token never expires, or is refused', () => {
    const token = jwt({ sub: 'u', exp: T0 + 60 * MIN });
    const [f] = findings(session(conn({ url: `wss://x.example/ws?token=${token}` })), 'jwt-malformed');
    expect(f).toMatchObject({ severity: 'warning', title: 'JWT exp in milliseconds' });
    expect(f!.detail).toMatch(/looks like milliseconds/);
    expect(findings(session(conn({ url: `wss://x.example/ws?token=${jwt({ sub: 'u', exp: secs(T0 + 60 * MIN) })}` })), 'jwt-malformed')).toEqual([]);
  });
});

describe('auth-missing', () => {
  it.each([
    ['HTTP 401 with headers seen', { open: null, handshake: { status: 401, request: { Host: 'x.example' } } }, 'error'],
    ['HTTP 403 without request headers', { open: null, handshake: { status: 403 } }, 'warning'],
    ['close 1008', { close: { at: 200, code: 1008 } }, 'warning'],
    ['close 3000', { close: { at: 200, code: 3000 } }, 'warning'],
    ['close 3003', { close: { at: 200, code: 3003 } }, 'warning'],
    ['close 4001', { close: { at: 200, code: 4001 } }, 'warning'],
    ['close 4003', { close: { at: 200, code: 4003 } }, 'warning'],
    ['close 4401', { close: { at: 200, code: 4401 }, handshake: { status: 101, request: { Host: 'x' } } }, 'error'],
    ['close 4403', { close: { at: 200, code: 4403 } }, 'warning'],
    ['close 4001 "token expired"', { close: { at: 200, code: 4001, reason: 'token expired' } }, 'warning'],
    ['close 1008 "Unauthorized"', { close: { at: 200, code: 1008, reason: 'Unauthorized' } }, 'warning'],
  ] as const)('%s with no credential → %s', (_name, spec, severity) => {
    const list = findings(session(conn(spec as ConnectionSpec)), 'auth-missing');
    expect(list.map((f) => f.severity)).toEqual([severity]);
  });

  it.each([
    ['a token was sent', { url: 'wss://x.example/ws?token=abc', open: null, handshake: { status: 401 } }],
    ['a session cookie was sent', { open: null, handshake: { status: 401, request: { Cookie: 'sessionid=abc' } } }],
    ['a connection_init token was sent', { close: { at: 500, code: 4403 }, frames: [[100, 'send', '{"type":"connection_init","payload":{"token":"abc"}}']] }],
    ['the refusal is not auth-like', { open: null, handshake: { status: 404 } }],
    ['the page itself closed with 4001', { closeCall: 100, close: { at: 200, code: 4001 } }],
    // Codes servers also use for other refusals, with a reason that says which.
    ['4001 "room full"', { close: { at: 200, code: 4001, reason: 'room full' } }],
    ['1008 "message rate exceeded"', { close: { at: 200, code: 1008, reason: 'message rate exceeded' } }],
    ['nothing went wrong', {}],
  ] as const)('is not raised when %s', (_name, spec) => {
    expect(findings(session(conn(spec as ConnectionSpec)), 'auth-missing')).toEqual([]);
  });

  it('lists non-session cookies and limits of visibility', () => {
    const [f] = findings(session(conn({ hooked: false, open: null, handshake: { status: 401, request: { Cookie: '_ga=1; theme=dark' } } })), 'auth-missing');
    expect(f!.detail).toMatch(/cookies \(_ga, theme\)/);
    expect(f!.detail).toMatch(/first messages were not captured/);
  });

  it('merges refusals of one endpoint into one finding', () => {
    const s = session(
      conn({ id: 'a', open: null, handshake: { status: 401 } }),
      conn({ id: 'b', at: T0 + 10 * SEC, open: null, handshake: { status: 401 } }),
      conn({ id: 'c', at: T0 + 30 * SEC, open: null, handshake: { status: 401 } }),
    );
    const list = findings(s, 'auth-missing');
    expect(list).toHaveLength(1);
    expect(list[0]!.connectionIds).toEqual(['a', 'b', 'c']);
    expect(list[0]!.detail).toMatch(/2 later connections to this endpoint were refused/);
  });
});

describe('insecure-transport', () => {
  it.each([
    ['token over ws:// to a remote host', 'ws://chat.example.com/ws?token=abc', {}, 1],
    ['session cookie over ws://', 'ws://chat.example.com/ws', { handshake: { request: { Cookie: 'PHPSESSID=abc' } } }, 1],
    ['token over wss://', 'wss://chat.example.com/ws?token=abc', {}, 0],
    ['token over ws:// to localhost', 'ws://localhost:3000/ws?token=abc', {}, 0],
    ['token over ws:// to 127.0.0.1', 'ws://127.0.0.1:3000/ws?token=abc', {}, 0],
    ['token over ws:// to [::1]', 'ws://[::1]:3000/ws?token=abc', {}, 0],
    ['token over ws:// to app.localhost', 'ws://app.localhost/ws?token=abc', {}, 0],
    ['no credentials over ws://', 'ws://chat.example.com/ws?room=1', {}, 0],
    ['an analytics cookie over ws://', 'ws://chat.example.com/ws', { handshake: { request: { Cookie: '_ga=GA1.2.3' } } }, 0],
  ] as const)('%s', (_name, url, extra, count) => {
    const list = findings(session(conn({ url, ...(extra as ConnectionSpec) })), 'insecure-transport');
    expect(list).toHaveLength(count);
    if (count) expect(list[0]).toMatchObject({ severity: 'warning', title: 'Credentials over unencrypted ws://' });
  });

  it('gives one finding per endpoint', () => {
    const s = session(conn({ url: 'ws://c.example/ws?token=a' }), conn({ url: 'ws://c.example/ws?token=b', at: T0 + MIN }));
    expect(findings(s, 'insecure-transport')).toHaveLength(1);
    expect(summary(s)).toEqual(['insecure-transport:warning']);
  });
});
