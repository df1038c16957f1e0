import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { HookLog, LogItem, LogRecord } from '../../../src/background/storage';
import type { TabState } from '../../../src/background/tabs';
import type { Session } from '../../../src/shared/model';
import { DEFAULT_LIMITS } from '../../../src/shared/model';
import type { BackgroundToPanel, HandshakeEvent, HookEvent, Origin } from '../../../src/shared/protocol';
import { DEFAULT_PAYLOAD_CAP, WIRE_BINARY, WIRE_RECEIVED } from '../../../src/shared/protocol';
import { CHUNK_TAG, encodeChunk } from '../../../src/shared/wire';

// What is under test is when the background decodes a bridge's batches, not IndexedDB: the
// storage layer records what it is asked to write and serves a log per tab.
const writes: LogItem[][] = [];
const snapshots: Session[] = [];
const logs = new Map<number, LogRecord[]>();
vi.mock('../../../src/background/storage', () => ({
  loadTab: async (tabId: number) => ({ record: undefined, log: logs.get(tabId) ?? [] }),
  appendLog: async (_record: unknown, batches: LogItem[]) => {
    writes.push(batches);
  },
  writeSnapshot: async (_record: unknown, session: Session) => {
    snapshots.push(session);
  },
  deleteTab: async () => undefined,
}));

const { clearTab, commit, commitHook, forgetTab, sendSnapshot, snapshot, withTab } = await import('../../../src/background/tabs');
type State = TabState;

let nextTab = 1;
async function tab(log?: LogRecord[]): Promise<State> {
  const tabId = nextTab++;
  if (log) logs.set(tabId, log);
  const state = await withTab(tabId, (s) => s);
  await vi.runAllTimersAsync();
  writes.length = 0;
  snapshots.length = 0;
  return state;
}

/** A panel's port: records what the background sends it. */
function panel(): { port: Runtime.Port; messages: BackgroundToPanel[] } {
  const messages: BackgroundToPanel[] = [];
  const port = { postMessage: (m: BackgroundToPanel) => messages.push(structuredClone(m)) } as unknown as Runtime.Port;
  return { port, messages };
}

/** The session a panel that subscribes now is sent (snapshot messages put back together). */
function shown(state: State): Session {
  const { port, messages } = panel();
  sendSnapshot(state, port);
  let session: Session | undefined;
  for (const m of messages) {
    if (m.type === 'reset') session = structuredClone(m.session);
    else if (m.type === 'connection') session!.connections.push(m.connection);
    else if (m.type === 'frames') session!.connections.find((c) => c.id === m.id)!.frames.push(...m.frames);
  }
  return session!;
}

const origin: Origin = { doc: 'D1', frameId: 0, documentId: 'DOC-1', frameUrl: 'https://app.test/' };
const create = (cid: string, time: number): HookEvent => ({ kind: 'create', cid, time, url: 'wss://api.test/ws', protocols: [] });
const open = (cid: string, time: number): HookEvent => ({ kind: 'open', cid, time, protocol: '', extensions: '' });
const text = (cid: string, time: number, data: string): HookEvent => ({
  kind: 'frame', cid, time, direction: 'receive', type: 'text', size: data.length, data, encoding: 'utf8', truncated: false,
});
const frames = (cid: string, from: number, n: number): HookEvent[] => Array.from({ length: n }, (_, i) => text(cid, from + i, `m${from + i}`));
const batch = (...chunks: HookEvent[][]): HookLog => ({ origin, chunks: chunks.map((events) => encodeChunk(events)) });
const handshake = (stage: HandshakeEvent['stage'], time: number, extra: Partial<HandshakeEvent> = {}): HandshakeEvent => ({
  kind: 'handshake', requestId: 'r1', stage, time, url: 'wss://api.test/ws', frameId: 0, documentId: 'DOC-1', ...extra,
});

