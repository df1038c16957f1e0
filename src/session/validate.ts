/**
 * Hand-written validator for session files, version 1. It accepts exactly what
 * session-v1.schema.json accepts (a unit test holds them together) but is fast on
 * 100,000 frames (no allocation per valid frame) and names the first problem by its
 * JSON path: `connections[3].frames[0].time`.
 *
 * Missing required field → `missing-field`; present with the wrong type or value →
 * `invalid-field`; a version above SESSION_VERSION → `newer-version`; not a session
 * file at all → `wrong-format`. Unknown fields are allowed everywhere.
 */
import { SessionFileError, describeType, joinPath } from './errors';
import { ISO_DATE_TIME_PATTERN, SESSION_FORMAT, SESSION_VERSION } from './format';
import type { SessionFile } from './format';

type Obj = Record<string, unknown>;

const ISO_RE = new RegExp(ISO_DATE_TIME_PATTERN);
const hasOwn = (o: Obj, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const DIRECTIONS = ['send', 'receive'];
const FRAME_TYPES = ['text', 'binary'];
const ENCODINGS = ['utf8', 'base64'];
const INITIATORS = ['client', 'server', 'browser', 'unknown'];
const SEVERITIES = ['error', 'warning', 'info'];
const EVENT_KINDS = ['open', 'error', 'close-call', 'send-error', 'send-discarded', 'close'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function missing(path: string): never {
  throw new SessionFileError('missing-field', `Missing required field ${path}.`, path);
}

function invalid(path: string, expected: string, got: unknown): never {
  throw new SessionFileError('invalid-field', `${path} must be ${expected}, but is ${describeType(got)}.`, path);
}

// Field checkers: each reads `o[key]`, throws with the path built only on failure.

function req(o: Obj, key: string, base: string): unknown {
  if (!hasOwn(o, key) || o[key] === undefined) missing(joinPath(base, key));
  return o[key];
}

function str(o: Obj, key: string, base: string): string {
  const v = req(o, key, base);
  if (typeof v !== 'string') invalid(joinPath(base, key), 'a string', v);
  return v;
}

function optStr(o: Obj, key: string, base: string): void {
  if (hasOwn(o, key) && o[key] !== undefined && typeof o[key] !== 'string') invalid(joinPath(base, key), 'a string', o[key]);
}

function num(o: Obj, key: string, base: string): number {
  const v = req(o, key, base);
  if (!isNum(v)) invalid(joinPath(base, key), 'a number', v);
  return v;
}

function optNum(o: Obj, key: string, base: string): void {
  if (hasOwn(o, key) && o[key] !== undefined && !isNum(o[key])) invalid(joinPath(base, key), 'a number', o[key]);
}

function numOrNull(o: Obj, key: string, base: string): void {
  const v = req(o, key, base);
  if (v !== null && !isNum(v)) invalid(joinPath(base, key), 'a number or null', v);
}

function count(o: Obj, key: string, base: string): void {
  const v = req(o, key, base);
  // Sizes and counts past 2^53 - 1 are not exact in a number, and would sum to Infinity (written as null).
  if (!isInt(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) invalid(joinPath(base, key), 'an integer >= 0 (at most 2^53 - 1)', v);
}

function optCount(o: Obj, key: string, base: string): void {
  if (hasOwn(o, key) && o[key] !== undefined) count(o, key, base);
}

function bool(o: Obj, key: string, base: string): void {
  const v = req(o, key, base);
  if (typeof v !== 'boolean') invalid(joinPath(base, key), 'a boolean', v);
}

function oneOf(o: Obj, key: string, base: string, values: string[]): void {
  const v = req(o, key, base);
  if (typeof v !== 'string' || !values.includes(v)) {
    throw new SessionFileError(
      'invalid-field',
      `${joinPath(base, key)} must be one of ${values.map((x) => `"${x}"`).join(', ')}, but is ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : describeType(v)}.`,
      joinPath(base, key),
    );
  }
}

function obj(o: Obj, key: string, base: string): Obj {
  const v = req(o, key, base);
  if (!isObj(v)) invalid(joinPath(base, key), 'an object', v);
  return v;
}

function arr(o: Obj, key: string, base: string): unknown[] {
  const v = req(o, key, base);
  if (!Array.isArray(v)) invalid(joinPath(base, key), 'an array', v);
  return v;
}

function strArray(o: Obj, key: string, base: string): void {
  const a = arr(o, key, base);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'string') invalid(`${joinPath(base, key)}[${i}]`, 'a string', a[i]);
  }
}

function element(a: unknown[], i: number, path: string): Obj {
  const v = a[i];
  if (!isObj(v)) invalid(`${path}[${i}]`, 'an object', v);
  return v;
}

// ---------------------------------------------------------------------------------

/** Throws a SessionFileError naming the first problem; returns when `value` is a valid version 1 file. */
export function validateSessionFile(value: unknown): asserts value is SessionFile {
  if (!isObj(value)) {
    throw new SessionFileError('wrong-format', `Not a WS Triage session file: the file holds ${describeType(value)}, not an object.`);
  }
  if (!hasOwn(value, 'format')) {
    throw new SessionFileError('wrong-format', 'Not a WS Triage session file: it has no "format" field.', 'format');
  }
  if (value.format !== SESSION_FORMAT) {
    throw new SessionFileError(
      'wrong-format',
      `Not a WS Triage session file: "format" is ${typeof value.format === 'string' ? JSON.stringify(value.format.slice(0, 60)) : describeType(value.format)}, expected "${SESSION_FORMAT}".`,
      'format',
    );
  }
  checkVersion(value);
  const exportedAt = str(value, 'exportedAt', '');
  if (!ISO_RE.test(exportedAt)) {
    throw new SessionFileError('invalid-field', 'exportedAt must be an ISO 8601 date-time.', 'exportedAt');
  }
  bool(value, 'redacted', '');
  const tool = obj(value, 'tool', '');
  str(tool, 'name', 'tool');
  str(tool, 'version', 'tool');
  const page = obj(value, 'page', '');
  str(page, 'url', 'page');
  str(page, 'title', 'page');

  const connections = arr(value, 'connections', '');
  const ids = new Set<string>();
  for (let i = 0; i < connections.length; i++) {
    const c = element(connections, i, 'connections');
    const base = `connections[${i}]`;
    const id = str(c, 'id', base);
    if (ids.has(id)) {
      throw new SessionFileError('invalid-field', `${base}.id ${JSON.stringify(id.slice(0, 60))} is used by another connection.`, `${base}.id`);
    }
    ids.add(id);
    checkConnection(c, base);
  }

  const findings = arr(value, 'findings', '');
  for (let i = 0; i < findings.length; i++) checkFinding(element(findings, i, 'findings'), `findings[${i}]`);

  if (hasOwn(value, 'session') && value.session !== undefined) checkSessionInfo(value.session);
}

/** The `version` rules alone (importFile checks them before upgrading). */
export function checkVersion(value: Obj): number {
  const v = req(value, 'version', '');
  if (!isInt(v) || v < 1) invalid('version', 'a positive integer', v);
  if (v > SESSION_VERSION) {
    throw new SessionFileError(
      'newer-version',
      `This session file was written by a newer WS Triage (format version ${v}); this version reads format version ${SESSION_VERSION} and older. Update WS Triage to open it.`,
      'version',
    );
  }
  if (v !== SESSION_VERSION) {
    throw new SessionFileError('invalid-field', `version ${v} must be upgraded before validation.`, 'version');
  }
  return v;
}

function checkHeaders(o: Obj, key: string, base: string): void {
  const a = arr(o, key, base);
  const path = joinPath(base, key);
  for (let i = 0; i < a.length; i++) {
    const h = element(a, i, path);
    str(h, 'name', `${path}[${i}]`);
    str(h, 'value', `${path}[${i}]`);
  }
}

function checkConnection(c: Obj, base: string): void {
  str(c, 'url', base);
  optStr(c, 'frameUrl', base);
  strArray(c, 'protocolsRequested', base);
  str(c, 'protocol', base);
  str(c, 'extensions', base);
  num(c, 'createdAt', base);
  numOrNull(c, 'openedAt', base);
  numOrNull(c, 'closedAt', base);

  const handshake = req(c, 'handshake', base);
  if (handshake !== null) {
    const hb = `${base}.handshake`;
    if (!isObj(handshake)) invalid(hb, 'an object or null', handshake);
    const status = req(handshake, 'status', hb);
    if (status !== null && !isInt(status)) invalid(`${hb}.status`, 'an integer or null', status);
    optStr(handshake, 'statusText', hb);
    checkHeaders(handshake, 'requestHeaders', hb);
    checkHeaders(handshake, 'responseHeaders', hb);
    optStr(handshake, 'error', hb);
    optNum(handshake, 'requestedAt', hb);
    optNum(handshake, 'answeredAt', hb);
  }

  const close = req(c, 'close', base);
  if (close !== null) {
    const cb = `${base}.close`;
    if (!isObj(close)) invalid(cb, 'an object or null', close);
    checkCloseFields(close, cb);
  }

  const frames = arr(c, 'frames', base);
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    // Fast path: a well-formed frame costs a handful of typeof checks.
    if (
      isObj(f) &&
      typeof f.time === 'number' &&
      Number.isFinite(f.time) &&
      (f.direction === 'send' || f.direction === 'receive') &&
      (f.type === 'text' || f.type === 'binary') &&
      typeof f.size === 'number' &&
      Number.isInteger(f.size) &&
      f.size >= 0 &&
      f.size <= Number.MAX_SAFE_INTEGER &&
      typeof f.data === 'string' &&
      (f.encoding === 'utf8' || f.encoding === 'base64') &&
      typeof f.truncated === 'boolean'
    ) {
      continue;
    }
    checkFrame(element(frames, i, `${base}.frames`), `${base}.frames[${i}]`);
  }

  // Extra fields: optional, checked when present.
  if (hasOwn(c, 'closeCalledAt') && c.closeCalledAt !== undefined) numOrNull(c, 'closeCalledAt', base);
  if (hasOwn(c, 'events') && c.events !== undefined) {
    const events = arr(c, 'events', base);
    for (let i = 0; i < events.length; i++) checkEvent(element(events, i, `${base}.events`), `${base}.events[${i}]`);
  }
  if (hasOwn(c, 'stats') && c.stats !== undefined) {
    const s = obj(c, 'stats', base);
    const sb = `${base}.stats`;
    count(s, 'framesSent', sb);
    count(s, 'bytesSent', sb);
    count(s, 'framesReceived', sb);
    count(s, 'bytesReceived', sb);
  }
  if (hasOwn(c, 'droppedFrames') && c.droppedFrames !== undefined) count(c, 'droppedFrames', base);
  if (hasOwn(c, 'hooked') && c.hooked !== undefined) bool(c, 'hooked', base);
  if (hasOwn(c, 'listeners') && c.listeners !== undefined) {
    const l = obj(c, 'listeners', base);
    const lb = `${base}.listeners`;
    bool(l, 'close', lb);
    bool(l, 'error', lb);
    bool(l, 'message', lb);
  }
  optNum(c, 'frameId', base);
  optStr(c, 'documentId', base);
  optStr(c, 'requestId', base);
}

