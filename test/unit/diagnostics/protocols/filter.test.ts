import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, MAX_MATCH_CHARS, describeFilter, filterFrames, isFilterActive, parseTextQuery } from '../../../../src/diagnostics/protocols';
import type { FrameFilter } from '../../../../src/diagnostics/protocols';
import type { Frame } from '../../../../src/shared/model';
import { T0, binary, seq, text } from './frames';

const f = (patch: Partial<FrameFilter>): FrameFilter => ({ ...EMPTY_FILTER, ...patch });

// A socket.io session, one frame per second.
const FRAMES: Frame[] = [
  ...seq([
    ['receive', '0{"sid":"a","pingInterval":25000,"pingTimeout":20000}'], // 0
    ['send', '40{"token":"abc"}'], // 1
    ['receive', '40{"sid":"b"}'], // 2
    ['send', '42["chat","Hello"]'], // 3
    ['receive', '2'], // 4
    ['send', '3'], // 5
    ['receive', '42["error",{"message":"Rate limited"}]'], // 6
    ['receive', '44{"message":"ERROR: not authorized"}'], // 7
  ]),
  binary(new Uint8Array([1, 2, 3]), 'send', T0 + 8000), // 8
];

describe('parseTextQuery', () => {
  it.each([
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['error', { kind: 'substring', needle: 'error' }],
    ['/api/v1', { kind: 'substring', needle: '/api/v1' }],
    ['/', { kind: 'substring', needle: '/' }],
    ['//', { kind: 'substring', needle: '//' }],
  ] as const)('%j', (q, expected) => {
    expect(parseTextQuery(q)).toEqual(expected);
  });

  it.each([
    ['/err/i', 'err', 'i'],
    ['/err/', 'err', ''],
    ['/a\\/b/', 'a\\/b', ''],
    ['/^42\\["chat"/', '^42\\["chat"', ''],
    ['/x/gi', 'x', 'i'],
    ['/x/ys', 'x', 's'],
  ])('%s is a regex', (q, source, flags) => {
    const r = parseTextQuery(q);
    expect(r.kind).toBe('regex');
    if (r.kind === 'regex') {
      expect(r.regex.source).toBe(source);
      expect(r.regex.flags).toBe(flags);
    }
  });

  it.each([
    ['/(/', /Invalid regular expression/],
    ['/x/ii', /invalid flags/],
    ['/(a+)+$/', /nested quantifiers/],
    ['/(\\w*)*x/', /nested quantifiers/],
    ['/(?:a|b+){2,}c/', /nested quantifiers/],
    ['/((ab)*c)+/', /nested quantifiers/],
  ])('%s is invalid', (q, error) => {
    const r = parseTextQuery(q);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error).toMatch(error);
  });

  it.each(['/(ab)+/', '/a+b*/', '/(a+)?x/', '/[(+)]+/', '/(a|b)*/', '/\\(a+\\)+/', '/(a+){1}/'])('%s is allowed', (q) => {
    expect(parseTextQuery(q).kind).toBe('regex');
  });
});

