import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../../../src/shared/protocol';
import { PAGE_SOURCE, PROTOCOL_VERSION, WIRE_MEASURE } from '../../../src/shared/protocol';
import { DEFAULT_CAPTURE_SETTINGS, readCaptureSettings } from '../../../src/shared/protocol';
import { base64Chars, checkChunk, chunkBounds, CHUNK_FLUSH_CHARS, CHUNK_TAG, cutBinaryFrames, decodeChunk, encodeChunk, joinRests, MAX_CHUNK_CHARS, truncateBase64, utf8Length } from '../../../src/shared/wire';

const frame = (data: string, extra: Partial<Extract<HookEvent, { kind: 'frame' }>> = {}): HookEvent => ({
  kind: 'frame', cid: 'a-1', time: 1, direction: 'receive', type: 'text', size: data.length, data, encoding: 'utf8', truncated: false, ...extra,
});
const open: HookEvent = { kind: 'open', cid: 'a-1', time: 1, protocol: '', extensions: '' };
const create: HookEvent = { kind: 'create', cid: 'a-1', time: 0, url: 'ws://x/?a=\n"b"', protocols: ['p\n'] };
const close: HookEvent = { kind: 'close', cid: 'a-1', time: 9, code: 1006, reason: 'line\nbreak', wasClean: false };

/** A chunk by hand: the header's events (frames as tuples) and the payload text after the newline. */
const raw = (events: unknown[], payloads: string, header: object = {}) =>
  `${JSON.stringify({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, events, ...header })}\n${payloads}`;
/** A frame as the header carries it: [cid, time, flags, size, len, more?] (flags: 1 received, 2 binary, 4 truncated). */
const wireFrame = (len: unknown, o: { direction?: string; type?: string; truncated?: boolean; size?: number; more?: unknown; flags?: number } = {}) => {
  const flags = o.flags ?? ((o.direction === 'receive' ? 1 : 0) | (o.type === 'binary' ? 2 : 0) | (o.truncated ? 4 : 0));
  const tuple: unknown[] = ['a-1', 1, flags, o.size ?? 1, len];
  if ('more' in o) tuple.push(o.more);
  return tuple;
};

