/** Shared types of the protocol decoders. */

/** The application protocol a connection speaks, or a generic payload kind when none is recognised. */
export type ProtocolId =
  | 'socket.io'
  | 'graphql-ws'
  | 'subscriptions-transport-ws'
  | 'stomp'
  | 'signalr'
  | 'phoenix'
  | 'json-rpc'
  | 'action-cable'
  | 'json'
  | 'text'
  | 'binary';

export const PROTOCOL_IDS: readonly ProtocolId[] = [
  'socket.io',
  'graphql-ws',
  'subscriptions-transport-ws',
  'stomp',
  'signalr',
  'phoenix',
  'json-rpc',
  'action-cable',
  'json',
  'text',
  'binary',
];

/** Display names, e.g. for a connection's "Protocol" column. */
export const PROTOCOL_LABELS: Readonly<Record<ProtocolId, string>> = {
  'socket.io': 'Socket.IO',
  'graphql-ws': 'GraphQL (graphql-ws)',
  'subscriptions-transport-ws': 'GraphQL (subscriptions-transport-ws)',
  stomp: 'STOMP',
  signalr: 'SignalR',
  phoenix: 'Phoenix Channels',
  'json-rpc': 'JSON-RPC 2.0',
  'action-cable': 'Action Cable',
  json: 'JSON',
  text: 'Text',
  binary: 'Binary',
};

/** One frame as the protocol sees it. */
export interface DecodedFrame {
  /** The protocol that decoded the frame: the connection's, or a generic one when the frame is not in it. */
  protocol: ProtocolId;
  /** One line: event name, operation id, message type. */
  summary: string;
  /** The message kind, e.g. 'event', 'ack', 'ping', 'subscribe'. */
  kind: string;
  /** A keep-alive message (ping, pong, heart-beat, ka…), which a filter may hide. */
  heartbeat: boolean;
  /** The decoded structure, for a tree view. */
  detail: unknown;
  /** Set when the frame looks like the protocol but does not parse (says "truncated" for cut payloads). */
  error?: string;
}
