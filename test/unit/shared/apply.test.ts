import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents, findConnection, resetSession } from '../../../src/shared/apply';
import { connectionState, createSession } from '../../../src/shared/model';
import type { HandshakeEvent, HookEvent, Origin, SessionEvent } from '../../../src/shared/protocol';

const origin: Origin = { doc: 'doc1', frameId: 0, documentId: 'D1', frameUrl: 'https://app.test/' };
const hook = (...events: HookEvent[]): SessionEvent => ({ kind: 'hook', origin, events });
const create = (cid: string, time: number, url = 'wss://api.test/ws', protocols: string[] = []): HookEvent => ({
  kind: 'create', cid, time, url, protocols,
});
const frame = (cid: string, time: number, direction: 'send' | 'receive' = 'receive', data = 'x'): HookEvent => ({
  kind: 'frame', cid, time, direction, type: 'text', size: data.length, data, encoding: 'utf8', truncated: false,
});
const handshake = (stage: HandshakeEvent['stage'], time: number, extra: Partial<HandshakeEvent> = {}): HandshakeEvent => ({
  kind: 'handshake', requestId: 'r1', stage, time, url: 'wss://api.test/ws', frameId: 0, documentId: 'D1', ...extra,
});

describe('applyEvent: the life of a connection', () => {
  it('goes connecting → open → closing → closed, recording each step', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1, 'wss://api.test/ws', ['v1'])));
    const c = s.connections[0]!;
    expect(c.id).toBe('doc1:a');
    expect(c.frameUrl).toBe('https://app.test/');
    expect(connectionState(c)).toBe('connecting');
    applyEvent(s, hook({ kind: 'open', cid: 'a', time: 2, protocol: 'v1', extensions: 'permessage-deflate' }));
    expect(connectionState(c)).toBe('open');
    expect(c.protocol).toBe('v1');
    applyEvent(s, hook(frame('a', 3, 'send', 'hi'), frame('a', 4, 'receive', 'hello')));
    expect(c.stats).toEqual({ framesSent: 1, bytesSent: 2, framesReceived: 1, bytesReceived: 5 });
    applyEvent(s, hook({ kind: 'close-call', cid: 'a', time: 5, code: 1000, reason: 'bye' }));
    expect(connectionState(c)).toBe('closing');
    applyEvent(s, hook({ kind: 'close', cid: 'a', time: 6, code: 1000, reason: 'bye', wasClean: true }));
    expect(connectionState(c)).toBe('closed');
    expect(c.close).toEqual({ code: 1000, reason: 'bye', wasClean: true, initiator: 'client' });
    expect(c.events.map((e) => e.kind)).toEqual(['open', 'close-call', 'close']);
  });

  it.each([
    { calledClose: false, code: 1000, wasClean: true, initiator: 'server' },
    { calledClose: false, code: 1006, wasClean: false, initiator: 'browser' },
    { calledClose: false, code: 1015, wasClean: false, initiator: 'browser' },
    { calledClose: true, code: 1006, wasClean: false, initiator: 'client' },
    { calledClose: false, code: 4001, wasClean: false, initiator: 'unknown' },
  ])('attributes a close $code (close() called: $calledClose) to $initiator', ({ calledClose, code, wasClean, initiator }) => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1)));
    if (calledClose) applyEvent(s, hook({ kind: 'close-call', cid: 'a', time: 2 }));
    applyEvent(s, hook({ kind: 'close', cid: 'a', time: 3, code, reason: '', wasClean }));
    expect(s.connections[0]!.close!.initiator).toBe(initiator);
  });

  it('a close() call that threw does not mark the connection closing', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), { kind: 'close-call', cid: 'a', time: 2, code: 999, error: 'InvalidAccessError: x' }));
    expect(connectionState(s.connections[0]!)).toBe('connecting');
    expect(s.connections[0]!.events[0]).toMatchObject({ kind: 'close-call', error: 'InvalidAccessError: x' });
  });

  it.each([
    [3000.7, 3001],
    [3000.5, 3000], // ties to even, as the browser's [Clamp] conversion
    [3001.5, 3002],
    [70000, 65535],
    [-5, 0],
    [Infinity, -1],
  ])('records close(%s) with the code the browser sends: %s', (code, recorded) => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), { kind: 'close-call', cid: 'a', time: 2, code }));
    expect(s.connections[0]!.events[0]).toMatchObject({ kind: 'close-call', code: recorded });
  });

  it('a socket created by the page before a navigation is not added to the next session', () => {
    const s = createSession();
    applyEvent(s, { kind: 'navigate', time: 2000, url: 'https://b.test/', title: 'B', preserve: false });
    // The old document's last batch, arriving after the new page's hello.
    applyEvent(s, hook(create('old', 1990, 'wss://old.test/ws'), frame('old', 1995)));
    expect(s.connections).toEqual([]);
    applyEvent(s, hook(create('new', 2010)));
    expect(s.connections).toHaveLength(1);
  });

  it('records listeners, send errors and discarded sends', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), { kind: 'listen', cid: 'a', event: 'close' }));
    applyEvent(s, hook({ kind: 'send-error', cid: 'a', time: 2, error: 'InvalidStateError: still connecting' }));
    applyEvent(s, hook({ kind: 'send-discarded', cid: 'a', time: 3, size: 10 }));
    const c = s.connections[0]!;
    expect(c.listeners).toEqual({ close: true, error: false, message: false });
    expect(c.events.map((e) => e.kind)).toEqual(['send-error', 'send-discarded']);
  });

  it('ignores a create it has already applied (a batch resent after a worker restart)', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1)));
    applyEvent(s, hook(create('a', 1)));
    expect(s.connections).toHaveLength(1);
  });

  it('keeps an event for an unknown socket under an unknown URL rather than dropping it', () => {
    const s = createSession();
    applyEvent(s, hook(frame('zzz', 5)));
    expect(s.connections[0]).toMatchObject({ id: 'doc1:zzz', url: '' });
    expect(s.connections[0]!.stats.framesReceived).toBe(1);
  });

  it("drops the old page's last batch arriving after the new page's hello: no row without a URL", () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 100), frame('a', 150)));
    applyEvent(s, { kind: 'navigate', time: 1000, url: 'https://b.test/', title: 'B', preserve: false });
    // Sent on the old page's pagehide, received after the navigation.
    applyEvent(s, hook(frame('a', 950), { kind: 'close', cid: 'a', time: 990, code: 1001, reason: '', wasClean: true }, { kind: 'listen', cid: 'a', event: 'close' }));
    expect(s.connections).toEqual([]);
    // After the session started, an event for an unknown socket is still kept.
    applyEvent(s, hook(frame('zzz', 1100)));
    expect(s.connections.map((c) => [c.id, c.url])).toEqual([['doc1:zzz', '']]);
  });

  it('keeps frames in time order when a Blob payload arrives late', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), frame('a', 10, 'receive', 'b'), frame('a', 5, 'receive', 'a'), frame('a', 11, 'receive', 'c')));
    expect(s.connections[0]!.frames.map((f) => f.data)).toEqual(['a', 'b', 'c']);
  });

  it('gives sockets of different documents different ids even with the same cid', () => {
    const s = createSession();
    applyEvent(s, { kind: 'hook', origin: { doc: 'x' }, events: [create('a', 1)] });
    applyEvent(s, { kind: 'hook', origin: { doc: 'y' }, events: [create('a', 1)] });
    expect(s.connections.map((c) => c.id)).toEqual(['x:a', 'y:a']);
  });
});

