import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../../src/diagnostics/protocols';
import { clearFilter, frameFilter, setFilter } from '../../../src/panel/filter-store';
import { frameListOf, refOfRow } from '../../../src/panel/frame-list-store';
import { createStore } from '../../../src/panel/store';
import { applyEvents, newConnection, resetSession, restoreConnection } from '../../../src/shared/apply';
import type { Connection, Frame, SessionLimits } from '../../../src/shared/model';
import type { HookEvent, Origin, SessionEvent } from '../../../src/shared/protocol';

const frame = (i: number): Frame => {
  const data = i % 10 === 0 ? '2' : i % 10 === 1 ? '3' : `42["chat",{"n":${i}}]`;
  return { time: 1000 + i, direction: i % 2 ? 'send' : 'receive', type: 'text', size: data.length, data, encoding: 'utf8', truncated: false };
};

function setup(n: number) {
  const store = createStore(null);
  const c = newConnection('c1', 'ws://h/socket.io/?EIO=4&transport=websocket', 1000);
  c.openedAt = 1000;
  c.events.push({ kind: 'open', time: 1000, protocol: '', extensions: '' });
  for (let i = 0; i < n; i++) c.frames.push(frame(i));
  store.session.connections.push(c);
  store.selectedId.value = 'c1';
  return { store, c, list: frameListOf(store) };
}

describe('frame list store', () => {
  it('filters 100,000 frames fast, and only the new ones as frames arrive', () => {
    clearFilter();
    const { store, c, list } = setup(100_000);
    expect(list.protocol.value).toBe('socket.io');
    expect(list.filtered.value.shown).toBe(100_000);
    expect(list.filtered.value.rows.length).toBe(100_001);

    let t = performance.now();
    setFilter({ direction: 'send', hideHeartbeats: true, text: '/"n":\\d*7\\}/' });
    const f = list.filtered.value;
    expect(performance.now() - t).toBeLessThan(1000);
    expect(f.shown).toBe(10_000);
    expect(f.total).toBe(100_000);

    // frames arrive: the filter runs on the new ones only
    for (let i = 100_000; i < 100_020; i++) c.frames.push(frame(i));
    store.revision.value++;
    t = performance.now();
    expect(list.filtered.value.shown).toBe(10_002);
    expect(performance.now() - t).toBeLessThan(100);
    frameFilter.value = EMPTY_FILTER;
  });

  it('keeps a selected frame by its absolute index, and finds its row', () => {
    clearFilter();
    const { store, list } = setup(50);
    const ref = refOfRow(list.filtered.value, 3)!;
    expect(ref).toEqual({ kind: 'frame', abs: 2, frame: list.filtered.value.connection!.frames[2] });
    list.selection.value = { connectionId: 'c1', ref };
    expect(list.selectedRow.value).toBe(3);
    expect(list.selectedFrame.value?.time).toBe(1002);
    setFilter({ direction: 'receive' });
    expect(list.selectedRow.value).toBe(2);
    setFilter({ direction: 'send' });
    expect(list.selectedRow.value).toBeNull(); // filtered out, still selected
    expect(list.selectedFrame.value?.time).toBe(1002);
    store.selectedId.value = null;
    expect(list.selectedFrame.value).toBeNull();
    clearFilter();
  });
});

