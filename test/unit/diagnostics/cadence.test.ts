import { describe, expect, it } from 'vitest';
import type { ReconnectPattern } from '../../../src/diagnostics';
import { classifyIntervals, reconnectGroups } from '../../../src/diagnostics';
import { conn, failedAttempts, MIN, SEC, session, T0 } from './factory';

describe('classifyIntervals', () => {
  it.each<[string, number[], ReconnectPattern]>([
    ['no reconnect', [], 'single'],
    ['all under 100 ms', [5, 20, 0, 99], 'immediate'],
    ['one retry', [1000], 'fixed'],
    ['constant', [2000, 2000, 2000, 2000], 'fixed'],
    ['roughly constant', [1900, 2100, 2000, 2050, 1950], 'fixed'],
    ['linear', [1000, 2000, 3000, 4000, 5000], 'linear'],
    ['linear, short', [500, 1000, 1500], 'linear'],
    ['exponential ×2', [1000, 2000, 4000, 8000, 16000], 'exponential'],
    ['exponential ×1.5', [1000, 1500, 2250, 3375], 'exponential'],
    ['exponential ×3', [100, 300, 900, 2700], 'exponential'],
    ['exponential with a little jitter', [1000, 2300, 3800, 8500, 15000], 'exponential'],
    ['capped exponential', [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000], 'capped'],
    ['capped with jitter at the cap', [1000, 2000, 4000, 8000, 8200, 7900, 8100], 'capped'],
    ['full jitter backoff', [800, 300, 3000, 1500, 9000, 6000], 'jittered'],
    ['irregular', [5000, 200, 9000, 300, 100, 7000], 'irregular'],
    ['shrinking', [8000, 4000, 2000, 1000], 'irregular'],
  ])('%s', (_name, intervals, pattern) => {
    expect(classifyIntervals(intervals)).toBe(pattern);
  });
});

describe('reconnectGroups', () => {
  it('groups by endpoint, ignoring tokens and cache busters, in creation order', () => {
    const s = session(
      conn({ id: 'b', at: T0 + 2 * SEC, url: 'wss://x.example/ws?token=two&t=2', open: null, close: { at: 10, code: 1006 } }),
      conn({ id: 'a', at: T0, url: 'wss://x.example/ws?token=one&t=1', open: null, close: { at: 10, code: 1006 } }),
      conn({ id: 'other', at: T0 + SEC, url: 'wss://y.example/feed' }),
      conn({ id: 'c', at: T0 + 6 * SEC, url: 'wss://x.example/ws?token=three&t=3' }),
    );
    expect(reconnectGroups(s)).toEqual([
      { key: 'wss://x.example/ws', connectionIds: ['a', 'b', 'c'], attempts: [T0, T0 + 2 * SEC, T0 + 6 * SEC], intervals: [2 * SEC, 4 * SEC], pattern: 'exponential', recoveredAfter: 6 * SEC + 50 - 10 },
      { key: 'wss://y.example/feed', connectionIds: ['other'], attempts: [T0 + SEC], intervals: [], pattern: 'single', recoveredAfter: null },
    ]);
  });

  it('recoveredAfter is null without a failure, or without a connection that stayed open', () => {
    const healthy = session(conn({ id: 'a' }));
    expect(reconnectGroups(healthy)[0]!.recoveredAfter).toBeNull();
    const never = session(...failedAttempts([T0, T0 + SEC, T0 + 3 * SEC]));
    expect(reconnectGroups(never)[0]!.recoveredAfter).toBeNull();
    // Opened, but dropped after 2 s: not a recovery.
    const flapping = session(...failedAttempts([T0]), conn({ at: T0 + SEC, close: { at: 2 * SEC, code: 1006 } }));
    expect(reconnectGroups(flapping)[0]!.recoveredAfter).toBeNull();
  });

  it('counts a connection that lived 10 s, or that the page closed, as recovered', () => {
    const lived = session(...failedAttempts([T0]), conn({ at: T0 + SEC, close: { at: 20 * SEC, code: 1006 } }));
    expect(reconnectGroups(lived)[0]!.recoveredAfter).toBe(SEC + 50 - 20);
    const closedByPage = session(...failedAttempts([T0]), conn({ at: T0 + SEC, closeCall: 2 * SEC, close: { at: 2 * SEC, code: 1000 } }));
    expect(reconnectGroups(closedByPage)[0]!.recoveredAfter).toBe(SEC + 50 - 20);
  });

  it('handles reconnects overlapping in time (a new socket before the old one closed)', () => {
    const s = session(
      conn({ id: 'a', at: T0, close: { at: 5 * SEC, code: 1006 } }),
      conn({ id: 'b', at: T0 + 4 * SEC, close: { at: 3 * SEC, code: 1006 } }),
      conn({ id: 'c', at: T0 + 6 * SEC }),
    );
    const [g] = reconnectGroups(s);
    expect(g!.connectionIds).toEqual(['a', 'b', 'c']);
    expect(g!.intervals).toEqual([4 * SEC, 2 * SEC]);
    expect(g!.recoveredAfter).toBe(6 * SEC + 50 - 5 * SEC);
  });

  it('keeps many endpoints apart', () => {
    const s = session(...Array.from({ length: 20 }, (_, i) => conn({ id: `e${i}`, at: T0 + i, url: `wss://x.example/feed/${i}` })));
    const groups = reconnectGroups(s);
    expect(groups).toHaveLength(20);
    expect(groups.every((g) => g.pattern === 'single')).toBe(true);
  });

  it('groups connections without a URL together', () => {
    const s = session(conn({ url: '' }), conn({ url: '', at: T0 + MIN }));
    expect(reconnectGroups(s)).toHaveLength(1);
  });
});
