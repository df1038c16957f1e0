/**
 * Shape checks for messages that cross a trust boundary. The page can forge any
 * window event; whatever fails these checks is dropped and counted, never acted on.
 */
import type { HookEvent } from './protocol';

/** Longest URL, reason or protocol string kept from the page. */
const MAX_STRING = 1024 * 1024;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_STRING;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCid = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
const isOptional = <T>(v: unknown, check: (v: unknown) => v is T): boolean => v === undefined || check(v);

type Checker = (e: Record<string, unknown>) => boolean;

const checks: Record<HookEvent['kind'], Checker> = {
  create: (e) =>
    isNumber(e.time) &&
    isString(e.url) &&
    Array.isArray(e.protocols) &&
    e.protocols.length <= 64 &&
    e.protocols.every(isString),
  open: (e) => isNumber(e.time) && isString(e.protocol) && isString(e.extensions),
  frame: (e) =>
    isNumber(e.time) &&
    (e.direction === 'send' || e.direction === 'receive') &&
    (e.type === 'text' || e.type === 'binary') &&
    isNumber(e.size) &&
    e.size >= 0 &&
    typeof e.data === 'string' &&
    (e.encoding === 'utf8' || e.encoding === 'base64') &&
    typeof e.truncated === 'boolean',
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  if (typeof e.kind !== 'string' || !Object.prototype.hasOwnProperty.call(checks, e.kind)) return false;
  if (!isCid(e.cid)) return false;
  return checks[e.kind as HookEvent['kind']](e);
}
