import { describe, expect, it } from 'vitest';
import { base64ToBytes, endedWithoutClose, formatBytes, formatDuration, formatExactBytes, formatRelative, handshakeStatus, hex, previewBinary, previewText } from '../../../src/panel/format';
import { messageRows } from '../../../src/panel/rows';
import { newConnection } from '../../../src/shared/apply';
import type { Connection } from '../../../src/shared/model';

describe('format', () => {
  it.each([
    [0, '0 B'], [1023, '1023 B'], [1024, '1.0 KiB'], [10 * 1024 * 1024, '10.0 MiB'], [3 * 1024 ** 3, '3.00 GiB'],
  ])('formatBytes(%d) = %s', (n, s) => expect(formatBytes(n)).toBe(s));

  it('formats exact sizes and relative times with millisecond precision', () => {
    expect(formatExactBytes(10485760)).toBe('10,485,760 B');
    expect(formatRelative(1001.2345, 1000)).toBe('+0.001 s');
    expect(formatRelative(13_456.7, 1000)).toBe('+12.457 s');
    expect(formatRelative(900, 1000)).toBe('−0.100 s');
  });

  it.each([
    [450, '450 ms'], [1500, '1.5 s'], [192_000, '3 min 12 s'], [7_500_000, '2 h 5 min'],
  ])('formatDuration(%d) = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

  it('makes control and bidi characters visible in a preview', () => {
    expect(previewText('a\nb\tc')).toBe('a⏎b⇥c');
    expect(previewText('evil\u202Etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(previewText('\u0000')).toBe('\\u0000');
    expect(previewText('y'.repeat(500))).toHaveLength(161);
  });

  it('previews binary as hex and base64', () => {
    expect(hex(base64ToBytes('3q2+7w=='))).toBe('de ad be ef');
    expect(previewBinary('3q2+7w==', 4)).toBe('de ad be ef · base64 3q2+7w==');
    expect(previewBinary(btoa('x'.repeat(100)), 100)).toMatch(/^(78 ){23}78 … · base64 /);
    expect(base64ToBytes('!!!not base64')).toHaveLength(0);
  });
});

describe('messageRows', () => {
  it('merges lifecycle events and frames in time order, frames numbered past dropped ones', () => {
    const c = newConnection('x', 'ws://x', 0);
    c.droppedFrames = 10;
    c.events.push({ kind: 'open', time: 1, protocol: '', extensions: '' }, { kind: 'close', time: 9, code: 1000, reason: '', wasClean: true, initiator: 'server' });
    for (const t of [2, 5]) c.frames.push({ time: t, direction: 'send', type: 'text', size: 1, data: 'a', encoding: 'utf8', truncated: false });
    const rows = messageRows(c);
    expect(rows.map((r) => r.kind + r.time)).toEqual(['event1', 'frame2', 'frame5', 'event9']);
    expect(rows[1]).toMatchObject({ index: 10 });
  });
});

describe('endedWithoutClose', () => {
  const base = (): Connection => {
    const c = newConnection('c', 'wss://x.test/', 1);
    c.closedAt = 10;
    return c;
  };
  it('says a hooked socket ended when its page was left, not that it is still open', () => {
    expect(endedWithoutClose(base())).toMatchObject({ short: '(page left)', long: expect.stringMatching(/navigated away/) });
  });
  it('says a socket seen only from a failed handshake ended with it', () => {
    const c = base();
    c.hooked = false;
    c.handshake = { status: 401, requestHeaders: [], responseHeaders: [] };
    expect(endedWithoutClose(c).short).toBe('(handshake failed)');
    c.handshake = { status: null, error: 'net::ERR_FAILED', requestHeaders: [], responseHeaders: [] };
    expect(endedWithoutClose(c).short).toBe('(handshake failed)');
    c.handshake = { status: 101, requestHeaders: [], responseHeaders: [] };
    expect(endedWithoutClose(c).long).toMatch(/only from its handshake/);
  });
});

describe('handshakeStatus', () => {
  const withHandshake = (h: Partial<NonNullable<Connection['handshake']>> | null): Connection => {
    const c = newConnection('c1', 'ws://h/x', 0);
    c.handshake = h === null ? null : { status: null, requestHeaders: [], responseHeaders: [], ...h };
    return c;
  };

  it('is the HTTP status, with the status line as its title', () => {
    expect(handshakeStatus(withHandshake({ status: 101, statusText: 'Switching Protocols' }))).toEqual({ text: '101', title: '101 Switching Protocols', ok: true });
    expect(handshakeStatus(withHandshake({ status: 401, statusText: 'Unauthorized', error: 'net::ERR_FAILED' }))).toEqual({ text: '401', title: '401 Unauthorized', ok: false });
    expect(handshakeStatus(withHandshake({ status: 403 }))).toEqual({ text: '403', title: '403', ok: false });
  });

  it('says (failed) with the network error when there was no HTTP answer, (pending) while waiting', () => {
    expect(handshakeStatus(withHandshake({ error: 'NS_ERROR_CONNECTION_REFUSED' }))).toEqual({ text: '(failed)', title: 'NS_ERROR_CONNECTION_REFUSED', ok: false });
    expect(handshakeStatus(withHandshake({}))).toMatchObject({ text: '(pending)', ok: true });
    const ended = withHandshake({});
    ended.closedAt = 10;
    expect(handshakeStatus(ended)).toMatchObject({ text: '(unknown)', ok: true });
  });

  it('is null when no handshake was seen', () => {
    expect(handshakeStatus(withHandshake(null))).toBeNull();
  });
});
