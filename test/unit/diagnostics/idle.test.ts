import { describe, expect, it } from 'vitest';
import type { ConnectionSpec } from './factory';
import { conn, findings, MIN, SEC, session, T0 } from './factory';

/** A connection that opened at +50 ms, exchanged a message at +1 s, then closed after `silence` of nothing. */
const quiet = (silence: number, extra: ConnectionSpec = {}) =>
  conn({ frames: [[1000, 'receive', 'welcome']], close: { at: 1000 + silence, code: 1006 }, ...extra });

describe('idle-timeout: known proxy and load balancer defaults (±3 s)', () => {
  it.each([
    [60 * SEC, /nginx proxy_read_timeout.*AWS Application Load Balancer/],
    [62 * SEC, /nginx/],
    [57.5 * SEC, /Heroku.*nginx|Heroku/],
    [55 * SEC, /Heroku/],
    [100 * SEC, /Cloudflare/],
    [30 * SEC, /Google Cloud/],
    [4 * MIN, /Azure/],
    [10 * MIN, /API Gateway/],
  ])('a silence of %d ms is matched', (silence, who) => {
    const [f] = findings(session(quiet(silence, { id: 'q' })), 'idle-timeout');
    expect(f).toMatchObject({ severity: 'warning', connectionIds: ['q'], frames: [{ connectionId: 'q', index: 0 }] });
    expect(f!.detail).toMatch(who);
    expect(f!.detail).toMatch(/heartbeat/);
  });

  it.each([45 * SEC, 64 * SEC, 80 * SEC, 3 * SEC, 20 * MIN])('a silence of %d ms alone is not', (silence) => {
    expect(findings(session(quiet(silence)), 'idle-timeout')).toEqual([]);
  });

  it('measures from the open event when nothing was exchanged', () => {
    const s = session(conn({ close: { at: 50 + 60 * SEC, code: 1006 } }));
    expect(findings(s, 'idle-timeout')).toHaveLength(1);
  });

  it('needs silence: traffic up to the close is not idle', () => {
    const frames: [number, 'send', string][] = [];
    for (let t = 1000; t <= 60_000; t += 5000) frames.push([t, 'send', 'tick']);
    const s = session(conn({ frames, close: { at: 60_500, code: 1006 } }));
    expect(findings(s, 'idle-timeout')).toEqual([]);
  });

  it('ignores a 1000 close by the page, but reports a clean server close as info', () => {
    expect(findings(session(quiet(60 * SEC, { closeCall: 61 * SEC, close: { at: 61 * SEC, code: 1000 } })), 'idle-timeout')).toEqual([]);
    const server = findings(session(quiet(60 * SEC, { close: { at: 61 * SEC, code: 1000 } })), 'idle-timeout');
    expect(server.map((f) => f.severity)).toEqual(['info']);
  });

  it('is not raised for handshake-only connections or connections that never opened', () => {
    expect(findings(session(conn({ hooked: false, handshake: { status: 101 } })), 'idle-timeout')).toEqual([]);
    expect(findings(session(conn({ open: null, close: { at: 60 * SEC, code: 1006 } })), 'idle-timeout')).toEqual([]);
  });
});

describe('idle-timeout: a silence that repeats across connections of one endpoint (±10%)', () => {
  it('groups connections closing after the same custom silence', () => {
    const s = session(quiet(20 * SEC, { id: 'a' }), quiet(21 * SEC, { id: 'b', at: T0 + 2 * MIN }), quiet(19.5 * SEC, { id: 'c', at: T0 + 4 * MIN }));
    const [f, ...rest] = findings(s, 'idle-timeout');
    expect(rest).toEqual([]);
    expect(f!.connectionIds.sort()).toEqual(['a', 'b', 'c']);
    expect(f!.title).toBe('Idle timeout after 20 s');
    expect(f!.detail).toMatch(/3 connections to this endpoint closed \(code 1006\) after the same silence/);
  });

  it('does not group different silences, other endpoints, or very short silences', () => {
    expect(findings(session(quiet(20 * SEC), quiet(40 * SEC, { at: T0 + 2 * MIN })), 'idle-timeout')).toEqual([]);
    expect(findings(session(quiet(20 * SEC), quiet(20 * SEC, { url: 'wss://other.example/ws' })), 'idle-timeout')).toEqual([]);
    expect(findings(session(quiet(2 * SEC), quiet(2 * SEC, { at: T0 + MIN })), 'idle-timeout')).toEqual([]);
  });
});

describe('idle-timeout: Google Cloud load balancer lifetime', () => {
  it('flags a 1006 about 30 s after opening even with traffic', () => {
    const frames: [number, 'receive', string][] = [];
    for (let t = 1000; t < 30_000; t += 1000) frames.push([t, 'receive', 'tick']);
    const s = session(conn({ id: 'g', frames, close: { at: 50 + 30_500, code: 1006 } }));
    const [f] = findings(s, 'idle-timeout');
    expect(f).toMatchObject({ severity: 'warning', connectionIds: ['g'] });
    expect(f!.detail).toMatch(/whole life/);
  });
});
