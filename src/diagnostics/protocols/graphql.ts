/**
 * GraphQL over WebSocket, both protocols:
 * - graphql-ws (subprotocol `graphql-transport-ws`): connection_init, connection_ack, ping, pong,
 *   subscribe {id, payload{query, operationName}}, next, error, complete.
 * - subscriptions-transport-ws (subprotocol `graphql-ws`, the legacy Apollo one): connection_init,
 *   connection_ack, connection_error, ka, start, data, error, complete, stop, connection_terminate.
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame, ProtocolId } from './types';
import { OPEN_BRACE, brief, firstCode, idText, isObject, oneLine, parseJson, peekObject, str } from './util';

const GRAPHQL_WS_TYPES = new Set(['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete']);
const STS_TYPES = new Set([
  'connection_init',
  'connection_ack',
  'connection_error',
  'connection_terminate',
  'ka',
  'start',
  'data',
  'error',
  'complete',
  'stop',
]);

/** "subscription OnMessage" from a payload's operationName or its query's first operation. */
export function operationLabel(payload: unknown): string | undefined {
  if (!isObject(payload)) return undefined;
  const name = str(payload.operationName);
  const query = str(payload.query);
  let op: string | undefined;
  let queryName: string | undefined;
  if (query !== undefined) {
    const m = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(query.slice(0, 2048));
    if (m) {
      op = m[1];
      queryName = m[2];
    } else if (/^\s*\{/.test(query)) op = 'query';
  }
  const n = name || queryName;
  if (op && n) return `${op} ${n}`;
  if (n) return n;
  if (op) return `${op} (anonymous)`;
  if (isObject(payload.extensions)) return 'persisted query';
  return undefined;
}

/** The first error message of a GraphQL error list (or object). */
function firstErrorMessage(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (isObject(first)) return str(first.message);
  return str(first);
}

/** "messageAdded" from a `next`/`data` payload's `data` keys, plus "2 errors" when errors come along. */
function resultLabel(payload: unknown): string {
  if (!isObject(payload)) return '';
  const parts: string[] = [];
  if (isObject(payload.data)) {
    const keys = Object.keys(payload.data);
    if (keys.length > 0) parts.push(keys.slice(0, 3).join(', ') + (keys.length > 3 ? ', …' : ''));
  } else if (payload.data === null) parts.push('data: null');
  if (Array.isArray(payload.errors) && payload.errors.length > 0) {
    const msg = firstErrorMessage(payload.errors);
    parts.push(`${payload.errors.length} error${payload.errors.length === 1 ? '' : 's'}${msg ? `: ${oneLine(msg, 80)}` : ''}`);
  }
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

function idSuffix(m: Record<string, unknown>): string {
  const id = idText(m.id);
  return id === undefined ? '' : ` #${oneLine(id, 40)}`;
}

function summarize(protocol: ProtocolId, m: Record<string, unknown>, type: string): string {
  const id = idSuffix(m);
  switch (type) {
    case 'subscribe':
    case 'start': {
      const op = operationLabel(m.payload);
      return `${type}${id}${op ? ` · ${op}` : ''}`;
    }
    case 'next':
    case 'data':
      return `${type}${id}${resultLabel(m.payload)}`;
    case 'error': {
      const msg = firstErrorMessage(m.payload);
      return `error${id}${msg ? ` · ${oneLine(msg, 100)}` : ''}`;
    }
    case 'connection_error': {
      const p = m.payload;
      const msg = isObject(p) ? str(p.message) : str(p);
      return `connection_error${msg ? ` · ${oneLine(msg, 100)}` : p !== undefined ? ` · ${brief(p)}` : ''}`;
    }
    case 'connection_init':
      return isObject(m.payload) && Object.keys(m.payload).length > 0 ? `connection_init · ${Object.keys(m.payload).slice(0, 3).join(', ')}` : 'connection_init';
    default:
      return protocol === 'graphql-ws' || id ? `${type}${id}` : type;
  }
}

function decodeMessage(protocol: ProtocolId, m: Record<string, unknown>): DecodedFrame {
  const type = str(m.type);
  const known = protocol === 'graphql-ws' ? GRAPHQL_WS_TYPES : STS_TYPES;
  if (type === undefined) {
    return { protocol, summary: 'message without a type', kind: 'unknown', heartbeat: false, detail: m, error: 'no "type" field' };
  }
  const heartbeat = protocol === 'graphql-ws' ? type === 'ping' || type === 'pong' : type === 'ka';
  const out: DecodedFrame = { protocol, summary: summarize(protocol, m, type), kind: type, heartbeat, detail: m };
  if (!known.has(type)) {
    const other = protocol === 'graphql-ws' ? STS_TYPES : GRAPHQL_WS_TYPES;
    out.kind = 'unknown';
    out.error = other.has(type)
      ? `"${type}" belongs to ${protocol === 'graphql-ws' ? 'subscriptions-transport-ws (subprotocol graphql-ws)' : 'graphql-ws (subprotocol graphql-transport-ws)'}: client and server speak different protocols`
      : `unknown message type "${oneLine(type, 40)}"`;
  } else if ((type === 'subscribe' || type === 'start' || type === 'next' || type === 'data' || type === 'stop') && idText(m.id) === undefined) {
    out.error = `"${type}" without an id`;
  }
  return out;
}

/** Decodes one graphql-ws or subscriptions-transport-ws frame; null when it isn't JSON at all. */
export function decodeGraphqlFrame(frame: Frame, protocol: 'graphql-ws' | 'subscriptions-transport-ws'): DecodedFrame | null {
  if (frame.type !== 'text' || firstCode(frame.data) !== OPEN_BRACE) return null;
  const r = parseJson(frame.data, frame);
  if (!r.ok) {
    const partial = peekObject(frame.data, ['type', 'id', 'operationName']);
    const d = typeof partial.type === 'string' ? decodeMessage(protocol, partial) : undefined;
    return {
      protocol,
      summary: d ? `${d.summary} (partial)` : oneLine(frame.data, 80),
      kind: d?.kind ?? 'unknown',
      heartbeat: false,
      detail: partial,
      error: r.error,
    };
  }
  if (!isObject(r.value)) return { protocol, summary: brief(r.value), kind: 'unknown', heartbeat: false, detail: r.value, error: 'not a JSON object' };
  return decodeMessage(protocol, r.value);
}

const GQL_PING = /^\s*\{\s*"type"\s*:\s*"(?:ping|pong)"/;
const GQL_PING_ANYWHERE = /"type"\s*:\s*"(?:ping|pong)"/;
const STS_KA = /^\s*\{\s*"type"\s*:\s*"ka"/;
const STS_KA_ANYWHERE = /"type"\s*:\s*"ka"/;

export function isGraphqlHeartbeat(frame: Frame, protocol: 'graphql-ws' | 'subscriptions-transport-ws'): boolean {
  if (frame.type !== 'text' || frame.data.length > 4096) return false;
  const gql = protocol === 'graphql-ws';
  if ((gql ? GQL_PING : STS_KA).test(frame.data)) return true;
  // the type need not come first; decode the few candidates to be sure it is the top-level one
  if (frame.data.length > 512 || !(gql ? GQL_PING_ANYWHERE : STS_KA_ANYWHERE).test(frame.data)) return false;
  return decodeGraphqlFrame(frame, protocol)?.heartbeat ?? false;
}
