/**
 * Which protocol a connection speaks: the subprotocol first, then URL hints, then a look at the first
 * text frames. Agrees with `../library.ts` (detectLibrary) on the libraries both know; this one also
 * knows STOMP, JSON-RPC and Action Cable, looks at frames in both directions, and needs only the
 * connection's url, subprotocols and frames.
 */
import type { Connection } from '../../shared/model';
import type { ProtocolId } from './types';
import { looksLikeEngineIo } from './socketio';
import { looksLikeStomp, isStompHeartbeatText } from './stomp';
import { looksLikeSignalR } from './signalr';
import { OPEN_BRACE, OPEN_BRACKET, firstCode } from './util';

/** How many text frames from the start the sniffer looks at. */
export const SNIFF_FRAMES = 20;

/** Subprotocol names (lower case) and what they mean. */
const SUBPROTOCOLS: Readonly<Record<string, ProtocolId>> = {
  'graphql-transport-ws': 'graphql-ws',
  'graphql-ws': 'subscriptions-transport-ws',
  'v10.stomp': 'stomp',
  'v11.stomp': 'stomp',
  'v12.stomp': 'stomp',
  stomp: 'stomp',
  'actioncable-v1-json': 'action-cable',
  'actioncable-v1-msgpack': 'action-cable',
  'actioncable-unsupported': 'action-cable',
  jsonrpc: 'json-rpc',
  'json-rpc': 'json-rpc',
  'jsonrpc-2.0': 'json-rpc',
  'jsonrpc2.0': 'json-rpc',
};

export function protocolFromSubprotocol(name: string): ProtocolId | undefined {
  return SUBPROTOCOLS[name.trim().toLowerCase()];
}

type UrlHint = { protocol: ProtocolId; strong: boolean };

function urlHint(raw: string): UrlHint | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const path = url.pathname.toLowerCase();
  const q = url.searchParams;
  if (path.includes('/socket.io') || q.has('EIO')) return { protocol: 'socket.io', strong: true };
  if (/\/websocket\/?$/.test(path) && q.has('vsn')) return { protocol: 'phoenix', strong: true };
  if (/\/cable\/?$/.test(path)) return { protocol: 'action-cable', strong: true };
  // SignalR: `?id=<connection token>` from negotiate; strong on a hub-looking path
  const id = q.get('id');
  if (id !== null && /^[A-Za-z0-9_-]{16,}={0,2}$/.test(id)) return { protocol: 'signalr', strong: /hub|signalr/.test(path) };
  if (/signalr|hub\/?$/.test(path)) return { protocol: 'signalr', strong: false };
  if (/\/websocket\/?$/.test(path) && /\/(?:socket|live)\//.test(path)) return { protocol: 'phoenix', strong: false };
  return undefined;
}

const PHOENIX_V2 = /^\[\s*(?:null|"[^"]*"|\d+)\s*,\s*(?:null|"[^"]*"|\d+)\s*,\s*"[^"]*"\s*,\s*"[^"]*"\s*,/;
const GQL_TYPE = /"type"\s*:\s*"(subscribe|next|start|data|ka|connection_init|connection_ack|complete|stop|connection_terminate|connection_error)"/;

type Sniff = ProtocolId | 'graphql?' | 'socket.io?' | undefined;

/** What one text payload says, looking only at its first few hundred characters. */
export function sniffText(text: string): Sniff {
  if (text.length === 0) return undefined;
  const head = text.length > 512 ? text.slice(0, 512) : text;
  if (looksLikeSignalR(text)) return 'signalr';
  if (looksLikeStomp(head)) return 'stomp';
  const c = firstCode(head);
  if (c === OPEN_BRACE) {
    if (/"jsonrpc"\s*:\s*"2\.0"/.test(head)) return 'json-rpc';
    if (/^\{\s*"protocol"\s*:\s*"json"\s*,\s*"version"/.test(head)) return 'signalr';
    const g = GQL_TYPE.exec(head);
    if (g) {
      const t = g[1]!;
      if (t === 'subscribe' || t === 'next') return 'graphql-ws';
      if (t === 'start' || t === 'data' || t === 'ka' || t === 'stop' || t === 'connection_terminate' || t === 'connection_error') return 'subscriptions-transport-ws';
      return 'graphql?';
    }
    if (/^\{\s*"type"\s*:\s*"(?:welcome|ping|confirm_subscription|reject_subscription|disconnect)"/.test(head) && !/"payload"/.test(head)) {
      if (/"type"\s*:\s*"ping"\s*,\s*"message"/.test(head) || !/"type"\s*:\s*"ping"/.test(head)) return 'action-cable';
    }
    if (/^\{\s*"command"\s*:\s*"(?:subscribe|unsubscribe|message)"\s*,\s*"identifier"/.test(head)) return 'action-cable';
    if (/^\{\s*"identifier"\s*:\s*"\{/.test(head)) return 'action-cable';
    if (/"topic"\s*:/.test(head) && /"event"\s*:/.test(head) && /"ref"\s*:/.test(head)) return 'phoenix';
    return 'json';
  }
  if (c === OPEN_BRACKET) {
    if (PHOENIX_V2.test(head)) return 'phoenix';
    if (/^\[\s*\{[^{}]*"jsonrpc"\s*:\s*"2\.0"/.test(head)) return 'json-rpc';
    return 'json';
  }
  if (looksLikeEngineIo(head)) {
    // `0{"sid"…` and `4x…` packets say socket.io; a lone digit is only a hint
    if (text.startsWith('0{') || (text.length > 1 && text.charCodeAt(0) === 0x34)) return 'socket.io';
    return 'socket.io?';
  }
  if (isStompHeartbeatText(text)) return undefined;
  return 'text';
}

/** Detects a connection's protocol. Never throws. */
export function detectProtocol(c: Pick<Connection, 'protocol' | 'protocolsRequested' | 'url' | 'frames'>): ProtocolId {
  const negotiated = c.protocol ? protocolFromSubprotocol(c.protocol) : undefined;
  if (negotiated) return negotiated;
  if (!c.protocol) {
    // the server may not have answered yet (or the hook saw no open): what the page asked for
    for (const p of c.protocolsRequested) {
      const id = protocolFromSubprotocol(p);
      if (id) return id;
    }
  }
  const hint = urlHint(c.url);
  if (hint?.strong) return hint.protocol;

  let graphql = false;
  let socketIo = false;
  let json = 0;
  let text = 0;
  let binary = 0;
  let seen = 0;
  const frames = c.frames;
  for (let i = 0; i < frames.length && seen < SNIFF_FRAMES && i < 200; i++) {
    const f = frames[i]!;
    if (f.type !== 'text') {
      binary++;
      continue;
    }
    seen++;
    const s = sniffText(f.data);
    if (s === undefined) continue;
    if (s === 'graphql?') graphql = true;
    else if (s === 'socket.io?') socketIo = true;
    else if (s === 'json') json++;
    else if (s === 'text') text++;
    else return s;
  }
  if (graphql) return 'graphql-ws';
  // a weak URL hint names the protocol only when no text frame contradicts it
  if (hint && json === 0 && text === 0) return hint.protocol;
  if (socketIo && json === 0 && text === 0) return 'socket.io';
  if (json > 0 && json >= text) return 'json';
  if (text > 0 || json > 0) return 'text';
  if (binary > 0) return 'binary';
  return 'text';
}