/** A chunk no hook writes: a frame tuple with a bad size, and a binary frame over the hook's cap (base64, whole groups). */
function forgedChunk(): string {
  const big = 'QUJD'.repeat((DEFAULT_PAYLOAD_CAP + 3000) / 3);
  const header = `${CHUNK_TAG}["c1",5,${WIRE_RECEIVED},-1,2],["c1",6,${WIRE_RECEIVED | WIRE_BINARY},${DEFAULT_PAYLOAD_CAP + 3000},${big.length}]]}`;
  return `${header}\nhi${big}`;
}

/** Every step, in order: a bridge batch (HookLog) or another session event. */
type Step = HookLog | Parameters<typeof commit>[1][number];
const isBatch = (s: Step): s is HookLog => 'chunks' in s;

function run(state: State, steps: Step[]): void {
  for (const s of steps) void (isBatch(s) ? commitHook(state, s) : commit(state, [s]));
}

const savedLimits = { ...DEFAULT_LIMITS };
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  Object.assign(DEFAULT_LIMITS, savedLimits);
  vi.useRealTimers();
});

describe('bridge batches wait undecoded while no panel shows the tab', () => {
  it('stores a batch as it came without applying it, and a panel that opens gets every frame', async () => {
    const state = await tab();
    const item = batch([create('c1', 1), open('c1', 2), ...frames('c1', 3, 3)]);
    void commitHook(state, item);
    expect(state.session.connections).toEqual([]);
    expect(state.undecoded).toEqual([item]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toEqual([[item]]);

    const session = shown(state);
    expect(state.undecoded).toEqual([]);
    expect(session.connections).toHaveLength(1);
    expect(session.connections[0]!.frames.map((f) => f.data)).toEqual(['m3', 'm4', 'm5']);
    expect(session.retainedFrames).toBe(3);
  });

  it('decodes at once while a panel shows the tab, and sends it the events', async () => {
    const state = await tab();
    const { port, messages } = panel();
    state.panels.add(port);
    void commitHook(state, batch([create('c1', 1), ...frames('c1', 2, 2)]));
    expect(state.undecoded).toEqual([]);
    expect(state.session.retainedFrames).toBe(2);
    expect(messages.map((m) => m.type)).toEqual(['events']);
  });

  const steps = (): Step[] => [
    batch([create('c1', 1000), open('c1', 1001)], frames('c1', 1002, 3)),
    handshake('request', 1000, { requestHeaders: [{ name: 'Origin', value: 'https://app.test' }] }),
    handshake('response', 1001, { status: 101 }),
    { origin: { doc: 'D2', frameId: 3 }, chunks: [encodeChunk([create('c1', 1010), ...frames('c1', 1011, 2)])] },
    { kind: 'lost', count: 2 },
    batch(frames('c1', 1020, 2), [{ kind: 'close', cid: 'c1', time: 1030, code: 1006, reason: '', wasClean: false }]),
    { origin, chunks: [forgedChunk()] },
    { kind: 'page-title', title: 'Trading' },
    batch(frames('c1', 1040, 1)),
  ];

  it('gives the same session as decoding each batch at once, whatever else came between', async () => {
    const eager = await tab();
    eager.panels.add(panel().port);
    run(eager, steps());
    const lazy = await tab();
    run(lazy, steps());
    // The tail after the last other event is still waiting.
    expect(lazy.undecoded).toHaveLength(1);
    const session = shown(lazy);
    expect(session).toEqual(shown(eager));
    // What the forged chunk held: its malformed frame counted as lost (with the bridge's 2),
    // its binary frame cut to the hook's cap.
    expect(session.lostEvents).toBe(3);
    const binary = session.connections[0]!.frames.find((f) => f.type === 'binary')!;
    expect(binary.truncated).toBe(true);
    expect(binary.size).toBe(DEFAULT_PAYLOAD_CAP + 3000);
    expect(atob(binary.data)).toHaveLength(DEFAULT_PAYLOAD_CAP);
    // The handshake found the connection its create came in a batch before it.
    expect(session.connections[0]!.handshake?.status).toBe(101);
    expect(session.page.title).toBe('Trading');
  });

  it('decodes before a navigation, which keeps or drops connections by when they were created', async () => {
    const eager = await tab();
    eager.panels.add(panel().port);
    const lazy = await tab();
    const s: Step[] = [
      batch([create('c1', 1000), ...frames('c1', 1001, 2)]),
      { kind: 'navigate', time: 2000, url: 'https://app.test/b', title: 'B', preserve: true },
      batch([create('c2', 2500), ...frames('c2', 2501, 1)]),
      { kind: 'navigate', time: 3000, url: 'https://app.test/c', title: 'C', preserve: false },
      { origin: { doc: 'D3' }, chunks: [encodeChunk([create('c3', 3100)])] },
    ];
    run(eager, s);
    run(lazy, s);
    expect(shown(lazy)).toEqual(shown(eager));
    expect(shown(lazy).connections.map((c) => c.url)).toEqual(['wss://api.test/ws']);
  });

  it('decodes before the session and what waits would pass the frame cap, which then holds', async () => {
    DEFAULT_LIMITS.maxFrames = 12;
    const state = await tab();
    // Upper bounds: a `[` per frame, a `{` per other event, two for the wrapper and the events array, one for the protocols.
    void commitHook(state, batch([create('c1', 1), ...frames('c1', 2, 3)]));
    void commitHook(state, batch(frames('c1', 10, 3)));
    expect(state.undecodedFrames).toBe(12);
    expect(state.undecoded).toHaveLength(2);
    expect(state.session.retainedFrames).toBe(0);
    void commitHook(state, batch(frames('c1', 20, 8)));
    expect(state.undecoded).toEqual([]);
    expect(state.session.retainedFrames).toBeLessThanOrEqual(12);
    expect(state.session.retainedFrames + state.session.droppedFrames).toBe(14);
  });

  it('decodes before the session and what waits would pass the payload cap, which then holds', async () => {
    DEFAULT_LIMITS.maxPayloadChars = 100;
    const state = await tab();
    void commitHook(state, batch([create('c1', 1), text('c1', 2, 'a'.repeat(60))]));
    expect(state.undecoded).toHaveLength(1);
    expect(state.undecodedChars).toBe(60);
    void commitHook(state, batch([text('c1', 3, 'b'.repeat(60))]));
    expect(state.undecoded).toEqual([]);
    expect(state.session.retainedChars).toBeLessThanOrEqual(100);
    expect(state.session.connections[0]!.frames.map((f) => f.data[0])).toEqual(['b']);
  });

  it('puts what waits undecoded into a snapshot that replaces the log', async () => {
    const state = await tab();
    void commitHook(state, batch([create('c1', 1), ...frames('c1', 2, 2)]));
    void snapshot(state);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.connections[0]!.frames).toHaveLength(2);
    expect(writes).toEqual([]);
  });

  it('compacts the log by what was logged, counting undecoded frames by their upper bound', async () => {
    DEFAULT_LIMITS.maxFrames = 10;
    const state = await tab();
    // Each batch alone passes half the cap; the session holds at most 10, the log grows past 20.
    for (let i = 0; i < 4; i++) void commitHook(state, batch(frames('c1', i * 100, 6)));
    await vi.advanceTimersByTimeAsync(1000);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.retainedFrames).toBe(10);
  });

  it('compacts a log that grows by events other than frames (a page calling send() after close in a loop)', async () => {
    DEFAULT_LIMITS.maxFrames = 10;
    for (const panelOpen of [true, false]) {
      const state = await tab();
      if (panelOpen) state.panels.add(panel().port);
      const discarded = (t: number): HookEvent => ({ kind: 'send-discarded', cid: 'c1', time: t, size: 3 });
      void commitHook(state, batch([create('c1', 1)]));
      for (let i = 0; i < 8; i++) void commitHook(state, batch([discarded(10 + i * 3), discarded(11 + i * 3), discarded(12 + i * 3)]));
      await vi.advanceTimersByTimeAsync(1000);
      expect(snapshots.length, panelOpen ? 'with a panel open' : 'with no panel').toBeGreaterThanOrEqual(1);
      snapshots.length = 0;
    }
  });

  it('forgets what waits when the panel clears the tab', async () => {
    const state = await tab();
    void commitHook(state, batch([create('c1', 1), ...frames('c1', 2, 2)]));
    clearTab(state);
    expect(state.undecoded).toEqual([]);
    expect(shown(state).connections).toEqual([]);
  });

  it('after a worker restart, loads stored batches undecoded, in order with the events between them', async () => {
    const first = batch([create('c1', 1000), open('c1', 1001), ...frames('c1', 1002, 2)]);
    const last = batch(frames('c1', 1100, 2));
    const state = await tab([
      { tabId: 0, batches: [first, JSON.stringify([handshake('response', 1001, { status: 101 })])] },
      { tabId: 0, batches: [last] },
    ]);
    expect(state.undecoded).toEqual([last]);
    expect(state.session.retainedFrames).toBe(2);
    expect(state.loggedFrames).toBeGreaterThanOrEqual(4);
    const session = shown(state);
    expect(session.connections[0]!.handshake?.status).toBe(101);
    expect(session.connections[0]!.frames.map((f) => f.data)).toEqual(['m1002', 'm1003', 'm1100', 'm1101']);
  });
});

