import { describe, expect, it } from 'vitest';
import type { Credential } from '../../../src/diagnostics';
import { findCredentials } from '../../../src/diagnostics';
import type { ConnectionSpec } from './factory';
import { conn, jwt } from './factory';

const token = jwt({ sub: 'u1', exp: 2_000_000_000 });
const other = jwt({ sub: 'u2', exp: 2_000_000_001 });
const k8s = `base64url.bearer.authorization.k8s.io.${Buffer.from(token).toString('base64url')}`;

function found(spec: ConnectionSpec): Pick<Credential, 'source' | 'name' | 'value'>[] {
  return findCredentials(conn(spec)).map(({ source, name, value }) => ({ source, name, value }));
}

describe('findCredentials', () => {
  it.each<[string, ConnectionSpec, Pick<Credential, 'source' | 'name' | 'value'>[]]>([
    ['nothing', {}, []],
    ['Authorization header (any case)', { handshake: { request: { authorization: `Bearer ${token}` } } }, [{ source: 'authorization-header', name: 'Authorization', value: `Bearer ${token}` }]],
    ['Basic auth', { handshake: { request: { Authorization: 'Basic dXNlcjpwYXNz' } } }, [{ source: 'authorization-header', name: 'Authorization', value: 'Basic dXNlcjpwYXNz' }]],
    [
      'session cookies, not analytics cookies',
      // sidebar_state (shadcn/ui) holds "sid" inside a word: not a session cookie.
      { handshake: { request: { Cookie: `_ga=GA1.2.3.4; PHPSESSID=abc123; sidebar_state=true; theme=dark; jwt=${token}; connect.sid=s%3Axyz.sig` } } },
      [
        { source: 'cookie-header', name: 'PHPSESSID', value: 'abc123' },
        { source: 'cookie-header', name: 'jwt', value: token },
        { source: 'cookie-header', name: 'connect.sid', value: 's%3Axyz.sig' },
      ],
    ],
    ['a cookie holding a valid JWT under any name', { handshake: { request: { cookie: `prefs=${token}` } } }, [{ source: 'cookie-header', name: 'prefs', value: token }]],
    ['token query parameter', { url: `wss://x.example/ws?room=1&token=${token}` }, [{ source: 'query-param', name: 'token', value: token }]],
    ['access_token query parameter (SignalR)', { url: 'wss://x.example/hub?id=abc&access_token=opaque' }, [{ source: 'query-param', name: 'access_token', value: 'opaque' }]],
    ['authToken, x-api-key', { url: 'wss://x.example/ws?authToken=aaa&x-api-key=bbb' }, [
      { source: 'query-param', name: 'authToken', value: 'aaa' },
      { source: 'query-param', name: 'x-api-key', value: 'bbb' },
    ]],
    ['weak names need a secret-looking value', { url: 'wss://x.example/ws?code=ABCD&session=1&key=Zx8f0Qm2Lp9Rt4Vw7Yb' }, [{ source: 'query-param', name: 'key', value: 'Zx8f0Qm2Lp9Rt4Vw7Yb' }]],
    ['a JWT under any parameter name', { url: `wss://x.example/ws?q=${token}` }, [{ source: 'query-param', name: 'q', value: token }]],
    ['an empty token parameter is not a credential', { url: 'wss://x.example/ws?token=' }, []],
    ['subprotocol bearer + token', { protocols: ['graphql-ws', 'bearer', token] }, [{ source: 'subprotocol', name: 'bearer', value: token }]],
    ['subprotocol access_token + token', { protocols: ['access_token', 'opaque-123'] }, [{ source: 'subprotocol', name: 'access_token', value: 'opaque-123' }]],
    ['kubernetes subprotocol token', { protocols: ['v4.channel.k8s.io', k8s] }, [{ source: 'subprotocol', name: 'base64url.bearer.authorization.k8s.io', value: token }]],
    ['a bare JWT as subprotocol', { protocols: ['chat', token] }, [{ source: 'subprotocol', name: 'Sec-WebSocket-Protocol', value: token }]],
    ['subprotocols from the handshake when the hook did not see them', { hooked: false, open: null, handshake: { request: { 'Sec-WebSocket-Protocol': `bearer, ${token}` } } }, [{ source: 'subprotocol', name: 'bearer', value: token }]],
    ['plain subprotocols are not credentials', { protocols: ['wamp.2.json', 'v12.stomp', 'mqtt'] }, []],
    [
      'graphql-ws connection_init payload',
      { protocols: ['graphql-transport-ws'], frames: [[60, 'send', JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${token}`, locale: 'en' } })]] },
      [{ source: 'first-message', name: 'payload.Authorization', value: `Bearer ${token}` }],
    ],
    [
      'nested headers in connection_init',
      { frames: [[60, 'send', JSON.stringify({ type: 'connection_init', payload: { headers: { authorization: 'Bearer abc' } } })]] },
      [{ source: 'first-message', name: 'payload.headers.authorization', value: 'Bearer abc' }],
    ],
    ['socket.io auth packet', { frames: [[60, 'send', `40{"token":"${token}"}`]] }, [{ source: 'first-message', name: 'auth.token', value: token }]],
    ['socket.io auth packet with namespace', { frames: [[60, 'send', '40/admin,{"token":"opaque-abc"}']] }, [{ source: 'first-message', name: 'auth.token', value: 'opaque-abc' }]],
    ['phoenix join with a token', { frames: [[60, 'send', '["1","1","room:lobby","phx_join",{"token":"opaque-xyz"}]']] }, [{ source: 'first-message', name: '4.token', value: 'opaque-xyz' }]],
    ['auth message in a truncated frame (regex fallback)', { frames: [[60, 'send', '{"type":"auth","access_token":"abcdefghijkl","data":"xxxx']] }, [{ source: 'first-message', name: 'access_token', value: 'abcdefghijkl' }]],
    ['received messages are not credentials', { frames: [[60, 'receive', `{"token":"${token}"}`]] }, []],
    ['only the first five sent messages count', {
      frames: [
        [60, 'send', 'a'], [61, 'send', 'b'], [62, 'send', 'c'], [63, 'send', 'd'], [64, 'send', 'e'],
        [65, 'send', `{"token":"${token}"}`],
      ],
    }, []],
    ['plain chat messages are not credentials', { frames: [[60, 'send', '{"type":"message","text":"hello token"}'], [70, 'send', 'ping']] }, []],
    [
      'two JWTs in one handshake',
      { url: `wss://x.example/ws?token=${token}`, protocols: ['bearer', other] },
      [
        { source: 'query-param', name: 'token', value: token },
        { source: 'subprotocol', name: 'bearer', value: other },
      ],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(found(spec)).toEqual(expected);
  });

  it('decodes JWTs and points at the frame', () => {
    const creds = findCredentials(conn({ frames: [[10, 'receive', 'hi'], [60, 'send', `40{"token":"${token}"}`]] }));
    expect(creds).toHaveLength(1);
    expect(creds[0]!.jwt?.exp).toBe(2_000_000_000);
    expect(creds[0]!.frameIndex).toBe(1);
  });

  it('marks a JWT-looking credential that does not decode as malformed', () => {
    const [cred] = findCredentials(conn({ url: 'wss://x.example/ws?token=eyJhbGciOiJIUzI1NiJ9' }));
    expect(cred!.jwt?.malformed).toMatch(/missing part #2/);
  });

  it('does not read messages of handshake-only connections or after dropped frames', () => {
    expect(findCredentials(conn({ hooked: false, frames: [[60, 'send', `{"token":"${token}"}`]] }))).toEqual([]);
    expect(findCredentials(conn({ droppedFrames: 10, frames: [[60, 'send', `{"token":"${token}"}`]] }))).toEqual([]);
  });

  it('lists each credential once', () => {
    expect(findCredentials(conn({ url: `wss://x.example/ws?token=a1&token=a1` }))).toHaveLength(1);
  });
});