describe('applyEvent: handshakes', () => {
  it('attaches a handshake seen after the hook to the hooked connection', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1000)));
    applyEvent(s, handshake('request', 1001, { requestHeaders: [{ name: 'Origin', value: 'https://app.test' }] }));
    applyEvent(s, handshake('response', 1010, { status: 401, statusText: 'Unauthorized', responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer' }] }));
    applyEvent(s, handshake('error', 1011, { error: 'net::ERR_FAILED' }));
    expect(s.connections).toHaveLength(1);
    expect(s.connections[0]!.handshake).toMatchObject({
      status: 401, statusText: 'Unauthorized', error: 'net::ERR_FAILED', requestedAt: 1001, answeredAt: 1010,
    });
    expect(s.connections[0]!.handshake!.requestHeaders).toEqual([{ name: 'Origin', value: 'https://app.test' }]);
  });

  it('adopts a handshake seen before the hook event into the hooked connection', () => {
    const s = createSession();
    applyEvent(s, handshake('request', 999));
    expect(s.connections[0]!.hooked).toBe(false);
    applyEvent(s, hook(create('a', 1000, 'wss://api.test/ws', ['p'])));
    expect(s.connections).toHaveLength(1);
    const c = s.connections[0]!;
    expect(c).toMatchObject({ id: 'doc1:a', hooked: true, protocolsRequested: ['p'] });
    expect(findConnection(s, 'doc1:a')).toBe(c);
    expect(findConnection(s, 'request:r1')).toBeUndefined();
    applyEvent(s, handshake('response', 1002, { status: 101 }));
    expect(c.handshake!.status).toBe(101);
  });

  it('shows a socket seen only from its handshake (e.g. in a Worker) as not hooked', () => {
    const s = createSession();
    applyEvent(s, handshake('request', 1, { url: 'wss://worker.test/', documentId: undefined, frameId: -1 }));
    applyEvent(s, handshake('response', 2, { url: 'wss://worker.test/', status: 101, documentId: undefined, frameId: -1 }));
    const c = s.connections[0]!;
    expect(c.hooked).toBe(false);
    expect(connectionState(c)).toBe('open');
  });

  it('does not match a handshake to a socket of another document or far away in time', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1000)));
    applyEvent(s, handshake('request', 1001, { documentId: 'OTHER' }));
    applyEvent(s, handshake('request', 60_000, { requestId: 'r2' }));
    expect(s.connections).toHaveLength(3);
    expect(s.connections[0]!.handshake).toBeNull();
  });

  it('matches each of two same-URL sockets to its own handshake by time', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1000), create('b', 5000)));
    applyEvent(s, handshake('request', 5001, { requestId: 'rb' }));
    applyEvent(s, handshake('request', 1001, { requestId: 'ra' }));
    expect(s.connections.map((c) => c.requestId)).toEqual(['ra', 'rb']);
  });

  it('an unhooked socket whose handshake failed is closed', () => {
    const s = createSession();
    applyEvent(s, handshake('error', 5, { error: 'net::ERR_CONNECTION_REFUSED' }));
    expect(connectionState(s.connections[0]!)).toBe('closed');
  });
});