describe('filterFrames', () => {
  it.each<[string, Partial<FrameFilter>, number[]]>([
    ['nothing', {}, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['sent', { direction: 'send' }, [1, 3, 5, 8]],
    ['received', { direction: 'receive' }, [0, 2, 4, 6, 7]],
    ['binary', { type: 'binary' }, [8]],
    ['text', { type: 'text' }, [0, 1, 2, 3, 4, 5, 6, 7]],
    ['substring, any case', { text: 'error' }, [6, 7]],
    ['substring with no letters', { text: '42[' }, [3, 6]],
    ['regex', { text: '/^4[02]/' }, [1, 2, 3, 6]],
    ['regex with flags', { text: '/^error/im' }, []],
    ['case-sensitive regex', { text: '/ERROR/' }, [7]],
    ['invalid regex filters nothing', { text: '/(/' }, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['no heartbeats', { hideHeartbeats: true }, [0, 1, 2, 3, 6, 7, 8]],
    ['time range', { timeRange: [T0 + 2000, T0 + 4000] }, [2, 3, 4]],
    ['time range given backwards', { timeRange: [T0 + 4000, T0 + 2000] }, [2, 3, 4]],
    ['everything', { direction: 'receive', type: 'text', text: '/err/i', hideHeartbeats: true, timeRange: [T0, T0 + 6500] }, [6]],
  ])('%s', (_, patch, indices) => {
    expect(filterFrames(FRAMES, f(patch), 'socket.io')).toEqual(indices);
  });

  it('binary frames match on their base64', () => {
    expect(filterFrames(FRAMES, f({ text: 'AQID' }), 'socket.io')).toEqual([8]);
  });

  it('heartbeats depend on the protocol', () => {
    const frames = seq([
      ['receive', '{"type":"ping"}'],
      ['receive', '{"type":"ka"}'],
      ['receive', '{"type":"next","id":"1","payload":{}}'],
    ]);
    expect(filterFrames(frames, f({ hideHeartbeats: true }), 'graphql-ws')).toEqual([1, 2]);
    expect(filterFrames(frames, f({ hideHeartbeats: true }), 'subscriptions-transport-ws')).toEqual([0, 2]);
  });

  it('matches only the first 64 KiB of a payload', () => {
    const big = text(`${'a'.repeat(MAX_MATCH_CHARS)}NEEDLE`);
    const early = text(`NEEDLE${'a'.repeat(MAX_MATCH_CHARS)}`);
    expect(filterFrames([big, early], f({ text: 'needle' }), 'text')).toEqual([1]);
    expect(filterFrames([big, early], f({ text: '/NEEDLE$/' }), 'text')).toEqual([]);
    expect(filterFrames([big, early], f({ text: '/^NEEDLE/' }), 'text')).toEqual([1]);
  });

  it('1,000,000 frames: completes', () => {
    const pool: Frame[] = [
      text('2', 'receive'),
      text('3', 'send'),
      text('42["chat",{"text":"hello there"}]', 'send'),
      text('42["error",{"message":"Rate limited, retry in 3 s"}]', 'receive'),
      text(`42["bulk",${JSON.stringify('x'.repeat(2000))}]`, 'receive'),
      binary(new Uint8Array(16), 'receive'),
    ];
    const frames: Frame[] = new Array(1_000_000);
    for (let i = 0; i < frames.length; i++) frames[i] = pool[i % pool.length]!;
    const regex = filterFrames(frames, f({ text: '/err(or)?\\b.*retry in \\d+/i', hideHeartbeats: true }), 'socket.io');
    // only pool[3] matches: indices 3, 9, 15, …
    expect(regex.length).toBe(Math.ceil((frames.length - 3) / pool.length));
    expect(regex.every((i) => i % pool.length === 3)).toBe(true);
    const substring = filterFrames(frames, f({ text: 'HELLO', direction: 'send' }), 'socket.io');
    expect(substring.length).toBeGreaterThan(166_000);
    expect(filterFrames(frames, f({ hideHeartbeats: true, type: 'text' }), 'socket.io').length).toBeGreaterThan(499_000);
  });
});

describe('isFilterActive and describeFilter', () => {
  it('the empty filter', () => {
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
    expect(describeFilter(EMPTY_FILTER)).toBe('');
    expect(isFilterActive(f({ text: '  ' }))).toBe(false);
  });

  it.each<[Partial<FrameFilter>, string]>([
    [{ direction: 'send', type: 'text', text: '/err/i', hideHeartbeats: true }, 'sent · text · /err/i · no heartbeats'],
    [{ direction: 'receive' }, 'received'],
    [{ type: 'binary' }, 'binary'],
    [{ text: 'token' }, '"token"'],
    [{ text: '/(/' }, '/(/ (invalid)'],
    [{ timeRange: [T0 + 1500, T0 + 4000] }, '2.5 s window'],
  ])('%j → %s', (patch, description) => {
    expect(isFilterActive(f(patch))).toBe(true);
    expect(describeFilter(f(patch))).toBe(description);
  });

  it('shows a time range from an origin', () => {
    expect(describeFilter(f({ timeRange: [T0 + 1500, T0 + 12_250] }), T0)).toBe('1.5 s–12.3 s');
  });
});
