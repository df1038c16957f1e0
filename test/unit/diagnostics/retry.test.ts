import { describe, expect, it } from 'vitest';
import { conn, failedAttempts, findings, jwt, MIN, SEC, secs, session, T0 } from './factory';

const at = (...offsets: number[]) => offsets.map((o) => T0 + o);
const ids = (s: ReturnType<typeof session>) => findings(s).filter((f) => ['reconnect-storm', 'no-backoff', 'futile-retry'].includes(f.id)).map((f) => `${f.id}:${f.severity}`);

describe('reconnect-storm and no-backoff', () => {
  it.each([
    ['5 failures within 10 s', at(0, 2000, 4000, 6000, 8000), ['reconnect-storm:error']],
    ['3 consecutive intervals under 500 ms', at(0, 100, 200, 300), ['reconnect-storm:error']],
    ['immediate loop', at(...Array.from({ length: 30 }, (_, i) => i * 20)), ['reconnect-storm:error']],
    ['fixed 3 s retries, 5 attempts (no storm: 12 s)', at(0, 3000, 6000, 9000, 12000), ['no-backoff:warning']],
    ['fixed 30 s retries', at(0, 30_000, 60_000, 90_000, 120_000), ['no-backoff:warning']],
    ['only 3 fixed intervals', at(0, 3000, 6000, 9000), []],
    ['healthy exponential backoff', at(0, 1000, 3000, 7000, 15000, 31000, 63000), []],
    ['capped exponential backoff', at(0, 1000, 3000, 7000, 15000, 45000, 75000, 105000, 135000), []],
    ['a single connection', at(0), []],
    ['two quick retries', at(0, 100, 200), []],
  ])('%s', (_name, times, expected) => {
    expect(ids(session(...failedAttempts(times)))).toEqual(expected);
  });

  it('lists the attempts and intervals of a storm', () => {
    const s = session(...failedAttempts(at(0, 100, 200, 300, 400, 500)));
    const [f] = findings(s, 'reconnect-storm');
    expect(f!.connectionIds).toHaveLength(6);
    expect(f!.detail).toMatch(/6 attempts within 500 ms/);
    expect(f!.detail).toMatch(/intervals 100 ms, 100 ms/);
    expect(f!.detail).toMatch(/had not recovered/);
  });

  it('says when it recovered', () => {
    const s = session(...failedAttempts(at(0, 100, 200, 300)), conn({ at: T0 + 400 }));
    expect(findings(s, 'reconnect-storm')[0]!.detail).toMatch(/recovered after 430 ms/);
  });

  it('is not a storm: a page opening several sockets to one endpoint that stay open', () => {
    const s = session(...Array.from({ length: 6 }, (_, i) => conn({ at: T0 + i * 10 })));
    expect(ids(s)).toEqual([]);
  });

  it('is not a storm: many endpoints at once', () => {
    const s = session(...Array.from({ length: 10 }, (_, i) => conn({ at: T0 + i, url: `wss://x.example/room/${i}`, open: null, close: { at: 10, code: 1006 } })));
    expect(ids(s)).toEqual([]);
  });

  it('is not a storm: the page closing and reopening quickly (route changes)', () => {
    const s = session(...Array.from({ length: 6 }, (_, i) => conn({ at: T0 + i * 300, closeCall: 200, close: { at: 250, code: 1000 } })));
    expect(ids(s)).toEqual([]);
  });

  it('counts overlapping reconnects', () => {
    // Each new socket is created before the old one's close event arrives.
    const s = session(...at(0, 100, 200, 300, 400).map((t) => conn({ at: t, open: null, close: { at: 150, code: 1006 } })));
    expect(ids(s)).toEqual(['reconnect-storm:error']);
  });

  it('reconnecting soon after connections that lived is not a missing backoff', () => {
    // A server closing every connection at its maximum age (10 min), the page back 0.5 s later, six times.
    const lived = Array.from({ length: 6 }, (_, i) => conn({ at: T0 + i * (10 * MIN + 500), close: { at: 10 * MIN, code: 1001 } }));
    expect(findings(session(...lived), 'no-backoff')).toEqual([]);
  });

  it('measures the wait after each failure, not from start to start', () => {
    // Each attempt times out after 30 s; the page waits 1, 2, 4, 8 s: starts 31, 32, 34, 38 s apart.
    let t = T0;
    const attempts = [1, 2, 4, 8, 16].map((wait) => {
      const c = conn({ at: t, open: null, close: { at: 30 * SEC, code: 1006 } });
      t += 30 * SEC + wait * SEC;
      return c;
    });
    expect(findings(session(...attempts), 'no-backoff')).toEqual([]);
    // The same at a constant 1 s wait is flagged.
    t = T0;
    const constant = Array.from({ length: 6 }, () => {
      const c = conn({ at: t, open: null, close: { at: 30 * SEC, code: 1006 } });
      t += 31 * SEC;
      return c;
    });
    expect(findings(session(...constant), 'no-backoff')).toHaveLength(1);
  });

  it('checks the longest failing run for backoff', () => {
    const s = session(
      conn({ at: T0 - 10 * MIN, close: { at: 5 * MIN, code: 1006 } }),
      ...failedAttempts(at(0, 4000, 8000, 12000, 16000)),
      conn({ at: T0 + 20_000 }),
    );
    const [f] = findings(s, 'no-backoff');
    expect(f!.connectionIds).toHaveLength(7);
    expect(f!.detail).toMatch(/constant pace/);
  });
});

