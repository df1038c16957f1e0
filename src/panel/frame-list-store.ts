/**
 * The frame list of the selected connection, derived (never stored) from the store and the frame
 * filter: the connection's protocol, the filtered rows, the selected row and the heartbeat hint.
 * The filtered rows are recomputed incrementally while frames only arrive (a live stream of
 * 100,000 frames re-filters only the new ones at each revision), and from scratch when frames
 * were dropped or inserted before the end (a Blob payload read after later frames arrived is
 * inserted in time order, see addFrame).
 */
import type { ReadonlySignal, Signal } from '@preact/signals';
import { computed, signal } from '@preact/signals';
import type { DecodedFrame, FrameFilter, ProtocolId } from '../diagnostics/protocols';
import { decodeFrame, detectProtocol, filterFrames, heartbeatGapBeforeClose, isHeartbeat } from '../diagnostics/protocols';
import type { Connection, Frame, LifecycleEvent } from '../shared/model';
import { frameFilter } from './filter-store';
import type { HeartbeatStall } from './rows';
import { heartbeatStall, mergeRows } from './rows';
import type { Store } from './store';

export type TimeMode = 'relative' | 'absolute';
/** Time column: relative to the connection's creation, or the time of day. */
export const timeMode = signal<TimeMode>('relative');

/**
 * A selected row: a frame or an event. A frame is held by its object (`frame`), so the selection
 * stays on it when frames are inserted before it; `abs`, its absolute index when selected (which
 * survives older frames being dropped), is where to look for it first, and what selects the
 * frame of a connection re-sent by the background (the same frames, new objects).
 */
export type RowRef = { kind: 'frame'; abs: number; frame: Frame } | { kind: 'event'; index: number };

export interface FilteredRows {
  connection: Connection | null;
  /** `i >= 0`: c.frames[i]; `i < 0`: c.events[-1 - i] (see mergeRows). */
  rows: Int32Array;
  /** Frames shown, and frames retained. */
  shown: number;
  total: number;
}

export interface FrameListState {
  protocol: ReadonlySignal<ProtocolId>;
  filtered: ReadonlySignal<FilteredRows>;
  /** The selection, with the connection it belongs to. */
  selection: Signal<{ connectionId: string; ref: RowRef } | null>;
  /** The selected row's position in `filtered.rows`, or null (none, or filtered out). */
  selectedRow: ReadonlySignal<number | null>;
  selectedFrame: ReadonlySignal<Frame | null>;
  selectedEvent: ReadonlySignal<LifecycleEvent | null>;
  heartbeatHint: ReadonlySignal<HeartbeatStall | null>;
}

const EMPTY_ROWS: FilteredRows = { connection: null, rows: new Int32Array(0), shown: 0, total: 0 };

interface Cache {
  connection: Connection;
  filter: FrameFilter;
  protocol: ProtocolId;
  first: Frame | undefined;
  /** The last frame filtered: still at `length - 1` only if no frame was inserted before it. */
  last: Frame | undefined;
  length: number;
  indices: number[];
}

const states = new WeakMap<Store, FrameListState>();

