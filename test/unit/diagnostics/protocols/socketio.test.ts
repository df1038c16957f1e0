import { describe, expect, it } from 'vitest';
import { decodeFrame, engineIoVersion, isHeartbeat, pingDirectionNote } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { binary, connection, text } from './frames';

// A socket.io v4 session as a browser sees it: open, connect with auth, events, acks, server pings.
const SESSION: [Direction, string, string, string, boolean][] = [
  // direction, payload, kind, summary, heartbeat
  ['receive', '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}', 'open', 'open · sid lv_VI97HAXpY6yYWAAAC · ping every 25000 ms, timeout 20000 ms', false],
  ['send', '40{"token":"eyJhbGciOiJIUzI1NiJ9.e30.x"}', 'connect', 'CONNECT / · auth', false],
  ['receive', '40{"sid":"wZX3oN0bSVIhsaknAAAI"}', 'connect', 'CONNECT / · sid wZX3oN0bSVIhsaknAAAI', false],
  ['send', '42["chat",{"a":1}]', 'event', 'EVENT chat', false],
  ['send', '4212["chat message","hello"]', 'event', 'EVENT chat message · ack 12', false],
  ['receive', '4312[{"ok":true}]', 'ack', 'ACK 12', false],
  ['send', '430[{"ok":true}]', 'ack', 'ACK 0', false],
  ['send', '40/admin,{"token":"abc"}', 'connect', 'CONNECT /admin · auth', false],
  ['receive', '44/admin,{"message":"Not authorized"}', 'connect_error', 'CONNECT_ERROR /admin · Not authorized', false],
  ['receive', '44{"message":"Not authorized","data":{"code":401}}', 'connect_error', 'CONNECT_ERROR / · Not authorized', false],
  ['receive', '42/admin,["stats",{"users":12}]', 'event', 'EVENT stats · /admin', false],
  ['send', '42/admin,7["kick","u1"]', 'event', 'EVENT kick · ack 7 · /admin', false],
  ['send', '451-["upload",{"_placeholder":true,"num":0}]', 'binary_event', 'BINARY_EVENT upload · 1 attachment', false],
  ['receive', '462-/files,3[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', 'binary_ack', 'BINARY_ACK 3 · 2 attachments · /files', false],
  ['send', '41/admin,', 'disconnect', 'DISCONNECT /admin', false],
  ['send', '41', 'disconnect', 'DISCONNECT /', false],
  ['receive', '2', 'ping', 'ping', true],
  ['send', '3', 'pong', 'pong', true],
  ['send', '2probe', 'probe', 'ping probe', false],
  ['receive', '3probe', 'probe', 'pong probe', false],
  ['send', '5', 'upgrade', 'upgrade', false],
  ['receive', '6', 'noop', 'noop', false],
  ['receive', '1', 'close', 'close', false],
  // socket.io v2 (engine.io v3): error as a JSON string
  ['receive', '44"Authentication error"', 'connect_error', 'CONNECT_ERROR / · Authentication error', false],
];

describe('socket.io: decodeFrame', () => {
  it.each(SESSION)('%s %s → %s', (direction, data, kind, summary, heartbeat) => {
    const d = decodeFrame(text(data, direction), 'socket.io');
    expect(d).toMatchObject({ protocol: 'socket.io', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(text(data, direction), 'socket.io')).toBe(heartbeat);
  });

  it('decodes the event arguments, namespace and ack id', () => {
    expect(decodeFrame(text('42/chat,5["msg",{"text":"hi"},2]'), 'socket.io').detail).toEqual({
      engineio: 'message',
      socketio: { type: 'EVENT', namespace: '/chat', ackId: 5, event: 'msg', data: [{ text: 'hi' }, 2] },
    });
    expect(decodeFrame(text('40{"token":"t"}', 'send'), 'socket.io').detail).toEqual({
      engineio: 'message',
      socketio: { type: 'CONNECT', namespace: '/', data: { token: 't' } },
    });
  });

  it('a binary frame is an attachment', () => {
    const d = decodeFrame(binary(new Uint8Array([1, 2, 3, 4])), 'socket.io');
    expect(d).toMatchObject({ protocol: 'socket.io', summary: 'binary attachment', kind: 'binary', heartbeat: false });
    expect(decodeFrame(text('bAQIDBA=='), 'socket.io').summary).toBe('binary attachment');
  });

  it.each([
    ['truncated event', text('42["chat",{"text":"a very long mess', 'send', { truncated: true }), 'EVENT chat', /truncated/],
    ['bad JSON (the name still shows)', text('42["chat",{a:1}]'), 'EVENT chat', /invalid JSON/],
    ['event without a name', text('42[1,2]'), 'EVENT ?', /without an event name/],
    ['event not an array', text('42{"a":1}'), 'EVENT ?', /not an array/],
    ['message that is no packet', text('4hello'), 'message hello', /not a socket\.io packet/],
    ['ack without an id', text('43["x"]'), 'ACK ?', /without an id/],
    ['open that is not JSON', text('0{"sid":'), 'open', /invalid JSON/],
  ])('%s: error', (_, frame, summary, error) => {
    const d = decodeFrame(frame, 'socket.io');
    expect(d.protocol).toBe('socket.io');
    expect(d.summary).toBe(summary);
    expect(d.error).toMatch(error);
  });

  it.each(['hello', '{"type":"x"}', '9', '', '2 items'])('%j is not engine.io: generic decode', (data) => {
    const d = decodeFrame(text(data), 'socket.io');
    expect(['text', 'json']).toContain(d.protocol);
    expect(d.heartbeat).toBe(false);
  });
});

describe('socket.io: engine.io versions', () => {
  it.each([
    ['EIO=4 in the URL', 'wss://a.example/socket.io/?EIO=4&transport=websocket', [], 4],
    ['EIO=3 in the URL', 'wss://a.example/socket.io/?EIO=3&transport=websocket', [], 3],
    ['the server pings', 'wss://a.example/socket.io/', [text('2', 'receive'), text('3', 'send')], 4],
    ['the client pings', 'wss://a.example/socket.io/', [text('2', 'send'), text('3', 'receive')], 3],
    ['no ping, no EIO', 'wss://a.example/socket.io/', [text('40', 'send')], null],
  ] as const)('%s → %s', (_, url, frames, version) => {
    expect(engineIoVersion({ url, frames: [...frames] })).toBe(version);
  });

  it('notes a ping going the wrong way for the version', () => {
    expect(pingDirectionNote(4, text('2', 'send'))).toMatch(/v3 client/);
    expect(pingDirectionNote(4, text('2', 'receive'))).toBeUndefined();
    expect(pingDirectionNote(3, text('2', 'receive'))).toMatch(/v4 server/);
    expect(pingDirectionNote(3, text('2', 'send'))).toBeUndefined();
    expect(pingDirectionNote(null, text('2', 'send'))).toBeUndefined();
  });

  it('v3 pings (client) and v4 pings (server) are both heartbeats', () => {
    const c = connection({ url: 'wss://a.example/socket.io/?EIO=3', frames: [text('2', 'send'), text('3', 'receive')] });
    expect(c.frames.map((f) => isHeartbeat(f, 'socket.io'))).toEqual([true, true]);
    expect(c.frames.map((f) => decodeFrame(f, 'socket.io').kind)).toEqual(['ping', 'pong']);
  });
});