function checkCloseFields(close: Obj, base: string): void {
  const code = req(close, 'code', base);
  if (!isInt(code) || code < 0 || code > 65535) invalid(`${base}.code`, 'an integer from 0 to 65535', code);
  str(close, 'reason', base);
  bool(close, 'wasClean', base);
  oneOf(close, 'initiator', base, INITIATORS);
}

function checkFrame(f: Obj, base: string): void {
  num(f, 'time', base);
  oneOf(f, 'direction', base, DIRECTIONS);
  oneOf(f, 'type', base, FRAME_TYPES);
  count(f, 'size', base);
  str(f, 'data', base);
  oneOf(f, 'encoding', base, ENCODINGS);
  bool(f, 'truncated', base);
}

function checkEvent(e: Obj, base: string): void {
  oneOf(e, 'kind', base, EVENT_KINDS);
  num(e, 'time', base);
  if (e.kind !== 'open' && e.kind !== 'close') optCount(e, 'repeats', base);
  switch (e.kind) {
    case 'open':
      str(e, 'protocol', base);
      str(e, 'extensions', base);
      return;
    case 'close-call':
      if (hasOwn(e, 'code') && e.code !== undefined && !isInt(e.code)) invalid(`${base}.code`, 'an integer', e.code);
      optStr(e, 'reason', base);
      optStr(e, 'error', base);
      return;
    case 'send-error':
      str(e, 'error', base);
      return;
    case 'send-discarded':
      count(e, 'size', base);
      optCount(e, 'repeatedBytes', base);
      return;
    case 'close':
      checkCloseFields(e, base);
      return;
  }
}

