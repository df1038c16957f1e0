/**
 * Shape checks for messages that cross a trust boundary. The page can forge any
 * window event; whatever fails these checks is dropped and counted, never acted on.
 */
import type { HookEvent, WireEvent, WireFrame } from './protocol';
import { WIRE_BINARY, WIRE_MEASURE, WIRE_TRUNCATED } from './protocol';

/** Longest URL, reason or protocol string kept from the page. */
const MAX_STRING = 1024 * 1024;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_STRING;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCid = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
const isOptional = <T>(v: unknown, check: (v: unknown) => v is T): boolean => v === undefined || check(v);

type Checker = (e: Record<string, unknown>) => boolean;

/** A frame's fields but its payload. */
const isFrameHeader: Checker = (e) =>
  isNumber(e.time) &&
  (e.direction === 'send' || e.direction === 'receive') &&
  (e.type === 'text' || e.type === 'binary') &&
  isNumber(e.size) &&
  e.size >= 0 &&
  (e.encoding === 'utf8' || e.encoding === 'base64') &&
  typeof e.truncated === 'boolean';

/** A payload length in a chunk's header (src/shared/wire.ts). */
export const isLength = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Most subprotocols a socket's create event may list (a bound on what a page can make us keep; the
 * browser takes any number, and a socket past the bound would be listed without its URL).
 */
export const MAX_PROTOCOLS = 1024;

const checks: Record<HookEvent['kind'], Checker> = {
  create: (e) =>
    isNumber(e.time) &&
    isString(e.url) &&
    Array.isArray(e.protocols) &&
    e.protocols.length <= MAX_PROTOCOLS &&
    e.protocols.every(isString),
  open: (e) => isNumber(e.time) && isString(e.protocol) && isString(e.extensions),
  frame: (e) => isFrameHeader(e) && typeof e.data === 'string',
  error: (e) => isNumber(e.time),
  'close-call': (e) =>
    isNumber(e.time) &&
    isOptional(e.code, (v): v is number => typeof v === 'number') &&
    isOptional(e.reason, isString) &&
    isOptional(e.error, isString),
  'send-error': (e) => isNumber(e.time) && isString(e.error),
  'send-discarded': (e) => isNumber(e.time) && isNumber(e.size),
  close: (e) => isNumber(e.time) && isNumber(e.code) && isString(e.reason) && typeof e.wasClean === 'boolean',
  listen: (e) => e.event === 'close' || e.event === 'error' || e.event === 'message',
};

export function isHookEvent(value: unknown): value is HookEvent {
  return check(value, checks.frame);
}

/** The same checks on an event as a chunk's header carries it: a frame as a WireFrame, never an object. */
export function isWireEvent(value: unknown): value is WireEvent {
  return Array.isArray(value) ? isWireFrame(value) : check(value, () => false);
}

export function isWireFrame(value: unknown): value is WireFrame {
  if (!Array.isArray(value) || (value.length !== 5 && value.length !== 6)) return false;
  const [cid, time, flags, size, len, more] = value as unknown[];
  return (
    isCid(cid) &&
    isNumber(time) &&
    Number.isInteger(flags) &&
    (flags as number) >= 0 &&
    (flags as number) <= 15 &&
    // Only a whole text frame is measured by the reader; its size is not given.
    (((flags as number) & WIRE_MEASURE) === 0 || (((flags as number) & (WIRE_BINARY | WIRE_TRUNCATED)) === 0 && size === 0)) &&
    isNumber(size) &&
    size >= 0 &&
    isLength(len) &&
    (value.length === 5 || (((flags as number) & WIRE_BINARY) !== 0 && isLength(more)))
  );
}

function check(value: unknown, frame: Checker): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.kind !== 'string' || !Object.prototype.hasOwnProperty.call(checks, e.kind)) return false;
  if (!isCid(e.cid)) return false;
  return e.kind === 'frame' ? frame(e) : checks[e.kind as HookEvent['kind']](e);
}
