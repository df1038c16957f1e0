/**
 * The rows of a connection's message list: its frames and its lifecycle events (open,
 * error, the page's close() call, the close) merged in time order.
 */
import type { Connection, Frame, LifecycleEvent } from '../shared/model';

export type MessageRow =
  | { kind: 'frame'; time: number; frame: Frame; index: number }
  | { kind: 'event'; time: number; event: LifecycleEvent };

export function messageRows(c: Connection): MessageRow[] {
  const rows: MessageRow[] = [];
  const { frames, events } = c;
  let f = 0;
  let e = 0;
  while (f < frames.length || e < events.length) {
    const frame = frames[f];
    const event = events[e];
    if (event && (!frame || event.time <= frame.time)) {
      rows.push({ kind: 'event', time: event.time, event });
      e++;
    } else if (frame) {
      rows.push({ kind: 'frame', time: frame.time, frame, index: c.droppedFrames + f });
      f++;
    }
  }
  return rows;
}

/**
 * The shown rows as numbers, cheap for 100,000+ frames: `i >= 0` is `c.frames[i]`, `i < 0` is
 * `c.events[-1 - i]`. `frameIndices` (ascending, e.g. from filterFrames) are merged with the
 * lifecycle events in time order; events outside `timeRange` are left out.
 */
export function mergeRows(c: Pick<Connection, 'frames' | 'events'>, frameIndices: readonly number[], timeRange: [number, number] | null = null): Int32Array {
  const { frames, events } = c;
  const from = timeRange ? Math.min(timeRange[0], timeRange[1]) : -Infinity;
  const to = timeRange ? Math.max(timeRange[0], timeRange[1]) : Infinity;
  const out = new Int32Array(frameIndices.length + events.length);
  let n = 0;
  let f = 0;
  for (let e = 0; e < events.length; e++) {
    const event = events[e]!;
    while (f < frameIndices.length && frames[frameIndices[f]!]!.time < event.time) out[n++] = frameIndices[f++]!;
    if (event.time >= from && event.time <= to) out[n++] = -1 - e;
  }
  while (f < frameIndices.length) out[n++] = frameIndices[f++]!;
  return n === out.length ? out : out.slice(0, n);
}

/** Median of a non-empty list of numbers. */
function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface HeartbeatStall {
  /** Time from the last heartbeat to the close. */
  gapMs: number;
  /** The usual time between heartbeats (median, per direction, the slower one). */
  intervalMs: number;
  lastHeartbeat: number;
}

/**
 * "Heartbeats stopped N s before the close", conservatively: only for a closed connection with a
 * regular heartbeat (at least 3 heartbeats in one direction) whose last heartbeat came more than
 * twice the usual interval (and at least a second) before the close. Null otherwise — a healthy
 * close, a few heartbeats, none at all.
 */
export function heartbeatStall(
  frames: readonly Frame[],
  isBeat: (f: Frame) => boolean,
  gap: { lastHeartbeat: number | null; gapMs: number | null },
): HeartbeatStall | null {
  if (gap.lastHeartbeat === null || gap.gapMs === null) return null;
  const times: Record<string, number[]> = { send: [], receive: [] };
  for (const f of frames) if (f.time <= gap.lastHeartbeat && isBeat(f)) times[f.direction]!.push(f.time);
  let interval = 0;
  for (const list of Object.values(times)) {
    if (list.length < 3) continue;
    const gaps: number[] = [];
    for (let i = 1; i < list.length; i++) gaps.push(list[i]! - list[i - 1]!);
    interval = Math.max(interval, median(gaps));
  }
  if (interval <= 0) return null;
  if (gap.gapMs <= 2 * interval || gap.gapMs < 1000) return null;
  return { gapMs: gap.gapMs, intervalMs: interval, lastHeartbeat: gap.lastHeartbeat };
}
