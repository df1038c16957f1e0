import { describe, expect, it } from 'vitest';
import { MAX_DECODE_CHARS, PROTOCOL_IDS, decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { ProtocolId } from '../../../../src/diagnostics/protocols';
import { binary, text } from './frames';

describe('generic JSON', () => {
  it.each([
    ['{"type":"price","sym":"ACME","px":1}', 'json', 'price · 3 keys', false],
    ['{"event":"trade","data":{}}', 'json', 'event: trade · 2 keys', false],
    ['{"op":10,"d":{"heartbeat_interval":41250}}', 'json', 'op: 10 · 2 keys', false],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5}', 'json', '{a, b, c, d, …}', false],
    ['["subscribe","ticker"]', 'json', 'array(2) subscribe', false],
    ['{"type":"ping"}', 'heartbeat', 'ping · 1 key', true],
    ['{"type":"PONG","ts":1}', 'heartbeat', 'PONG · 2 keys', true],
    ['{"op":"heartbeat"}', 'heartbeat', 'op: heartbeat · 1 key', true],
    ['{"event":"pusher:ping","data":{}}', 'json', 'event: pusher:ping · 2 keys', false],
    ['["ping"]', 'heartbeat', 'array(1) ping', true],
    ['{"ping":1}', 'heartbeat', '{ping}', true],
  ])('%s', (data, kind, summary, heartbeat) => {
    const f = text(data);
    const d = decodeFrame(f, 'json');
    expect(d).toMatchObject({ protocol: 'json', kind, summary, heartbeat });
    expect(d.detail).toEqual(JSON.parse(data));
    expect(isHeartbeat(f, 'json')).toBe(heartbeat);
  });

  it('a truncated object says truncated and keeps its type', () => {
    const d = decodeFrame(text('{"type":"snapshot","rows":[[1,2],[3,', 'receive', { truncated: true }), 'json');
    expect(d).toMatchObject({ protocol: 'json', summary: 'snapshot (partial)' });
    expect(d.error).toMatch(/^truncated: only \d+ of \d+ bytes recorded$/);
  });

  it('JSON that does not parse says why', () => {
    expect(decodeFrame(text('{"a":'), 'json').error).toMatch(/^invalid JSON/);
  });

  it('non-JSON text in a JSON connection decodes as text', () => {
    expect(decodeFrame(text('hello'), 'json')).toMatchObject({ protocol: 'text', summary: 'hello', heartbeat: false });
  });
});

describe('text and binary', () => {
  it.each([
    ['hello world', 'hello world', false],
    ['line one\nline two', 'line one line two', false],
    ['ping', 'ping', true],
    [' PONG\n', 'PONG', true],
    ['', '(empty)', false],
    ['   ', '(whitespace)', false],
    ['x'.repeat(500), `${'x'.repeat(159)}…`, false],
  ])('%j', (data, summary, heartbeat) => {
    const d = decodeFrame(text(data), 'text');
    expect(d).toMatchObject({ protocol: 'text', summary, heartbeat });
    expect(isHeartbeat(text(data), 'text')).toBe(heartbeat);
  });

  it('text is not parsed as JSON when the protocol is text', () => {
    expect(decodeFrame(text('{"type":"x"}'), 'text').protocol).toBe('text');
  });

  it('a truncated text frame says truncated', () => {
    expect(decodeFrame(text('some log line', 'receive', { truncated: true, size: 200_000 }), 'text').error).toBe('truncated: only 13 of 200000 bytes recorded');
  });

  it.each([
    [3, 'binary · 3 B'],
    [2048, 'binary · 2 KiB'],
    [1536, 'binary · 1.5 KiB'],
  ])('binary of %d bytes', (n, summary) => {
    const f = binary(new Uint8Array(n));
    for (const p of ['json', 'text', 'binary', 'graphql-ws', 'json-rpc', 'action-cable', 'signalr'] as ProtocolId[]) {
      expect(decodeFrame(f, p)).toMatchObject({ protocol: 'binary', summary, kind: 'binary', heartbeat: false });
      expect(isHeartbeat(f, p)).toBe(false);
    }
  });
});

describe('robustness', () => {
  const NASTY = [
    '',
    '\0',
    '\u001e',
    '\n',
    '4',
    '42',
    '42[',
    '4/',
    '45-',
    '[',
    '{',
    ']',
    '[null]',
    '"str"',
    'null',
    '123',
    '{"type":null}',
    '{"type":{}}',
    '{"type":1}\u001e\u001e',
    '[1,2,3,4,5]',
    '{"topic":1,"event":[]}',
    '{"identifier":5,"message":1}',
    'MESSAGE\n',
    'MESSAGE',
    'SEND\n\n',
    '\ud800',
    '0{',
    'b',
    '{"jsonrpc":"2.0","method":5,"id":{}}',
    '{"command":"message","identifier":"{","data":"{"}',
    JSON.stringify({ type: 'next', id: 1, payload: { data: 5, errors: 'x' } }),
  ];

  it.each(PROTOCOL_IDS)('%s: decodeFrame and isHeartbeat never throw, summaries stay one line', (p) => {
    for (const data of NASTY) {
      for (const truncated of [false, true]) {
        const f = text(data, 'receive', { truncated });
        const d = decodeFrame(f, p);
        expect(typeof d.summary).toBe('string');
        expect(d.summary).not.toMatch(/[\n\r]/);
        expect(typeof d.kind).toBe('string');
        expect(typeof isHeartbeat(f, p)).toBe('boolean');
      }
    }
    const bad = { ...binary(new Uint8Array([1])), data: '%%% not base64' };
    expect(() => decodeFrame(bad, p)).not.toThrow();
  });

  it('huge payloads are not parsed past the cap', () => {
    const big = `{"type":"data","blob":"${'a'.repeat(MAX_DECODE_CHARS + 10)}"}`;
    const d = decodeFrame(text(big), 'json');
    expect(d.error).toMatch(/not decoded: payload over 64 KiB/);
    expect(d.summary).toBe('data (partial)');
  });
});
