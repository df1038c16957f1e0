import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/diagnostics';
import { exportSession } from '../../../src/session/export';
import { importFile } from '../../../src/session/import';
import { newConnection } from '../../../src/shared/apply';
import type { Frame } from '../../../src/shared/model';
import { createSession } from '../../../src/shared/model';
import { T0 } from './helpers';

const OPEN = T0 + 100;

const frame = (time: number, data: string): Frame => ({
  time,
  direction: 'receive',
  type: 'text',
  size: data.length,
  data,
  encoding: 'utf8',
  truncated: false,
});

/** A session file whose one connection lists its frames in the given (file) order. */
function fileWith(frames: Frame[]): string {
  const s = createSession({ url: 'https://app.example.com/', title: 'App' }, T0);
  const c = newConnection('c1', 'wss://rt.example.com/live', T0);
  c.openedAt = OPEN;
  c.closedAt = OPEN + 30_000;
  c.close = { code: 1011, reason: '', wasClean: false, initiator: 'server' };
  c.listeners = { close: true, error: true, message: true };
  c.events.push({ kind: 'open', time: OPEN, protocol: '', extensions: '' });
  c.events.push({ kind: 'close', time: OPEN + 30_000, ...c.close });
  c.frames = frames;
  s.connections.push(c);
  s.retainedFrames = frames.length;
  return JSON.stringify(exportSession(s, [], { includeSecrets: true, toolVersion: '1', now: new Date(T0 + 60_000) }));
}

describe('session file frame order', () => {
  it('sorts frames listed out of time order, so diagnostics see the real last frame', () => {
    const text = fileWith([frame(OPEN + 29_000, 'late'), frame(OPEN + 1_000, 'early')]);
    const { session } = importFile(text, 'x.wstriage.json');
    const c = session.connections[0]!;
    expect(c.frames.map((f) => f.data)).toEqual(['early', 'late']);
    // The last frame is 1 s before the close: not the 29 s of silence the file order suggests.
    expect(diagnose(session).filter((f) => f.id === 'idle-timeout')).toEqual([]);
  });

  it('keeps file order for frames at the same time (stable), and sorted files as they are', () => {
    const text = fileWith([frame(OPEN + 20, 'c'), frame(OPEN + 10, 'a'), frame(OPEN + 20, 'd'), frame(OPEN + 10, 'b'), frame(OPEN + 5, '0')]);
    const c = importFile(text, 'x.wstriage.json').session.connections[0]!;
    expect(c.frames.map((f) => f.data)).toEqual(['0', 'a', 'b', 'c', 'd']);

    const inOrder = fileWith([frame(OPEN + 1, 'x'), frame(OPEN + 1, 'y'), frame(OPEN + 2, 'z')]);
    expect(importFile(inOrder, 'y.wstriage.json').session.connections[0]!.frames.map((f) => f.data)).toEqual(['x', 'y', 'z']);
  });
});