describe('encodeChunk / decodeChunk', () => {
  it.each([
    ['no events', []],
    ['events without payloads', [create, open, close]],
    ['an empty payload', [frame('')]],
    ['payloads with newlines, quotes and backslashes', [frame('a\nb'), frame('"\\"\n'), frame('\n')]],
    ['non-ASCII, emoji and a lone surrogate', [frame('héllo ✓'), frame('😀😀'), frame('\ud800x')]],
    ['JSON-looking payloads', [frame('{"source":"ws-triage-hook","v":2,"events":[]}\n'), frame(']}')]],
    ['base64 binary', [frame('AAECAwQ=', { type: 'binary', encoding: 'base64', size: 5 })]],
    ['a mix in order', [create, open, frame('x'), frame('yy', { direction: 'send' }), close]],
  ])('round-trips %s', (_name, events) => {
    const text = encodeChunk(events as HookEvent[]);
    expect(text.indexOf('\n')).toBe(text.length - (events as HookEvent[]).reduce((n, e) => n + (e.kind === 'frame' ? e.data.length : 0), 0) - 1);
    expect(decodeChunk(text)).toEqual({ events, more: (events as HookEvent[]).map(() => 0), rejected: 0, payloadChars: text.length - text.indexOf('\n') - 1 });
  });

  it('keeps payloads out of the JSON header', () => {
    const text = encodeChunk([frame('"quoted"\n')]);
    const header = JSON.parse(text.slice(0, text.indexOf('\n')));
    expect(header.events[0][4]).toBe(9);
    expect(text.slice(0, text.indexOf('\n'))).not.toContain('quoted');
    expect(text.endsWith('"quoted"\n')).toBe(true);
  });

  it('counts malformed events and keeps the others aligned with their payloads', () => {
    const text = raw([wireFrame(2), { kind: 'bogus' }, wireFrame(3, { flags: 9 }), wireFrame(1), null, 5], 'abcdeX');
    const decoded = decodeChunk(text)!;
    expect(decoded.rejected).toBe(4);
    expect(decoded.events.map((e) => (e as { data: string }).data)).toEqual(['ab', 'X']);
  });

  it.each([
    ['a frame without len', [wireFrame(undefined)], ''],
    ['a negative len', [wireFrame(-1), wireFrame(2)], 'a'],
    ['a fractional len', [wireFrame(0.5), wireFrame(0.5)], 'a'],
    ['a string len', [wireFrame('1')], 'a'],
    ['lens that add up to less than the payloads', [wireFrame(1)], 'ab'],
    ['lens that add up to more than the payloads', [wireFrame(3)], 'ab'],
    ['payloads with no frames', [open], 'stray'],
  ])('rejects every event of a chunk with %s', (_name, events, payloads) => {
    expect(decodeChunk(raw(events, payloads))).toEqual({ events: [], more: [], rejected: events.length, payloadChars: payloads.length });
  });

  it.each([
    ['not a string', { source: PAGE_SOURCE }],
    ['no header line', JSON.stringify({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, events: [] })],
    ['a header that is not JSON', '{nope\n'],
    ['a JSON null header', 'null\n'],
    ['another source', raw([open], '', { source: 'someone-else' })],
    ['another version', raw([open], '', { v: PROTOCOL_VERSION - 1 })],
    ['events not an array', raw([], '', { events: {} })],
    ['an oversized chunk', `${raw([], '')}${'x'.repeat(MAX_CHUNK_CHARS)}`],
  ])('ignores %s', (_name, text) => {
    expect(decodeChunk(text)).toBeNull();
  });

  it('a chunk the hook flushes early stays far below the bridge limit', () => {
    // The hook flushes once its payloads reach CHUNK_FLUSH_CHARS; one more frame is at most 64 KiB of base64.
    expect(CHUNK_FLUSH_CHARS + Math.ceil((64 * 1024) / 3) * 4 + 1_000_000).toBeLessThan(MAX_CHUNK_CHARS);
  });
});

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

describe('truncateBase64', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 4095, 4096, 4097])('keeps exactly the first %i bytes', (n) => {
    const all = bytes(5000);
    expect(truncateBase64(b64(all), n)).toBe(b64(all.subarray(0, n)));
  });

  it('keeps everything when asked for more than there is', () => {
    for (const n of [0, 1, 2, 3, 10]) expect(truncateBase64(b64(bytes(n)), 100)).toBe(b64(bytes(n)));
  });

  it('never throws on text that is not base64 (a forged chunk): the partial last group is left out', () => {
    expect(truncateBase64('!'.repeat(40), 7)).toBe('!'.repeat(8));
    expect(truncateBase64('QUJD!!!!', 4)).toBe('QUJD');
    expect(truncateBase64('QUJDRA==', 4)).toBe('QUJDRA==');
  });

  it('base64Chars is the encoded length', () => {
    for (const n of [0, 1, 2, 3, 4, 4096, 65536]) expect(base64Chars(n)).toBe(b64(bytes(n)).length);
  });
});