describe('a chunk or log entry that cannot be read costs only itself', () => {
  /** A binary frame over the hook's cap whose "base64" is not base64: cutting it needs its last partial group. */
  function notBase64Chunk(): string {
    const bytes = DEFAULT_PAYLOAD_CAP + 3001;
    const junk = '!'.repeat(Math.ceil(bytes / 3) * 4);
    return `${CHUNK_TAG}["c1",5,${WIRE_RECEIVED | WIRE_BINARY},${bytes},${junk.length}]]}\n${junk}`;
  }

  it('a forged frame that is not base64 neither throws nor takes the batches waiting with it', async () => {
    const state = await tab();
    void commitHook(state, batch([create('c1', 1), ...frames('c1', 2, 2)]));
    void commitHook(state, { origin, chunks: [notBase64Chunk()] });
    void commitHook(state, batch(frames('c1', 10, 2)));
    // Decoded when a panel opens, or by any other event: neither may throw.
    const session = shown(state);
    const data = session.connections[0]!.frames.map((f) => f.data);
    expect(data.filter((d) => d.startsWith('m'))).toEqual(['m2', 'm3', 'm10', 'm11']);
    const forged = session.connections[0]!.frames.find((f) => f.type === 'binary')!;
    expect(forged.truncated).toBe(true);
    expect(forged.data.length).toBeLessThanOrEqual(Math.ceil(DEFAULT_PAYLOAD_CAP / 3) * 4);
    await expect(commit(state, [handshake('response', 20, { status: 101 })])).resolves.toBeUndefined();
  });

  it('after a worker restart, a log entry that cannot be read is counted lost and the rest is restored', async () => {
    const state = await tab([
      { tabId: 0, batches: [batch([create('c1', 1000), ...frames('c1', 1001, 2)]), '{not json', JSON.stringify([{ kind: 'page-title', title: 'T' }])] },
      { tabId: 0, batches: [{ origin, chunks: [notBase64Chunk()] }] },
      { tabId: 0, events: [{ kind: 'hook', origin, events: null }] as unknown as LogRecord['events'] },
      { tabId: 0, batches: [batch(frames('c1', 1100, 1))] },
    ]);
    const session = shown(state);
    expect(session.page.title).toBe('T');
    expect(session.connections[0]!.frames.map((f) => f.data).filter((d) => d.startsWith('m'))).toEqual(['m1001', 'm1002', 'm1100']);
    expect(session.lostEvents).toBeGreaterThanOrEqual(1);
  });
});

describe('a closed tab', () => {
  it('stays gone when its events arrive after it closed (a handshake error, a last batch)', async () => {
    const state = await tab();
    const tabId = state.record.tabId;
    await forgetTab(tabId);
    let ran = false;
    await withTab(tabId, () => {
      ran = true;
    });
    await vi.runAllTimersAsync();
    expect(ran).toBe(false);
    expect(writes).toEqual([]);
  });
});
