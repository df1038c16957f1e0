import { describe, expect, it } from 'vitest';
import { decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { binary, text } from './frames';

type Row = [Direction, string, string, string, boolean];

// phoenix.js with the v2 serializer (vsn=2.0.0) and a LiveView-style session.
const V2: Row[] = [
  ['send', '["3","3","room:lobby","phx_join",{"token":"SFMyNTY.g2gD"}]', 'join', 'room:lobby phx_join (ref 3)', false],
  ['receive', '["3","3","room:lobby","phx_reply",{"status":"ok","response":{}}]', 'reply', 'room:lobby phx_reply ok (ref 3)', false],
  ['receive', '["4","4","room:secret","phx_reply",{"status":"error","response":{"reason":"unauthorized"}}]', 'reply', 'room:secret phx_reply error: unauthorized (ref 4)', false],
  ['send', '[null,"5","phoenix","heartbeat",{}]', 'heartbeat', 'heartbeat (ref 5)', true],
  ['receive', '[null,"5","phoenix","phx_reply",{"status":"ok","response":{}}]', 'reply', 'phoenix phx_reply ok (ref 5)', true],
  ['send', '["3","6","room:lobby","new_msg",{"body":"hi"}]', 'push', 'room:lobby new_msg (ref 6)', false],
  ['receive', '[null,null,"room:lobby","new_msg",{"body":"hi","user":"bob"}]', 'broadcast', 'room:lobby new_msg', false],
  ['receive', '["3","3","room:lobby","phx_error",{}]', 'channel-error', 'room:lobby phx_error (ref 3)', false],
  ['receive', '["3","3","room:lobby","phx_close",{}]', 'channel-close', 'room:lobby phx_close (ref 3)', false],
  ['send', '["3","7","room:lobby","phx_leave",{}]', 'leave', 'room:lobby phx_leave (ref 7)', false],
  ['receive', '["4","4","lv:phx-F1","phx_reply",{"status":"error","response":{"reason":"stale"}}]', 'reply', 'lv:phx-F1 phx_reply error: stale (ref 4)', false],
];

// the v1 serializer: objects
const V1: Row[] = [
  ['send', '{"topic":"rooms:lobby","event":"phx_join","payload":{},"ref":"1"}', 'join', 'rooms:lobby phx_join (ref 1)', false],
  ['receive', '{"topic":"rooms:lobby","event":"phx_reply","payload":{"status":"ok","response":{}},"ref":"1"}', 'reply', 'rooms:lobby phx_reply ok (ref 1)', false],
  ['send', '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"2"}', 'heartbeat', 'heartbeat (ref 2)', true],
  ['receive', '{"topic":"phoenix","event":"phx_reply","payload":{"status":"ok","response":{}},"ref":"2"}', 'reply', 'phoenix phx_reply ok (ref 2)', true],
  ['receive', '{"topic":"rooms:lobby","event":"new_msg","payload":{"body":"x"},"ref":null}', 'broadcast', 'rooms:lobby new_msg', false],
];

describe('Phoenix channels', () => {
  it.each([...V2, ...V1])('%s %s', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'phoenix');
    expect(d).toMatchObject({ protocol: 'phoenix', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'phoenix')).toBe(heartbeat);
  });

  it('decodes v2 arrays to named fields', () => {
    expect(decodeFrame(text('["1","2","t","e",{"a":1}]'), 'phoenix').detail).toEqual({ joinRef: '1', ref: '2', topic: 't', event: 'e', payload: { a: 1 }, vsn: 2 });
  });

  it.each([
    ['four elements', text('["1","2","t","e"]'), /expected 5 elements/],
    ['topic not a string', text('["1","2",3,"e",{}]'), /must be strings/],
    ['object without event', text('{"topic":"t","payload":{}}'), /missing topic or event/],
    ['reply without a status', text('["1","1","t","phx_reply",{}]'), /without a status/],
    ['truncated push', text('["3","9","room:lobby","history",{"messages":[{"body":"aaa', 'receive', { truncated: true }), /^truncated/],
  ])('%s', (_, f, error) => {
    const d = decodeFrame(f, 'phoenix');
    expect(d.protocol).toBe('phoenix');
    expect(d.error).toMatch(error);
  });

  it('a truncated push keeps topic and event', () => {
    const d = decodeFrame(text('["3","9","room:lobby","history",{"messages":[{"body":"aaa', 'receive', { truncated: true }), 'phoenix');
    expect(d).toMatchObject({ summary: 'room:lobby history (partial)', kind: 'push' });
  });

  it.each([
    // client push: kind 0, join_ref, ref, topic, event sizes
    ['client push', 'send', [0, 1, 2, 4, 6, ...'3', ...'12', ...'room', ...'upload', 1, 2, 3], 'room upload (ref 12) · binary 3 B', 'push'],
    // server push: kind 0, join_ref, topic, event sizes (no ref)
    ['server push', 'receive', [0, 1, 4, 6, ...'3', ...'room', ...'upload', 1, 2, 3], 'room upload · binary 3 B', 'broadcast'],
    // reply: kind 1, join_ref, ref, topic, status sizes
    ['reply', 'receive', [1, 1, 1, 4, 2, ...'3', ...'9', ...'room', ...'ok', 9, 9], 'room phx_reply ok (ref 9) · binary 2 B', 'reply'],
    // broadcast: kind 2, topic size, event size
    ['broadcast', 'receive', [2, 4, 5, ...'room', ...'frame', 7], 'room frame · binary 1 B', 'broadcast'],
  ] as const)('binary %s', (_, direction, parts, summary, kind) => {
    const bytes = new Uint8Array(parts.map((p) => (typeof p === 'string' ? p.charCodeAt(0) : p)));
    expect(decodeFrame(binary(bytes, direction), 'phoenix')).toMatchObject({ protocol: 'phoenix', summary, kind });
  });

  it('binary that is not the Phoenix format stays binary', () => {
    expect(decodeFrame(binary(new Uint8Array([9, 9, 9, 9])), 'phoenix').protocol).toBe('binary');
  });
});