describe('frame list store: frames inserted before the end (late Blob payloads)', () => {
  const origin: Origin = { doc: 'd' };
  const hook = (...events: HookEvent[]): SessionEvent => ({ kind: 'hook', origin, events });
  const at = (time: number, direction: 'send' | 'receive', data: string): HookEvent => ({
    kind: 'frame', cid: 'a', time, direction, type: 'text', size: data.length, data, encoding: 'utf8', truncated: false,
  });

  /** A connection built by the real reducer: 20 frames 10 ms apart, alternating receive and send. */
  function live() {
    const store = createStore(null);
    const frames: HookEvent[] = [];
    for (let i = 0; i < 20; i++) frames.push(at(1000 + 10 * i, i % 2 ? 'send' : 'receive', `msg ${i}`));
    applyEvents(store.session, [
      hook({ kind: 'create', cid: 'a', time: 900, url: 'wss://h/live', protocols: [] }, { kind: 'open', cid: 'a', time: 950, protocol: '', extensions: '' }),
      hook(...frames),
    ]);
    const c = store.session.connections[0]!;
    store.selectedId.value = c.id;
    return { store, c, list: frameListOf(store) };
  }
  const shownFrames = (list: ReturnType<typeof frameListOf>, c: Connection) =>
    Array.from(list.filtered.value.rows).filter((v) => v >= 0).map((v) => c.frames[v]!);

  it('shows exactly the matching frames in time order, and keeps the selection on the same frame', () => {
    const { store, c, list } = live();
    setFilter({ direction: 'send', text: 'msg' });
    expect(shownFrames(list, c).map((f) => f.data)).toEqual(['msg 1', 'msg 3', 'msg 5', 'msg 7', 'msg 9', 'msg 11', 'msg 13', 'msg 15', 'msg 17', 'msg 19']);
    const row = list.filtered.value.rows.indexOf(c.frames.findIndex((f) => f.data === 'msg 13'));
    list.selection.value = { connectionId: c.id, ref: refOfRow(list.filtered.value, row)! };
    const selected = list.selectedFrame.value!;
    expect(selected.data).toBe('msg 13');

    // Blob payloads read late: inserted in time order, before frames already shown.
    applyEvents(store.session, [hook(at(1045, 'receive', 'msg late receive'), at(1085, 'send', 'msg late send'), at(1195, 'send', 'msg 19b'))]);
    store.revision.value++;
    expect(c.frames[5]!.data).toBe('msg late receive'); // the reducer inserted it mid-list

    const shown = shownFrames(list, c);
    expect(shown).toEqual(c.frames.filter((f) => f.direction === 'send'));
    expect(shown.map((f) => f.data)).toEqual(['msg 1', 'msg 3', 'msg 5', 'msg 7', 'msg late send', 'msg 9', 'msg 11', 'msg 13', 'msg 15', 'msg 17', 'msg 19', 'msg 19b']);
    expect(list.filtered.value.shown).toBe(12);
    expect(list.selectedFrame.value).toBe(selected);
    const now = list.selectedRow.value!;
    expect(c.frames[list.filtered.value.rows[now]!]).toBe(selected);

    // Frames appended afterwards are still filtered incrementally, and correctly.
    applyEvents(store.session, [hook(at(1300, 'send', 'msg 20'), at(1310, 'receive', 'msg 21'))]);
    store.revision.value++;
    expect(shownFrames(list, c)).toEqual(c.frames.filter((f) => f.direction === 'send'));
    expect(list.selectedFrame.value).toBe(selected);
    clearFilter();
    expect(list.selectedFrame.value).toBe(selected);
    expect(c.frames[list.filtered.value.rows[list.selectedRow.value!]!]).toBe(selected);
  });

  it('a selected frame that was dropped is no longer selected, even after insertions', () => {
    clearFilter();
    const { store, c, list } = live();
    list.selection.value = { connectionId: c.id, ref: refOfRow(list.filtered.value, 3)! }; // row 0 is the open event
    expect(list.selectedFrame.value?.data).toBe('msg 2');
    const limits: SessionLimits = { maxFrames: 20, maxPayloadChars: 1e9 };
    applyEvents(store.session, [hook(at(1001, 'send', 'early'), at(1002, 'send', 'early 2'))], limits);
    store.revision.value++;
    expect(c.droppedFrames).toBeGreaterThan(0);
    expect(list.selectedFrame.value?.data).toBe('msg 2');
    applyEvents(store.session, [hook(...[0, 1, 2, 3, 4].map((i) => at(1500 + i, 'send', `more ${i}`)))], limits);
    store.revision.value++;
    expect(c.frames.some((f) => f.data === 'msg 2')).toBe(false);
    expect(list.selectedFrame.value).toBeNull();
    expect(list.selectedRow.value).toBeNull();
  });

  it('a connection re-sent by the background (new frame objects) keeps the selection by position', () => {
    clearFilter();
    const { store, c, list } = live();
    list.selection.value = { connectionId: c.id, ref: refOfRow(list.filtered.value, 5)! };
    expect(list.selectedFrame.value?.data).toBe('msg 4');
    const copy: Connection = { ...c, frames: c.frames.map((f) => ({ ...f })), events: [...c.events] };
    resetSession(store.session, '', '', 0);
    restoreConnection(store.session, copy);
    store.revision.value++;
    expect(list.selectedFrame.value).toBe(copy.frames[4]);
    expect(list.selectedRow.value).toBe(5);
  });
});
