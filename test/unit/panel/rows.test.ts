import { describe, expect, it } from 'vitest';
import { heartbeatStall, mergeRows } from '../../../src/panel/rows';
import type { Frame } from '../../../src/shared/model';
import { newConnection } from '../../../src/shared/apply';

const frame = (time: number, data = 'x', direction: Frame['direction'] = 'receive'): Frame => ({
  time,
  direction,
  type: 'text',
  size: data.length,
  data,
  encoding: 'utf8',
  truncated: false,
});

describe('mergeRows', () => {
  it('merges filtered frame indices with lifecycle events in time order', () => {
    const c = newConnection('x', 'ws://x', 0);
    c.events.push({ kind: 'open', time: 1, protocol: '', extensions: '' }, { kind: 'close', time: 9, code: 1000, reason: '', wasClean: true, initiator: 'server' });
    c.frames.push(frame(2), frame(5), frame(7));
    expect(Array.from(mergeRows(c, [0, 1, 2]))).toEqual([-1, 0, 1, 2, -2]);
    expect(Array.from(mergeRows(c, [2]))).toEqual([-1, 2, -2]);
    // events outside the time range are left out
    expect(Array.from(mergeRows(c, [1], [4, 6]))).toEqual([1]);
  });

  it('is fast for 200,000 frames', () => {
    const c = newConnection('x', 'ws://x', 0);
    for (let i = 0; i < 200_000; i++) c.frames.push(frame(i + 1));
    c.events.push({ kind: 'open', time: 0, protocol: '', extensions: '' });
    const all = Array.from({ length: 200_000 }, (_, i) => i);
    const t = performance.now();
    const rows = mergeRows(c, all);
    expect(performance.now() - t).toBeLessThan(200);
    expect(rows.length).toBe(200_001);
    expect(rows[0]).toBe(-1);
  });
});

describe('heartbeatStall', () => {
  const beat = (f: Frame) => f.data === 'ping' || f.data === 'pong';
  const regular = (until: number, every = 1000): Frame[] => {
    const out: Frame[] = [];
    for (let t = 0; t <= until; t += every) out.push(frame(t, 'ping', 'receive'), frame(t + 5, 'pong', 'send'));
    return out;
  };

  it('says when heartbeats stopped long before the close', () => {
    const frames = regular(10_000);
    const hint = heartbeatStall(frames, beat, { lastHeartbeat: 10_005, gapMs: 15_000 });
    expect(hint).toEqual({ gapMs: 15_000, intervalMs: 1000, lastHeartbeat: 10_005 });
  });

  it('says nothing on a healthy close, with too few heartbeats, or none', () => {
    expect(heartbeatStall(regular(10_000), beat, { lastHeartbeat: 10_005, gapMs: 1500 })).toBeNull();
    expect(heartbeatStall(regular(1000), beat, { lastHeartbeat: 1005, gapMs: 60_000 })).toBeNull();
    expect(heartbeatStall([frame(0, 'hello')], beat, { lastHeartbeat: null, gapMs: null })).toBeNull();
    // a fast heartbeat and a short gap: under a second is never a stall
    expect(heartbeatStall(regular(1000, 100), beat, { lastHeartbeat: 1005, gapMs: 900 })).toBeNull();
  });
});
