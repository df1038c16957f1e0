import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../../../src/diagnostics/protocols';
import { clearFilter, frameFilter, setFilter } from '../../../src/panel/filter-store';
import { frameListOf, refOfRow } from '../../../src/panel/frame-list-store';
import { createStore } from '../../../src/panel/store';
import { newConnection } from '../../../src/shared/apply';
import type { Frame } from '../../../src/shared/model';

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
    expect(ref).toEqual({ kind: 'frame', abs: 2 });
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
