/**
 * Application protocols over WebSocket: detection, per-frame decoding, heartbeats, and frame filters.
 * Pure functions over the session model; no DOM, no extension APIs.
 */
export type { DecodedFrame, ProtocolId } from './types';
export { PROTOCOL_IDS, PROTOCOL_LABELS } from './types';
export { SNIFF_FRAMES, detectProtocol, protocolFromSubprotocol } from './detect';
export { decodeFrame, heartbeatGapBeforeClose, isHeartbeat } from './decode';
export type { FrameFilter, TextQuery } from './filter';
export { EMPTY_FILTER, MAX_MATCH_CHARS, describeFilter, filterFrames, isFilterActive, parseTextQuery } from './filter';
export { engineIoVersion, pingDirectionNote } from './socketio';
export { operationLabel } from './graphql';
export { channelLabel } from './actioncable';
export { JSON_RPC_ERRORS } from './jsonrpc';
export { MAX_DECODE_CHARS } from './util';