describe('cutBinaryFrames', () => {
  const bin = (n: number, extra: object = {}) =>
    frame(b64(bytes(n)), { type: 'binary', encoding: 'base64', size: n, ...extra }) as Extract<HookEvent, { kind: 'frame' }>;

  it('cuts binary frames over the limit, keeps their size, marks them truncated', () => {
    const events = [open, bin(10), bin(5000), frame('t'.repeat(9000)), bin(4096)];
    const cut = cutBinaryFrames(events, 4096)!;
    expect(cut[2]).toEqual({ ...events[2], data: b64(bytes(4096)), truncated: true, size: 5000 });
    // Everything else as it was: text frames, small binary frames, frames exactly at the limit.
    expect([cut[0], cut[1], cut[3], cut[4]]).toEqual([events[0], events[1], events[3], events[4]]);
    expect(events[2]).toEqual(bin(5000)); // the input is not changed
  });

  it('keeps a frame the hook already truncated as truncated, with its real size', () => {
    const cut = cutBinaryFrames([bin(65536, { size: 10_000_000, truncated: true })], 4096)!;
    expect(cut[0]).toMatchObject({ size: 10_000_000, truncated: true, data: b64(bytes(4096)) });
  });

  it('returns null when nothing is over the limit', () => {
    expect(cutBinaryFrames([open, bin(4096), frame('x'.repeat(100_000))], 4096)).toBeNull();
    expect(cutBinaryFrames([], 4096)).toBeNull();
  });
});

describe('readCaptureSettings', () => {
  it.each([
    [undefined, DEFAULT_CAPTURE_SETTINGS],
    [null, DEFAULT_CAPTURE_SETTINGS],
    ['yes', DEFAULT_CAPTURE_SETTINGS],
    [{ wholeBinaryFrames: 'true' }, DEFAULT_CAPTURE_SETTINGS],
    [{ wholeBinaryFrames: true }, { wholeBinaryFrames: true }],
    [{ wholeBinaryFrames: false, other: 1 }, { wholeBinaryFrames: false }],
  ])('reads %j', (stored, expected) => {
    expect(readCaptureSettings(stored)).toEqual(expected);
  });
});

describe('checkChunk', () => {
  // Every chunk above: the bridge's check (no events built) agrees with the background's decode.
  const chunks: [string, unknown][] = [
    ['events and payloads', encodeChunk([create, open, frame('a\nb'), frame('AAEC', { type: 'binary', encoding: 'base64' }), close])],
    ['two binary frames', encodeChunk([frame('AAAA', { type: 'binary', encoding: 'base64' }), frame('AAAAAAAA', { type: 'binary', encoding: 'base64' })])],
    ['malformed events', raw([wireFrame(2), { kind: 'bogus' }, wireFrame(3, { flags: 9 }), wireFrame(1), null, 5], 'abcdeX')],
    ['lengths that do not add up', raw([wireFrame(1), open], 'ab')],
    ['a frame without len', raw([wireFrame(undefined)], '')],
    ['not ours', 'nope'],
    ['another version', raw([open], '', { v: PROTOCOL_VERSION + 1 })],
    ['binary frames with bytes held back', raw([wireFrame(4, { type: 'binary', more: 10 }), wireFrame(4, { type: 'binary', more: 3 })], 'AAAABBBB')],
    ['a text frame claiming bytes held back', raw([wireFrame(1, { more: 3 })], 'a')],
    ['a negative more', raw([wireFrame(4, { type: 'binary', more: -1 })], 'AAAA')],
  ];
  it.each(chunks)('agrees with decodeChunk on %s', (_name, text) => {
    const decoded = decodeChunk(text);
    const checked = checkChunk(text);
    if (decoded === null) return expect(checked).toBeNull();
    expect(checked).toEqual({
      events: decoded.events.length,
      rejected: decoded.rejected,
      payloadChars: decoded.payloadChars,
      heldBack: decoded.more.reduce((a, b) => a + b, 0),
      binary: decoded.events.filter((e) => e.kind === 'frame' && e.type === 'binary').length,
    });
  });

  it('rejects a frame tuple of another length or an object-shaped frame, and keeps the others aligned', () => {
    const objectFrame = { kind: 'frame', cid: 'a-1', time: 1, direction: 'send', type: 'text', size: 1, data: 'zz', encoding: 'utf8', truncated: false };
    const text = raw([[...wireFrame(1), 0, 'x'], objectFrame, wireFrame(2)], 'abc');
    const decoded = decodeChunk(text)!;
    expect(decoded.rejected).toBe(2);
    expect(decoded.events).toEqual([frame('bc', { direction: 'send', size: 1 })]);
  });

  it('encodes frames as tuples with their flags', () => {
    const text = encodeChunk([frame('x', { direction: 'send' }), frame('AAAA', { type: 'binary', encoding: 'base64', truncated: true, size: 9 })]);
    expect(JSON.parse(text.slice(0, text.indexOf('\n'))).events).toEqual([['a-1', 1, 0, 1, 1], ['a-1', 1, 7, 9, 4]]);
  });
});