describe('caps', () => {
  it('drops the oldest frames across connections beyond the frame cap, and counts them', () => {
    const s = createSession();
    const limits = { maxFrames: 100, maxPayloadChars: 1e9 };
    applyEvent(s, hook(create('a', 0), create('b', 0)), limits);
    const events: HookEvent[] = [];
    for (let i = 0; i < 150; i++) events.push(frame(i % 2 ? 'a' : 'b', i));
    applyEvent(s, hook(...events), limits);
    expect(s.retainedFrames).toBeLessThanOrEqual(100);
    expect(s.retainedFrames + s.droppedFrames).toBe(150);
    const kept = s.connections.flatMap((c) => c.frames.map((f) => f.time)).sort((x, y) => x - y);
    expect(kept[0]).toBe(150 - s.retainedFrames);
    const [a, b] = s.connections;
    expect(a!.stats.framesReceived + b!.stats.framesReceived).toBe(150);
    expect(a!.droppedFrames + b!.droppedFrames).toBe(s.droppedFrames);
  });

  it('drops the oldest frames beyond the payload cap', () => {
    const s = createSession();
    const limits = { maxFrames: 1e9, maxPayloadChars: 1000 };
    applyEvent(s, hook(create('a', 0)), limits);
    for (let i = 0; i < 30; i++) applyEvent(s, hook(frame('a', i, 'receive', 'y'.repeat(100))), limits);
    expect(s.retainedChars).toBeLessThanOrEqual(1000);
    expect(s.connections[0]!.frames.at(-1)!.time).toBe(29);
    expect(s.droppedFrames).toBe(30 - s.connections[0]!.frames.length);
  });
});

