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