describe('bytes held back (more) and joinRests', () => {
  const all = bytes(10_000);
  const preview = 4095;
  const wireBin = (b: Uint8Array, more: number, extra: object = {}) =>
    wireFrame(b64(b).length, { type: 'binary', size: b.length + more, truncated: true, more, ...extra });

  it('decodes the preview, and appends the rest when it comes, untruncated', () => {
    const text = raw([open, wireBin(all.subarray(0, preview), 10_000 - preview), wireFrame(2)], `${b64(all.subarray(0, preview))}hi`);
    const decoded = decodeChunk(text)!;
    expect(decoded.more).toEqual([0, 10_000 - preview, 0]);
    expect(decoded.events[1]).toMatchObject({ data: b64(all.subarray(0, preview)), truncated: true, size: 10_000 });
    const joined = joinRests(decoded.events, decoded.more, b64(all.subarray(preview)))!;
    expect(joined[1]).toMatchObject({ data: b64(all), truncated: false, size: 10_000 });
    expect([joined[0], joined[2]]).toEqual([decoded.events[0], decoded.events[2]]);
    expect(Buffer.from((joined[1] as { data: string }).data, 'base64')).toEqual(Buffer.from(all));
  });

  it('joins frames whose previews differ in length (1 KiB, then 255 B once the page is busy)', () => {
    const [long, short] = [1023, 255];
    const text = raw(
      [wireBin(all.subarray(0, long), 10_000 - long), wireBin(all.subarray(0, short), 10_000 - short), wireBin(all.subarray(0, short), 2_000 - short, { size: 1_000_000 })],
      b64(all.subarray(0, long)) + b64(all.subarray(0, short)) + b64(all.subarray(0, short)),
    );
    const decoded = decodeChunk(text)!;
    const joined = joinRests(decoded.events, decoded.more, b64(all.subarray(long)) + b64(all.subarray(short)) + b64(all.subarray(short, 2_000)))!;
    expect(joined.map((e) => (e as { truncated: boolean }).truncated)).toEqual([false, false, true]);
    expect(Buffer.from((joined[0] as { data: string }).data, 'base64')).toEqual(Buffer.from(all));
    expect(Buffer.from((joined[1] as { data: string }).data, 'base64')).toEqual(Buffer.from(all));
    expect(Buffer.from((joined[2] as { data: string }).data, 'base64')).toEqual(Buffer.from(all.subarray(0, 2_000)));
  });

  it('keeps truncated when the hook cap cut the frame too', () => {
    const decoded = decodeChunk(raw([wireBin(all.subarray(0, preview), 10, { size: 1_000_000 })], b64(all.subarray(0, preview))))!;
    expect(joinRests(decoded.events, decoded.more, b64(all.subarray(preview, preview + 10)))![0]).toMatchObject({ truncated: true, size: 1_000_000 });
  });

  it.each([
    ['no answer', null],
    ['not a string', 5],
    ['too short', 'AAAA'],
    ['too long', `${b64(all.subarray(preview))}AAAA`],
  ])('refuses rests that are %s', (_name, rests) => {
    const decoded = decodeChunk(raw([wireBin(all.subarray(0, preview), 10_000 - preview)], b64(all.subarray(0, preview))))!;
    expect(joinRests(decoded.events, decoded.more, rests)).toBeNull();
  });

  it('nothing held back: empty rests join to the same events', () => {
    const decoded = decodeChunk(encodeChunk([open, frame('x')]))!;
    expect(joinRests(decoded.events, decoded.more, '')).toEqual(decoded.events);
  });
});

