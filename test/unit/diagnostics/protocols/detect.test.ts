import { describe, expect, it } from 'vitest';
import { detectProtocol, protocolFromSubprotocol } from '../../../../src/diagnostics/protocols';
import type { ProtocolId } from '../../../../src/diagnostics/protocols';
import type { Direction, Frame } from '../../../../src/shared/model';
import { detectLibrary } from '../../../../src/diagnostics/library';
import { binary, connection, seq, text } from './frames';

const RS = '\u001e';

function detect(spec: { url?: string; protocol?: string; requested?: string[]; frames?: Frame[] | [Direction, string][] }): ProtocolId {
  const frames = (spec.frames ?? []).map((f) => (Array.isArray(f) ? text(f[1], f[0]) : f));
  return detectProtocol({ url: spec.url ?? 'wss://app.example.com/ws', protocol: spec.protocol ?? '', protocolsRequested: spec.requested ?? [], frames });
}

describe('detectProtocol: subprotocol', () => {
  it.each([
    ['graphql-transport-ws', 'graphql-ws'],
    ['graphql-ws', 'subscriptions-transport-ws'],
    ['v12.stomp', 'stomp'],
    ['v10.stomp', 'stomp'],
    ['STOMP', 'stomp'],
    ['actioncable-v1-json', 'action-cable'],
    ['jsonrpc', 'json-rpc'],
  ] as const)('negotiated %s → %s', (sub, id) => {
    expect(detect({ protocol: sub })).toBe(id);
    expect(protocolFromSubprotocol(sub)).toBe(id);
  });

  it('the negotiated subprotocol wins over the URL and the frames', () => {
    expect(detect({ protocol: 'graphql-transport-ws', url: 'wss://a.example/socket.io/?EIO=4', frames: [['receive', '0{"sid":"x"}']] })).toBe('graphql-ws');
  });

  it('before the answer: what the page asked for', () => {
    expect(detect({ requested: ['foo', 'graphql-ws'] })).toBe('subscriptions-transport-ws');
    expect(detect({ requested: ['actioncable-v1-json', 'actioncable-unsupported'] })).toBe('action-cable');
  });

  it('an unknown negotiated subprotocol falls through to the frames', () => {
    expect(detect({ protocol: 'chat.v2', requested: ['chat.v2'], frames: [['send', '{"jsonrpc":"2.0","method":"a","id":1}']] })).toBe('json-rpc');
  });
});

describe('detectProtocol: URL', () => {
  it.each([
    ['wss://a.example/socket.io/?EIO=4&transport=websocket', 'socket.io'],
    ['wss://a.example/custom-path/?EIO=3&transport=websocket&sid=abc', 'socket.io'],
    ['wss://a.example/socket/websocket?vsn=2.0.0', 'phoenix'],
    ['wss://a.example/live/websocket?_csrf_token=x&vsn=2.0.0', 'phoenix'],
    ['wss://a.example/cable', 'action-cable'],
    ['wss://a.example/cable/', 'action-cable'],
    ['wss://a.example/chathub?id=Xk2dN0r8m4Hcvq1LQmZf0A', 'signalr'],
    ['wss://a.example/hubs/notifications?id=Xk2dN0r8m4Hcvq1LQmZf0A&access_token=t', 'signalr'],
  ] as const)('%s → %s', (url, id) => {
    expect(detect({ url })).toBe(id);
  });

  it('a weak hint (id= on a non-hub path) yields to the frames', () => {
    expect(detect({ url: 'wss://a.example/feed?id=Xk2dN0r8m4Hcvq1LQmZf0A', frames: [['receive', '{"type":"price"}']] })).toBe('json');
    expect(detect({ url: 'wss://a.example/feed?id=Xk2dN0r8m4Hcvq1LQmZf0A' })).toBe('signalr');
    expect(detect({ url: 'wss://a.example/feed?id=42' })).toBe('text');
    expect(detect({ url: 'not a url' })).toBe('text');
  });
});