/** How deep a finding's extra fields may nest: they are copied and redacted recursively. */
export const MAX_FINDING_DEPTH = 64;

function checkFinding(f: Obj, base: string): void {
  str(f, 'id', base);
  oneOf(f, 'severity', base, SEVERITIES);
  strArray(f, 'connectionIds', base);
  str(f, 'title', base);
  str(f, 'detail', base);
  optNum(f, 'time', base);
  const deep = deeperThan(f, MAX_FINDING_DEPTH);
  if (deep !== null) {
    throw new SessionFileError('invalid-field', `${base}${deep} nests arrays or objects more than ${MAX_FINDING_DEPTH} levels deep.`, `${base}${deep}`);
  }
}

/** The path (`.extra[0][0]…`) of the first value nested deeper than `limit` levels in `root`, else null. Iterative: any depth is safe to check. */
function deeperThan(root: unknown, limit: number): string | null {
  const stack: [unknown, number, string][] = [[root, 0, '']];
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return path;
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) stack.push([value[i], depth + 1, `${path}[${i}]`]);
    else for (const k of Object.keys(value)) stack.push([(value as Obj)[k], depth + 1, `${path}.${k}`]);
  }
  return null;
}

function checkSessionInfo(s: unknown): void {
  if (!isObj(s)) invalid('session', 'an object', s);
  num(s, 'startedAt', 'session');
  count(s, 'droppedFrames', 'session');
  count(s, 'lostEvents', 'session');
  const navs = arr(s, 'navigations', 'session');
  for (let i = 0; i < navs.length; i++) {
    const n = element(navs, i, 'session.navigations');
    num(n, 'time', `session.navigations[${i}]`);
    str(n, 'url', `session.navigations[${i}]`);
  }
}