describe('whole text frames measured by the reader (WIRE_MEASURE)', () => {
  it.each([
    '', 'plain ASCII', 'héllo', '✓ check', '😀 pair', 'a\ud800', '\udc00b', '\ud800\ud800', '\udbff\udfff', 'mixé✓😀\ud800',
    String.fromCharCode(0x7f, 0x80, 0x7ff, 0x800, 0xffff),
  ])('utf8Length(%j) is what an encoder writes', (s) => {
    expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });

  it('decodes a measured frame with its UTF-8 size, and encodes it back with the size written', () => {
    const text = raw([wireFrame(7, { flags: WIRE_MEASURE | 1, size: 0 }), wireFrame(1, { flags: WIRE_MEASURE, size: 0 })], 'héllo ✓x');
    const decoded = decodeChunk(text)!;
    expect(decoded.rejected).toBe(0);
    expect(decoded.events).toMatchObject([{ direction: 'receive', type: 'text', size: 10, data: 'héllo ✓', truncated: false }, { direction: 'send', size: 1, data: 'x' }]);
    const again = decodeChunk(encodeChunk(decoded.events))!;
    expect(again.events).toEqual(decoded.events);
  });

  it.each([
    ['binary', WIRE_MEASURE | 2, 0],
    ['truncated', WIRE_MEASURE | 4, 0],
    ['a size given', WIRE_MEASURE, 3],
    ['an unknown flag', 16, 1],
  ])('rejects a measured frame that is %s', (_name, flags, size) => {
    const decoded = decodeChunk(raw([open, wireFrame(3, { flags, size })], 'abc'))!;
    expect(decoded.events).toEqual([open]);
    expect(decoded.rejected).toBe(1);
  });
});

describe('CHUNK_TAG', () => {
  it('is how every chunk starts, so the bridge can forward a chunk without parsing it', () => {
    for (const events of [[], [create, open], [frame('x'), close]] as HookEvent[][]) expect(encodeChunk(events).startsWith(CHUNK_TAG)).toBe(true);
    expect(JSON.parse(`${CHUNK_TAG}]}`)).toEqual({ source: PAGE_SOURCE, v: PROTOCOL_VERSION, events: [] });
  });
});

describe('chunkBounds (what the background keeps undecoded)', () => {
  const framesIn = (chunk: string) => decodeChunk(chunk)!.events.filter((e) => e.kind === 'frame').length;

  it.each([
    ['frames only', [frame('a'), frame('bc'), frame('')]],
    ['no events', []],
    ['other events, with brackets in their strings', [create, { ...close, reason: '[[[' }, frame('x')]],
    ['payloads full of brackets', [frame('[[[['), frame('[]'), frame(']')]],
    ['binary frames', [frame('QUJD', { type: 'binary', encoding: 'base64', size: 3 })]],
  ] as [string, HookEvent[]][])('never counts fewer frames than a chunk holds, and its payload chars exactly: %s', (_name, events) => {
    const chunk = encodeChunk(events);
    const bounds = chunkBounds(chunk);
    expect(bounds.frames).toBeGreaterThanOrEqual(framesIn(chunk));
    expect(bounds.chars).toBe(decodeChunk(chunk)!.payloadChars);
  });

  it("counts the header's brackets and braces only: an event each, and two for the wrapper and the events array", () => {
    expect(chunkBounds(encodeChunk([frame('[[[['), frame('[]'), open]))).toEqual({ frames: 5, chars: 6 });
  });

  it('counts a forged chunk by its header whatever the events claim, and one without a header as all payload', () => {
    expect(chunkBounds(raw([wireFrame(1), wireFrame(1), 'junk'], 'x'))).toEqual({ frames: 4, chars: 1 });
    expect(chunkBounds(`${CHUNK_TAG}[[[`)).toEqual({ frames: 0, chars: CHUNK_TAG.length + 3 });
  });
});