describe('detectProtocol: frames', () => {
  it.each<[string, [Direction, string][], ProtocolId]>([
    ['engine.io open', [['receive', '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}'], ['send', '40']], 'socket.io'],
    ['socket.io event', [['send', '42["hello"]']], 'socket.io'],
    ['only engine.io pings', [['receive', '2'], ['send', '3']], 'socket.io'],
    ['graphql-ws subscribe', [['send', '{"type":"connection_init"}'], ['receive', '{"type":"connection_ack"}'], ['send', '{"id":"1","type":"subscribe","payload":{}}']], 'graphql-ws'],
    ['only connection_init', [['send', '{"type":"connection_init","payload":{}}']], 'graphql-ws'],
    ['legacy start', [['send', '{"type":"connection_init"}'], ['send', '{"id":"1","type":"start","payload":{}}']], 'subscriptions-transport-ws'],
    ['legacy ka', [['receive', '{"type":"ka"}']], 'subscriptions-transport-ws'],
    ['STOMP CONNECT', [['send', 'CONNECT\naccept-version:1.2\nhost:/\n\n\0']], 'stomp'],
    ['STOMP heart-beats then MESSAGE', [['receive', '\n'], ['receive', 'MESSAGE\ndestination:/a\n\nx\0']], 'stomp'],
    ['SignalR handshake', [['send', `{"protocol":"json","version":1}${RS}`], ['receive', `{}${RS}`]], 'signalr'],
    ['SignalR ping', [['receive', `{"type":6}${RS}`]], 'signalr'],
    ['Phoenix v2', [['send', '["1","1","room:lobby","phx_join",{}]']], 'phoenix'],
    ['Phoenix v2 broadcast', [['receive', '[null,null,"room:lobby","new_msg",{}]']], 'phoenix'],
    ['Phoenix v1', [['send', '{"topic":"room:lobby","event":"phx_join","payload":{},"ref":"1"}']], 'phoenix'],
    ['JSON-RPC', [['send', '{"jsonrpc": "2.0", "method": "eth_subscribe", "id": 1}']], 'json-rpc'],
    ['JSON-RPC batch', [['send', '[{"jsonrpc":"2.0","method":"a","id":1}]']], 'json-rpc'],
    ['JSON array', [['receive', '[1,2,3]']], 'json'],
    ['Action Cable welcome', [['receive', '{"type":"welcome"}']], 'action-cable'],
    ['Action Cable ping', [['receive', '{"type":"ping","message":1735732800}']], 'action-cable'],
    ['Action Cable subscribe', [['send', '{"command":"subscribe","identifier":"{\\"channel\\":\\"C\\"}"}']], 'action-cable'],
    ['plain JSON', [['receive', '{"type":"price","px":1}'], ['receive', '{"type":"ping"}']], 'json'],
    ['plain text', [['receive', 'hello'], ['send', 'hi']], 'text'],
    ['mostly text', [['receive', 'hello'], ['send', 'hi'], ['send', '{"a":1}']], 'text'],
    ['no frames', [], 'text'],
  ])('%s', (_, frames, id) => {
    expect(detect({ frames })).toBe(id);
  });

  it('binary-only connections are binary', () => {
    expect(detect({ frames: [binary(new Uint8Array([1, 2])), binary(new Uint8Array([3]))] })).toBe('binary');
  });

  it('looks only at the first 20 text frames', () => {
    const frames = [...seq(Array.from({ length: 20 }, () => ['receive', 'tick'] as [Direction, string])), text('{"jsonrpc":"2.0","method":"a"}')];
    expect(detect({ frames })).toBe('text');
    expect(detect({ frames: frames.slice(15) })).toBe('json-rpc');
  });

  it('weak phoenix and signalr URL hints count only when no text frame contradicts them', () => {
    expect(detect({ url: 'wss://a.example/socket/websocket', frames: [] })).toBe('phoenix');
    expect(detect({ url: 'wss://a.example/socket/websocket', frames: [['receive', '{"a":1}']] })).toBe('json');
    expect(detect({ url: 'wss://a.example/chathub', frames: [binary(new Uint8Array([2, 0x91, 6]))] })).toBe('signalr');
    expect(detect({ url: 'wss://a.example/signalr', frames: [] })).toBe('signalr');
  });
});

describe('detectProtocol agrees with detectLibrary', () => {
  it.each<[string, { url?: string; protocol?: string; requested?: string[]; frames?: [Direction, string][] }]>([
    ['graphql-transport-ws', { protocol: 'graphql-transport-ws' }],
    ['graphql-ws subprotocol', { requested: ['graphql-ws'] }],
    ['socket.io path', { url: 'wss://a.example/socket.io/?EIO=4&transport=websocket' }],
    ['EIO parameter', { url: 'wss://a.example/rt/?EIO=3' }],
    ['phoenix', { url: 'wss://a.example/socket/websocket?vsn=2.0.0' }],
    ['signalr handshake', { frames: [['send', `{"protocol":"json","version":1}${RS}`]] }],
    ['graphql subscribe', { frames: [['send', '{"id":"1","type":"subscribe","payload":{}}']] }],
    ['legacy start', { frames: [['send', '{"id":"1","type":"start","payload":{}}']] }],
  ])('%s', (_, spec) => {
    const frames = (spec.frames ?? []).map(([d, data]) => text(data, d));
    const c = connection({ ...spec, frames });
    const library = detectLibrary(c);
    expect(library).toBeDefined();
    expect(detectProtocol(c)).toBe(library);
  });
});