describe('futile-retry', () => {
  const token = jwt({ sub: 'u', exp: secs(T0 + 60 * MIN) });
  const other = jwt({ sub: 'u', exp: secs(T0 + 90 * MIN) });

  it('flags reconnecting with the credential the server refused', () => {
    const s = session(
      conn({ id: 'a', url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ id: 'b', at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ id: 'c', at: T0 + 15 * SEC, url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
    );
    const [f] = findings(s, 'futile-retry');
    expect(f).toMatchObject({ severity: 'error', connectionIds: ['a', 'b', 'c'], time: T0 + 5 * SEC });
    expect(f!.detail).toMatch(/2 reconnects to wss:\/\/x\.example\/ws re-sent the same credential \(query parameter "token"\) that the server had already refused with HTTP 401/);
  });

  it('flags the same token in connection_init after a 4403 close', () => {
    const init = `{"type":"connection_init","payload":{"authorization":"Bearer ${token}"}}`;
    const s = session(
      conn({ id: 'a', protocols: ['graphql-transport-ws'], frames: [[60, 'send', init]], close: { at: 100, code: 4403 } }),
      conn({ id: 'b', at: T0 + 2 * SEC, protocols: ['graphql-transport-ws'], frames: [[60, 'send', init]], close: { at: 100, code: 4403 } }),
    );
    expect(findings(s, 'futile-retry')[0]!.connectionIds).toEqual(['a', 'b']);
  });

  it('is not raised when the retry carries a new credential, or succeeds', () => {
    const fresh = session(
      conn({ url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${other}`, open: null, handshake: { status: 401 } }),
    );
    expect(findings(fresh, 'futile-retry')).toEqual([]);
    const recovered = session(
      conn({ url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 403 } }),
      conn({ at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${token}` }),
    );
    expect(findings(recovered, 'futile-retry')).toEqual([]);
  });

  it('is not raised when the first refusal was not auth-like', () => {
    const s = session(
      conn({ url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 502 } }),
      conn({ at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 502 } }),
    );
    expect(findings(s, 'futile-retry')).toEqual([]);
  });

  it('flags a reconnect with an expired JWT after a failure', () => {
    const expired = jwt({ exp: secs(T0 - MIN) });
    const s = session(
      conn({ id: 'a', url: 'wss://x.example/ws?token=first', open: null, close: { at: 10, code: 1006 } }),
      conn({ id: 'b', at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${expired}`, open: null, close: { at: 10, code: 1006 } }),
    );
    const [f] = findings(s, 'futile-retry');
    expect(f!.connectionIds).toEqual(['b']);
    expect(f!.detail).toMatch(/carried a JWT that had already expired/);
  });
});
