import { describe, expect, it } from 'vitest';
import { connectionDiagnosis, diagnose } from '../../../src/diagnostics';
import { conn, jwt, MIN, SEC, secs, session, summary, T0 } from './factory';

function chatFrames(count: number, every: number): [number, 'send' | 'receive', string][] {
  return Array.from({ length: count }, (_, i) => [100 + i * every, i % 2 ? 'receive' : 'send', JSON.stringify({ type: 'message', text: `hi ${i}` })]);
}

describe('healthy sessions have no warning or error', () => {
  it('a chat session with several clean connections and one 1000 close', () => {
    const token = jwt({ sub: 'u1', iat: secs(T0 - MIN), exp: secs(T0 + 12 * 60 * MIN) });
    const s = session(
      conn({
        id: 'chat',
        url: `wss://chat.example.com/socket?token=${token}`,
        protocols: ['v1.chat'],
        protocol: 'v1.chat',
        frames: chatFrames(40, 15 * SEC),
        handshake: { status: 101, request: { Cookie: `_ga=GA1.2.3; sessionid=abc123` }, response: { 'Sec-WebSocket-Protocol': 'v1.chat' } },
      }),
      conn({ id: 'presence', at: T0 + 200, url: 'wss://chat.example.com/presence', frames: chatFrames(10, 25 * SEC) }),
      conn({
        id: 'typing',
        at: T0 + 300,
        url: 'wss://chat.example.com/typing',
        frames: chatFrames(6, 2 * SEC),
        closeCall: 20 * SEC,
        close: { at: 20 * SEC + 40, code: 1000, reason: 'done' },
      }),
      conn({ id: 'graphql', at: T0 + 400, url: 'wss://api.example.com/graphql', protocols: ['graphql-transport-ws'], protocol: 'graphql-transport-ws', frames: [
        [60, 'send', JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })],
        [90, 'receive', '{"type":"connection_ack"}'],
        [120, 'send', '{"id":"1","type":"subscribe","payload":{"query":"subscription { messages }"}}'],
      ] }),
      conn({ id: 'local', at: T0 + 500, url: 'ws://localhost:5173/?token=vite-hmr-token-123', protocols: ['vite-hmr'], protocol: 'vite-hmr' }),
    );
    const now = T0 + 10 * MIN;
    const all = diagnose(s, now);
    expect(all.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(summary(s, now)).toEqual(['close-code:info']);
    for (const c of s.connections) expect(connectionDiagnosis(s, c)).toBeNull();
  });

  it('a page closing sockets on navigation (1001) and a server closing cleanly without a code (1005)', () => {
    const s = session(
      conn({ closeCall: 5 * SEC, close: { at: 5 * SEC + 10, code: 1001 } }),
      conn({ at: T0 + 10 * SEC, url: 'wss://feed.example.com/', close: { at: 30 * SEC, code: 1005 } }),
      conn({ at: T0 + 20 * SEC, url: 'wss://news.example.com/', close: { at: 30 * SEC, code: 1000 } }),
    );
    expect(diagnose(s).every((f) => f.severity === 'info')).toBe(true);
  });

  it('a React StrictMode double mount (closed before open, then reopened)', () => {
    const s = session(conn({ open: null, closeCall: 1, close: { at: 5, code: 1006 } }), conn({ at: T0 + 10 }));
    expect(summary(s)).toEqual(['close-code:info']);
  });

  it('connections with no handshake (hook only) and handshake-only connections', () => {
    const s = session(
      conn({ id: 'hook-only', frames: chatFrames(4, SEC) }),
      conn({ id: 'worker', hooked: false, url: 'wss://worker.example.com/', handshake: { status: 101 } }),
    );
    expect(diagnose(s)).toEqual([]);
  });

  it('a healthy exponential backoff that recovers gets no cadence warning', () => {
    const failures = [0, 1000, 3000, 7000, 15000].map((o) => conn({ at: T0 + o, open: null, handshake: { error: 'net::ERR_CONNECTION_REFUSED' } }));
    const s = session(...failures, conn({ at: T0 + 31_000 }));
    const ids = new Set(diagnose(s).map((f) => f.id));
    expect(ids.has('reconnect-storm')).toBe(false);
    expect(ids.has('no-backoff')).toBe(false);
    expect(ids.has('handshake-failed')).toBe(true);
  });
});