export function frameListOf(store: Store): FrameListState {
  const existing = states.get(store);
  if (existing) return existing;

  const protocol = computed<ProtocolId>(() => {
    void store.revision.value;
    const c = store.selected.value;
    return c ? detectProtocol(c) : 'text';
  });

  let cache: Cache | null = null;
  const filtered = computed<FilteredRows>(() => {
    void store.revision.value;
    const c = store.selected.value;
    const filter = frameFilter.value;
    const p = protocol.value;
    if (!c) {
      cache = null;
      return EMPTY_ROWS;
    }
    const frames = c.frames;
    let indices: number[];
    const k = cache;
    if (
      k &&
      k.connection === c &&
      k.filter === filter &&
      k.protocol === p &&
      k.first === frames[0] &&
      frames.length >= k.length &&
      frames[k.length - 1] === k.last
    ) {
      indices = k.indices;
      if (frames.length > k.length) {
        const tail = filterFrames(frames.slice(k.length), filter, p);
        indices = indices.slice();
        for (const i of tail) indices.push(i + k.length);
      }
    } else {
      indices = filterFrames(frames, filter, p);
    }
    cache = { connection: c, filter, protocol: p, first: frames[0], last: frames[frames.length - 1], length: frames.length, indices };
    return { connection: c, rows: mergeRows(c, indices, filter.timeRange), shown: indices.length, total: frames.length };
  });

  const selection = signal<{ connectionId: string; ref: RowRef } | null>(null);
  const ref = computed<RowRef | null>(() => {
    const s = selection.value;
    const c = store.selected.value;
    return s && c && s.connectionId === c.id ? s.ref : null;
  });
  const selectedFrame = computed<Frame | null>(() => {
    void store.revision.value;
    const r = ref.value;
    const c = store.selected.value;
    if (!r || !c || r.kind !== 'frame') return null;
    const i = frameIndex(c, r);
    return i >= 0 ? c.frames[i]! : null;
  });
  const selectedEvent = computed<LifecycleEvent | null>(() => {
    void store.revision.value;
    const r = ref.value;
    const c = store.selected.value;
    if (!r || !c || r.kind !== 'event') return null;
    return c.events[r.index] ?? null;
  });
  const selectedRow = computed<number | null>(() => {
    const r = ref.value;
    const f = filtered.value;
    if (!r || !f.connection) return null;
    const value = r.kind === 'frame' ? frameIndex(f.connection, r) : -1 - r.index;
    if (r.kind === 'frame' && value < 0) return null;
    const at = f.rows.indexOf(value);
    return at >= 0 ? at : null;
  });

  let hintCache: { key: unknown[]; value: HeartbeatStall | null } | null = null;
  const heartbeatHint = computed<HeartbeatStall | null>(() => {
    void store.revision.value;
    const c = store.selected.value;
    if (!c || (c.closedAt === null && !c.close)) return null;
    const p = protocol.value;
    // Other connections' traffic bumps the revision too: scan this one's frames only when they change.
    const key = [c, p, c.frames.length, c.frames[0], c.events.length];
    if (hintCache && hintCache.key.every((v, i) => v === key[i])) return hintCache.value;
    const value = heartbeatStall(c.frames, (f) => isHeartbeat(f, p), heartbeatGapBeforeClose(c, p));
    hintCache = { key, value };
    return value;
  });

  const state: FrameListState = { protocol, filtered, selection, selectedRow, selectedFrame, selectedEvent, heartbeatHint };
  states.set(store, state);
  return state;
}

/** The ref of row `row` of the filtered rows. */
export function refOfRow(f: FilteredRows, row: number): RowRef | null {
  const c = f.connection;
  const v = f.rows[row];
  if (!c || v === undefined) return null;
  return v >= 0 ? { kind: 'frame', abs: v + c.droppedFrames, frame: c.frames[v]! } : { kind: 'event', index: -1 - v };
}

/** The connection a frame ref was found not to be in (one entry: saves rescanning it at each revision). */
let absent: { ref: RowRef; connection: Connection } | null = null;

/**
 * Where the frame of `ref` is now in `c.frames`, or -1 (dropped). Frames are dropped only from the
 * front (counted by droppedFrames) and inserted only after older ones, so the frame is at
 * `abs - droppedFrames` or, when frames were inserted before it, a little after. If the object is
 * not there at all while that position is, the connection was re-sent (new objects): its frame at
 * that position.
 */
function frameIndex(c: Connection, ref: Extract<RowRef, { kind: 'frame' }>): number {
  const at = ref.abs - c.droppedFrames;
  if (at < 0 || at >= c.frames.length) return -1;
  if (c.frames[at] === ref.frame) return at;
  if (absent && absent.ref === ref && absent.connection === c) return at;
  const moved = c.frames.indexOf(ref.frame, at + 1);
  if (moved >= 0) return moved;
  absent = { ref, connection: c };
  return at;
}

const decoded = new WeakMap<Frame, { protocol: ProtocolId; decoded: DecodedFrame }>();

/** decodeFrame, memoized per frame and protocol (rows are decoded only when drawn). */
export function decodedFrame(frame: Frame, protocol: ProtocolId): DecodedFrame {
  const hit = decoded.get(frame);
  if (hit && hit.protocol === protocol) return hit.decoded;
  const d = decodeFrame(frame, protocol);
  decoded.set(frame, { protocol, decoded: d });
  return d;
}
