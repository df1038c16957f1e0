/** decodeFrame / isHeartbeat dispatch, and heartbeat timing before a close. */
import type { Connection, Frame } from '../../shared/model';
import type { DecodedFrame, ProtocolId } from './types';
import { decodeActionCableFrame, isActionCableHeartbeat } from './actioncable';
import { decodeBinary, decodeJson, decodeText, isGenericHeartbeat } from './generic';
import { decodeGraphqlFrame, isGraphqlHeartbeat } from './graphql';
import { decodeJsonRpcFrame, isJsonRpcHeartbeat } from './jsonrpc';
import { decodePhoenixFrame, isPhoenixHeartbeat } from './phoenix';
import { decodeSignalRFrame, isSignalRHeartbeat } from './signalr';
import { decodeSocketIoFrame, isSocketIoHeartbeat } from './socketio';
import { decodeStompFrame, isStompHeartbeat } from './stomp';
import { brief, cutReason } from './util';

function decodeIn(frame: Frame, protocol: ProtocolId): DecodedFrame | null {
  switch (protocol) {
    case 'socket.io':
      return decodeSocketIoFrame(frame);
    case 'graphql-ws':
    case 'subscriptions-transport-ws':
      return decodeGraphqlFrame(frame, protocol);
    case 'stomp':
      return decodeStompFrame(frame);
    case 'signalr':
      return decodeSignalRFrame(frame);
    case 'phoenix':
      return decodePhoenixFrame(frame);
    case 'json-rpc':
      return decodeJsonRpcFrame(frame);
    case 'action-cable':
      return decodeActionCableFrame(frame);
    default:
      return null;
  }
}

/** A frame that isn't in the protocol (or a generic protocol): binary, JSON or text. */
function generic(frame: Frame, protocol: ProtocolId): DecodedFrame {
  if (frame.type === 'binary') return decodeBinary(frame);
  const d = protocol === 'text' ? decodeText(frame) : decodeJson(frame);
  if (!d.error && frame.truncated) d.error = cutReason(frame, frame.data) ?? undefined;
  if (d.error === undefined) delete d.error;
  return d;
}

/**
 * Decodes one frame in a protocol. Never throws. A frame that isn't in the protocol decodes as
 * binary / JSON / text; one that looks like the protocol but doesn't parse carries `error`
 * (which says "truncated" when the payload was cut).
 */
export function decodeFrame(frame: Frame, protocol: ProtocolId): DecodedFrame {
  try {
    if (frame.type === 'binary' && frame.encoding !== 'base64' && protocol !== 'socket.io') return decodeBinary(frame);
    const d = decodeIn(frame, protocol);
    return d ?? generic(frame, protocol);
  } catch (e) {
    // a bug in a decoder must not break the list
    return {
      protocol: frame.type === 'binary' ? 'binary' : 'text',
      summary: frame.type === 'binary' ? 'binary' : brief(frame.data, 80),
      kind: 'unknown',
      heartbeat: false,
      detail: null,
      error: `could not decode: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

/** Whether a frame is a keep-alive of its protocol. Cheap: a prefix check, decoding only candidates. */
export function isHeartbeat(frame: Frame, protocol: ProtocolId): boolean {
  try {
    switch (protocol) {
      case 'socket.io':
        return isSocketIoHeartbeat(frame);
      case 'graphql-ws':
      case 'subscriptions-transport-ws':
        return isGraphqlHeartbeat(frame, protocol);
      case 'stomp':
        return isStompHeartbeat(frame);
      case 'signalr':
        return isSignalRHeartbeat(frame);
      case 'phoenix':
        return isPhoenixHeartbeat(frame);
      case 'json-rpc':
        return isJsonRpcHeartbeat(frame) || isGenericHeartbeat(frame);
      case 'action-cable':
        return isActionCableHeartbeat(frame);
      case 'binary':
        return false;
      default:
        return isGenericHeartbeat(frame);
    }
  } catch {
    return false;
  }
}

/** When the connection ended: the close event, else closedAt. */
function closeTime(c: Connection): number | null {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.kind === 'close') return e.time;
  }
  return c.closedAt;
}

/**
 * The last heartbeat frame (either direction) and how long before the close it was: for
 * "heartbeats stopped N s before the close". gapMs is null when the connection hasn't closed or
 * no heartbeat was seen.
 */
export function heartbeatGapBeforeClose(c: Connection, protocol: ProtocolId): { lastHeartbeat: number | null; gapMs: number | null } {
  const end = closeTime(c);
  let last: number | null = null;
  for (let i = c.frames.length - 1; i >= 0; i--) {
    const f = c.frames[i]!;
    if (end !== null && f.time > end) continue;
    if (isHeartbeat(f, protocol)) {
      last = f.time;
      break;
    }
  }
  return { lastHeartbeat: last, gapMs: last !== null && end !== null ? Math.max(0, end - last) : null };
}
