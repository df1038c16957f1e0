import { describe, expect, it } from 'vitest';
import { heartbeatGapBeforeClose, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { ProtocolId } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { T0, connection, seq, text } from './frames';

const RS = '\u001e';

// For each protocol: its keep-alive frames, and look-alikes that are not heartbeats.
const CASES: [ProtocolId, string[], string[]][] = [
  ['socket.io', ['2', '3'], ['2probe', '3probe', '42["ping"]', '22', '4']],
  ['graphql-ws', ['{"type":"ping"}', '{"type":"pong"}', '{ "type" : "pong", "payload": {} }'], ['{"type":"ka"}', '{"type":"next","id":"1","payload":{"data":{"ping":1}}}', 'ping']],
  ['subscriptions-transport-ws', ['{"type":"ka"}'], ['{"type":"ping"}', '{"type":"data","id":"1","payload":{"data":{"type":"ka"}}}']],
  ['stomp', ['\n', '\r\n', '\n\n'], ['SEND\ndestination:/q\n\nping\0', '']],
  ['signalr', [`{"type":6}${RS}`, `{"type": 6}${RS}`], [`{"type":1,"target":"Ping","arguments":[]}${RS}`, `{"type":6}${RS}{"type":1,"target":"A","arguments":[]}${RS}`]],
  ['phoenix', ['[null,"12","phoenix","heartbeat",{}]', '[null,"12","phoenix","phx_reply",{"status":"ok","response":{}}]', '{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"3"}'], ['["1","2","room:phoenix","heartbeat",{}]', '["1","2","room:1","phx_reply",{"status":"ok","response":{}}]']],
  ['json-rpc', ['{"jsonrpc":"2.0","method":"ping","id":1}', '{"jsonrpc":"2.0","result":"pong","id":1}', '{"jsonrpc":"2.0","method":"server.keepalive"}'], ['{"jsonrpc":"2.0","method":"pingHost","id":1}', '{"jsonrpc":"2.0","result":{"ping":1},"id":1}']],
  ['action-cable', ['{"type":"ping","message":1735732800}'], ['{"type":"welcome"}', '{"identifier":"{\\"channel\\":\\"PingChannel\\"}","message":{"type":"ping"}}']],
  ['json', ['{"type":"ping"}', '{"event":"heartbeat"}', '{"action":"pong","t":1}', '["ping"]'], ['{"type":"price","note":"ping"}', '{"type":"pinged"}']],
  ['text', ['ping', 'PONG', 'keepalive', 'heartbeat\n'], ['ping me', 'pong!', '']],
  ['binary', [], ['ping', '2']],
];

describe('isHeartbeat', () => {
  describe.each(CASES)('%s', (protocol, yes, no) => {
    it.each(yes)('%j is a heartbeat', (data) => {
      expect(isHeartbeat(text(data), protocol)).toBe(true);
    });
    it.each(no)('%j is not', (data) => {
      expect(isHeartbeat(text(data), protocol)).toBe(false);
    });
  });
});

describe('heartbeatGapBeforeClose', () => {
  // socket.io v4: server pings every 25 s, then the network drops, and the ping timeout closes it 45 s later.
  const SOCKET_IO: [Direction, string][] = [
    ['receive', '0{"sid":"a","pingInterval":25000,"pingTimeout":20000}'],
    ['send', '40'],
    ['receive', '40{"sid":"b"}'],
    ['receive', '2'],
    ['send', '3'],
    ['send', '42["chat","x"]'],
  ];

  it('socket.io: the last ping/pong and the gap to the close', () => {
    const frames = seq(SOCKET_IO, T0, 5000); // 0, 5, 10, 15 (ping), 20 (pong), 25 s
    const c = connection({ url: 'wss://a.example/socket.io/?EIO=4', frames, closeAt: T0 + 65_000 });
    expect(heartbeatGapBeforeClose(c, 'socket.io')).toEqual({ lastHeartbeat: T0 + 20_000, gapMs: 45_000 });
  });

  it('STOMP heart-beats', () => {
    const frames = seq([
      ['receive', 'CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\0'],
      ['receive', '\n'],
      ['send', '\n'],
      ['receive', 'MESSAGE\ndestination:/a\nsubscription:s\n\nx\0'],
    ]);
    expect(heartbeatGapBeforeClose(connection({ frames, closeAt: T0 + 30_000 }), 'stomp')).toEqual({ lastHeartbeat: T0 + 2000, gapMs: 28_000 });
  });

  it('no close yet: the last heartbeat, no gap', () => {
    const frames = seq([['receive', '{"type":"ka"}']]);
    expect(heartbeatGapBeforeClose(connection({ frames }), 'subscriptions-transport-ws')).toEqual({ lastHeartbeat: T0, gapMs: null });
  });

  it('no heartbeats at all', () => {
    const frames = seq([['receive', '{"type":"welcome"}']]);
    expect(heartbeatGapBeforeClose(connection({ frames, closeAt: T0 + 1000 }), 'action-cable')).toEqual({ lastHeartbeat: null, gapMs: null });
    expect(heartbeatGapBeforeClose(connection({ closeAt: T0 + 1000 }), 'socket.io')).toEqual({ lastHeartbeat: null, gapMs: null });
  });

  it('uses closedAt when there is no close event, and ignores frames after the close', () => {
    const c = connection({ frames: seq([['receive', '2'], ['receive', '2']], T0, 10_000) });
    c.closedAt = T0 + 5000;
    expect(heartbeatGapBeforeClose(c, 'socket.io')).toEqual({ lastHeartbeat: T0, gapMs: 5000 });
  });
});
