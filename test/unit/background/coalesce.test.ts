import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogItem } from '../../../src/background/storage';

// The scheduler is under test, not IndexedDB: the storage layer records what it was asked to write.
const writes: LogItem[][] = [];
const snapshots: number[] = [];
vi.mock('../../../src/background/storage', () => ({
  loadTab: async () => ({ record: undefined, log: [] }),
  appendLog: async (_record: unknown, batches: LogItem[]) => {
    writes.push(batches);
  },
  writeSnapshot: async () => {
    snapshots.push(writes.length);
  },
  deleteTab: async () => undefined,
}));

const { commit, logItemChars, withTab } = await import('../../../src/background/tabs');

let nextTab = 1;
/** A fresh tab's state, past the first navigation (whose write is a snapshot, at once). */
async function tab() {
  const state = await withTab(nextTab++, (s) => s);
  await vi.runAllTimersAsync();
  writes.length = 0;
  snapshots.length = 0;
  return state;
}
const batch = (chars: number): LogItem => ({ origin: { doc: 'd' }, chunks: ['x'.repeat(chars)] });
/** What the background commits for a bridge batch: its hook event, and the batch as logged. */
const bridgeBatch = (state: Awaited<ReturnType<typeof tab>>, chars: number) =>
  commit(state, [{ kind: 'hook', origin: { doc: 'd' }, events: [] }], [batch(chars)]);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('log writes are coalesced', () => {
  it('counts a log item by its payload chars', () => {
    expect(logItemChars('[{"kind":"lost","count":1}]')).toBe(27);
    expect(logItemChars({ origin: { doc: 'd' }, chunks: ['abc', 'de'] })).toBe(5);
  });

  it('stores bridge batches that arrive within a second in one write, acked together', async () => {
    const state = await tab();
    const acked: number[] = [];
    for (let i = 0; i < 5; i++) {
      void bridgeBatch(state, 10).then(() => acked.push(i));
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(writes).toHaveLength(0);
    expect(acked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(5);
    expect(acked).toEqual([0, 1, 2, 3, 4]);
  });

  it('writes at once when 4 Mi chars wait, so bridges never hold much unacked', async () => {
    const state = await tab();
    void bridgeBatch(state, 3 * 1024 * 1024);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(0);
    void bridgeBatch(state, 1024 * 1024);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map(logItemChars)).toEqual([3 * 1024 * 1024, 1024 * 1024]);
    // The count starts again after a write.
    void bridgeBatch(state, 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveLength(2);
  });

  it("writes a leaving document's last batch at once: no bridge is left to resend it", async () => {
    const state = await tab();
    void bridgeBatch(state, 10);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(0);
    void commit(state, [{ kind: 'hook', origin: { doc: 'd' }, events: [] }], [batch(20)], true);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map(logItemChars)).toEqual([10, 20]);
  });

  it('writes events nobody would resend at once, with the batches that wait', async () => {
    const state = await tab();
    void bridgeBatch(state, 10);
    await vi.advanceTimersByTimeAsync(10);
    void commit(state, [{ kind: 'page-title', title: 't' }]);
    await vi.advanceTimersByTimeAsync(10);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(2);
    expect(snapshots).toEqual([]);
  });
});