describe('navigation, clear and lost events', () => {
  it('a navigation starts a new session unless the log is preserved', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1)));
    applyEvent(s, { kind: 'navigate', time: 2, url: 'https://b.test/', title: 'B', preserve: true });
    expect(s.connections).toHaveLength(1);
    expect(s.navigations).toEqual([{ time: 2, url: 'https://b.test/' }]);
    applyEvent(s, { kind: 'navigate', time: 3, url: 'https://c.test/', title: 'C', preserve: false });
    expect(s.connections).toHaveLength(0);
    expect(s.page).toEqual({ url: 'https://c.test/', title: 'C' });
    expect(findConnection(s, 'doc1:a')).toBeUndefined();
  });

  it('with Preserve log, the left page\'s open sockets end at the navigation', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), { kind: 'open', cid: 'a', time: 2, protocol: '', extensions: '' }));
    applyEvent(s, hook(create('b', 3), { kind: 'close', cid: 'b', time: 4, code: 1000, reason: '', wasClean: true }));
    applyEvent(s, { kind: 'navigate', time: 10, url: 'https://b.test/', title: 'B', preserve: true });
    const [a, b] = s.connections;
    expect(connectionState(a!)).toBe('closed');
    expect(a!.closedAt).toBe(10);
    expect(a!.close).toBeNull();
    expect(b!.closedAt).toBe(4);
  });

  it("keeps a handshake of the new page that arrived before the navigation's hello", () => {
    const s = createSession();
    applyEvent(s, hook(create('old', 100), frame('old', 150)));
    applyEvent(s, handshake('request', 1200, { requestId: 'new-page', documentId: 'D2' }));
    applyEvent(s, { kind: 'navigate', time: 1000, url: 'https://b.test/', title: 'B', preserve: false });
    expect(s.connections.map((c) => c.id)).toEqual(['request:new-page']);
    expect(s.retainedFrames).toBe(0);
    applyEvent(s, { kind: 'hook', origin: { doc: 'doc2', documentId: 'D2' }, events: [create('new', 1201)] });
    expect(s.connections.map((c) => c.id)).toEqual(['doc2:new']);
    expect(s.connections[0]!.handshake!.requestedAt).toBe(1200);
  });

  it("keeps an early handshake stamped by the browser's clock a little before the page's navigation time", () => {
    const s = createSession();
    applyEvent(s, hook(create('old', 900)));
    applyEvent(s, handshake('request', 900, { requestId: 'skewed', documentId: 'D2' }));
    applyEvent(s, handshake('request', 1000 - 2001, { requestId: 'old-page', documentId: 'D1' }));
    applyEvent(s, { kind: 'navigate', time: 1000, url: 'https://b.test/', title: 'B', preserve: false });
    // The hooked socket's time is the page's own clock: before the navigation, it is the old page's.
    expect(s.connections.map((c) => c.id)).toEqual(['request:skewed']);
  });

  it('reset empties everything, and lost events are counted', () => {
    const s = createSession();
    applyEvents(s, [hook(create('a', 1), frame('a', 2)), { kind: 'lost', count: 3 }, { kind: 'lost', count: 2 }]);
    expect(s.lostEvents).toBe(5);
    resetSession(s, 'u', 't', 9);
    expect(s).toMatchObject({ connections: [], lostEvents: 0, retainedFrames: 0, retainedChars: 0, startedAt: 9 });
  });
});

describe('applyEvent: one hook batch, many sockets', () => {
  it('gives each frame to its own socket when frames of several sockets interleave', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), create('b', 2), frame('a', 3), frame('a', 4), frame('b', 5), frame('a', 6), frame('b', 7, 'send', 'yo')));
    const [a, b] = s.connections;
    expect(a!.frames.map((f) => f.time)).toEqual([3, 4, 6]);
    expect(b!.frames.map((f) => f.time)).toEqual([5, 7]);
    expect(b!.stats).toEqual({ framesSent: 1, bytesSent: 2, framesReceived: 1, bytesReceived: 1 });
  });

  it('follows a create in the middle of a batch that adopts a handshake-seen connection', () => {
    const s = createSession();
    applyEvent(s, handshake('request', 999));
    const seen = s.connections[0]!;
    // A frame of socket 'a' (its create lost), then socket 'c' is created and adopts the handshake.
    applyEvent(s, hook(frame('a', 1000), create('c', 1001), frame('c', 1002), frame('a', 1003), frame('c', 1004)));
    expect(s.connections).toHaveLength(2);
    const a = findConnection(s, 'doc1:a')!;
    const c = findConnection(s, 'doc1:c')!;
    expect(c).toBe(seen);
    expect(a.frames.map((f) => f.time)).toEqual([1000, 1003]);
    expect(c.frames.map((f) => f.time)).toEqual([1002, 1004]);
  });

  it('does not carry a socket over from one batch to the next', () => {
    const s = createSession();
    applyEvent(s, hook(create('a', 1), frame('a', 2)));
    applyEvent(s, { kind: 'hook', origin: { ...origin, doc: 'doc2' }, events: [frame('a', 3)] });
    expect(findConnection(s, 'doc1:a')!.frames).toHaveLength(1);
    expect(findConnection(s, 'doc2:a')!.frames).toHaveLength(1);
  });
});
