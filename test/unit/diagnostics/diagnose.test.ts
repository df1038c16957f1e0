import { describe, expect, it } from 'vitest';
import { connectionDiagnoses, connectionDiagnosis, diagnose, diagnoseConnection, FINDING_IDS } from '../../../src/diagnostics';
import { finding } from '../../../src/diagnostics/make';
import { conn, failedAttempts, jwt, MIN, SEC, secs, session, T0 } from './factory';

describe('diagnose', () => {
  it('sorts error, warning, info, then by time', () => {
    const s = session(
      conn({ id: 'info', at: T0, close: { at: 1000, code: 1000 } }),
      conn({ id: 'warn', at: T0 + 1 * SEC, url: 'wss://b.example/', close: { at: 1000, code: 1013 } }),
      conn({ id: 'late-error', at: T0 + 9 * SEC, url: 'wss://c.example/', close: { at: 1000, code: 1011 } }),
      conn({ id: 'early-error', at: T0 + 2 * SEC, url: 'wss://d.example/', close: { at: 1000, code: 1002 } }),
    );
    expect(diagnose(s).map((f) => f.connectionIds[0])).toEqual(['early-error', 'late-error', 'warn', 'info']);
  });

  it('returns only known ids and well-formed findings', () => {
    const s = session(
      conn({ open: null, handshake: { status: 401 }, url: `ws://x.example/ws?token=${jwt({ exp: secs(T0 - MIN) })}` }),
      conn({ at: T0 + 100, url: 'ws://x.example/ws?token=eyJbroken', open: null, handshake: { status: 401 } }),
      conn({ at: T0 + 200, close: { at: 100, code: 1009 }, listeners: { close: false }, events: [{ kind: 'send-discarded', time: T0 + 400, size: 1 }] }),
    );
    for (const f of diagnose(s)) {
      expect(FINDING_IDS).toContain(f.id);
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.detail.length).toBeGreaterThan(20);
      expect(f.connectionIds.length).toBeGreaterThan(0);
      for (const id of f.connectionIds) expect(s.connections.map((c) => c.id)).toContain(id);
      for (const r of f.frames ?? []) expect(s.connections.find((c) => c.id === r.connectionId)!.frames[r.index]).toBeDefined();
    }
  });

  it('does not change the session', () => {
    const s = session(conn({ open: null, handshake: { status: 401 }, frames: [[10, 'send', '{"token":"abc"}']] }));
    const before = JSON.stringify(s);
    diagnose(s);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('sees changes to a session mutated in place', () => {
    const c = conn({ id: 'x' });
    const s = session(c);
    expect(diagnose(s)).toEqual([]);
    c.closedAt = T0 + 5000;
    c.close = { code: 1006, reason: '', wasClean: false, initiator: 'browser' };
    expect(diagnose(s).map((f) => f.id).sort()).toEqual(['abnormal-closure', 'close-code']);
    s.connections.push(conn({ id: 'y', url: 'wss://z.example/', open: null, handshake: { status: 404 } }));
    expect(diagnose(s).some((f) => f.id === 'handshake-rejected')).toBe(true);
  });

  it('returns a fresh array each time', () => {
    const s = session(conn({ close: { at: 100, code: 1006 } }));
    const a = diagnose(s);
    a.pop();
    expect(diagnose(s)).toHaveLength(2);
  });

  it('handles an empty session', () => {
    expect(diagnose(session())).toEqual([]);
  });
});

describe('diagnoseConnection', () => {
  it('returns the findings that reference the connection', () => {
    const token = jwt({ exp: secs(T0 - MIN) });
    const s = session(
      conn({ id: 'a', url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ id: 'b', at: T0 + 5 * SEC, url: `wss://x.example/ws?token=${token}`, open: null, handshake: { status: 401 } }),
      conn({ id: 'ok', url: 'wss://other.example/' }),
    );
    expect(diagnoseConnection(s, s.connections[1]!).map((f) => f.id).sort()).toEqual(['futile-retry', 'handshake-rejected', 'jwt-expired']);
    expect(diagnoseConnection(s, s.connections[2]!)).toEqual([]);
  });
});

describe('connectionDiagnosis', () => {
  it.each([
    ['a healthy connection', {}, null],
    ['a clean close', { close: { at: 100, code: 1000 } }, null],
    ['a rejected handshake', { open: null, handshake: { status: 401 } }, 'Handshake rejected: HTTP 401 Unauthorized — the server requires authentication'],
    ['a refused port', { open: null, close: { at: 10, code: 1006 }, handshake: { error: 'net::ERR_CONNECTION_REFUSED' } }, 'Handshake failed: net::ERR_CONNECTION_REFUSED — connection refused: nothing listening'],
    ['an unexplained 1006', { close: { at: 5 * MIN, code: 1006 } }, '1006: dropped without a Close frame — check proxy idle timeouts, server restarts and network changes'],
    ['a 1006 after an idle minute', { close: { at: 50 + 60 * SEC, code: 1006 } }, '1006: dropped without a Close frame — closed after 1 min of silence, matching the nginx proxy_read_timeout'],
    ['an expired token refused with 4401', { protocol: 'graphql-transport-ws', url: `wss://x.example/ws?token=${jwt({ exp: secs(T0 - 192 * SEC) })}`, close: { at: 100, code: 4401 } }, 'JWT expired before connecting — the token expired 3 min 12 s before connecting'],
    ['a server error with a reason', { close: { at: 100, code: 1011, reason: 'db down' } }, '1011 Internal Error — reason "db down"'],
  ] as const)('%s', (_name, spec, text) => {
    const s = session(conn(spec as Parameters<typeof conn>[0]));
    expect(connectionDiagnosis(s, s.connections[0]!)).toBe(text);
  });
});

describe('connectionDiagnoses', () => {
  it('gives every row the same line as connectionDiagnosis, from one list of findings', () => {
    const s = session(
      conn({ id: 'ok', close: { at: 100, code: 1000 } }),
      conn({ id: 'rejected', at: T0 + 10, open: null, handshake: { status: 401 } }),
      conn({ id: 'dropped', at: T0 + 20, url: 'wss://other.example/ws', close: { at: 5 * MIN, code: 1006 } }),
    );
    const lines = connectionDiagnoses(diagnose(s));
    expect(lines.has('ok')).toBe(false);
    for (const c of s.connections) expect(lines.get(c.id)?.text ?? null).toBe(connectionDiagnosis(s, c));
    expect(lines.get('rejected')).toMatchObject({ severity: 'error', finding: { id: 'handshake-rejected' } });
  });

  it('works on findings read back from a file (plain objects): titles only', () => {
    const lines = connectionDiagnoses([
      { id: 'close-code', severity: 'info', title: '1000 Normal Closure', detail: '', connectionIds: ['a'] },
      { id: 'no-close-handler', severity: 'warning', title: 'No close handler', detail: '', connectionIds: ['a'] },
      { id: 'abnormal-closure', severity: 'error', title: '1006 Abnormal Closure', detail: '', connectionIds: ['a', 'b'] },
    ]);
    expect(lines.get('a')).toMatchObject({ text: '1006 Abnormal Closure', severity: 'error' });
    expect(lines.get('b')?.text).toBe('1006 Abnormal Closure');
  });
});

describe('repeats across retries', () => {
  const times = [T0, T0 + 500, T0 + 1500, T0 + 3500, T0 + 7500];
  const storm = () => session(...failedAttempts(times, { url: 'wss://push.example.com/events' }));

  it('are one finding naming every connection, not one finding per attempt', () => {
    const s = storm();
    const ids = s.connections.map((c) => c.id);
    const close = diagnose(s).filter((f) => f.id === 'close-code');
    expect(close).toHaveLength(1);
    expect(close[0]).toMatchObject({ severity: 'info', title: '1006 Abnormal Closure', connectionIds: ids, time: T0 + 20 });
    expect(close[0]!.detail).toMatch(/^This happened to 5 connections to this endpoint\. The first: Closed by the browser/);
    const abnormal = diagnose(s).filter((f) => f.id === 'abnormal-closure');
    expect(abnormal).toHaveLength(1);
    expect(abnormal[0]!.connectionIds).toEqual(ids);
    // What tells the attempts apart is still there, and now stands out.
    expect(diagnose(s).map((f) => f.id)).toContain('reconnect-storm');
  });

  it('leave every connection its finding and its one-line diagnosis', () => {
    const s = storm();
    for (const c of s.connections) {
      expect(diagnoseConnection(s, c).map((f) => f.id)).toEqual(expect.arrayContaining(['close-code', 'abnormal-closure', 'reconnect-storm']));
      expect(connectionDiagnosis(s, c)).toMatch(/^Reconnect storm/);
      expect(connectionDiagnoses(diagnose(s)).get(c.id)?.text).toBe(connectionDiagnosis(s, c));
    }
  });

  it('a futile 401 loop is one handshake-rejected finding', () => {
    const s = session(
      ...[T0, T0 + SEC, T0 + 2 * SEC].map((at) => conn({ at, url: 'wss://x.example/ws?api_token=same', open: null, handshake: { status: 401 }, close: { at: 30, code: 1006 } })),
    );
    const rejected = diagnose(s).filter((f) => f.id === 'handshake-rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.connectionIds).toHaveLength(3);
    expect(diagnose(s).filter((f) => f.id === 'close-code')).toHaveLength(1);
  });

  it.each([
    ['different codes', [conn({ close: { at: 100, code: 1011 } }), conn({ at: T0 + SEC, close: { at: 100, code: 1006 } })], 2],
    ['different reasons', [conn({ close: { at: 100, code: 4001, reason: 'token expired' } }), conn({ at: T0 + SEC, close: { at: 100, code: 4001, reason: 'banned' } })], 2],
    ['different endpoints', [conn({ url: 'wss://a.example/ws', close: { at: 100, code: 1011 } }), conn({ url: 'wss://b.example/ws', close: { at: 100, code: 1011 } })], 2],
    ['the same code and reason', [conn({ close: { at: 100, code: 1011, reason: 'upstream' } }), conn({ at: T0 + SEC, close: { at: 100, code: 1011, reason: 'upstream' } })], 1],
  ] as const)('are merged only when they say the same thing: %s', (_name, connections, count) => {
    expect(diagnose(session(...connections)).filter((f) => f.id === 'close-code')).toHaveLength(count);
  });
});

describe('a one-line diagnosis whose cause is in its title already', () => {
  it('is the title alone, not "… no credential was sent — no credential was sent"', () => {
    const f = finding({ id: 'auth-missing', severity: 'error', title: 'Refused, and no credential was sent', short: 'no credential was sent', detail: '', connectionIds: ['c'] });
    expect(connectionDiagnoses([f]).get('c')!.text).toBe('Refused, and no credential was sent');
    const g = finding({ id: 'close-code', severity: 'error', title: '1011 Internal Error', short: 'reason "db down"', detail: '', connectionIds: ['c'] });
    expect(connectionDiagnoses([g]).get('c')!.text).toBe('1011 Internal Error — reason "db down"');
  });
});
