/**
 * HAR → session: the WebSocket entries of a HAR file from Chrome DevTools, Firefox,
 * mitmproxy or WS Triage itself. Other entries are ignored.
 *
 * An entry is a WebSocket when any of: `_resourceType` is "websocket" (Chrome,
 * mitmproxy, WS Triage); the request URL is ws:// or wss://; the response is 101 with
 * `Upgrade: websocket`; the request asks `Upgrade: websocket` (a refused handshake,
 * e.g. 403, in a HAR that does not mark WebSockets, like Firefox's).
 *
 * Messages come from Chrome's `_webSocketMessages` extension (also written by
 * mitmproxy and recent tools): `{type: send|receive, time: epoch s, opcode: 1|2, data}`.
 * Without it the connection is imported as handshake only (`hooked: false`).
 * HAR files are written by many tools, so reading is lenient where a value can be
 * skipped (malformed headers, control frames) and strict where the connection would be
 * wrong (URL, start time, a message's time and data).
 */
import type { Connection, Frame, Header, LifecycleEvent, Session } from '../shared/model';
import { utf8Length } from '../shared/wire';
import { base64DecodedLength } from './base64';
import { SessionFileError, describeType } from './errors';
import type { ImportSource, ImportedSession } from './format';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A top-level object with a `log` object: HAR-shaped (not necessarily valid). */
export function looksLikeHar(value: Obj): boolean {
  return Object.prototype.hasOwnProperty.call(value, 'log') && isObj(value.log);
}

export function harSource(creatorName: string): ImportSource {
  if (creatorName === 'WebInspector') return 'har-chrome';
  if (/firefox/i.test(creatorName)) return 'har-firefox';
  if (/mitmproxy/i.test(creatorName)) return 'har-mitmproxy';
  return 'har';
}

export function importHar(value: Obj, fileName: string): ImportedSession {
  const log = value.log;
  if (!isObj(log)) throw new SessionFileError('not-har', 'Not a HAR file: "log" is not an object.', 'log');
  const entries = log.entries;
  if (!Array.isArray(entries)) {
    throw new SessionFileError(
      'not-har',
      `Not a valid HAR file: log.entries must be an array, but is ${describeType(entries)}.`,
      'log.entries',
    );
  }
  const creator = isObj(log.creator) ? log.creator : {};
  const creatorName = typeof creator.name === 'string' ? creator.name : '';
  const creatorVersion = typeof creator.version === 'string' ? creator.version : '';
  const source = harSource(creatorName);

  const connections: Connection[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isObj(entry) || !isWebSocketEntry(entry)) continue;
    const c = entryToConnection(entry, `log.entries[${i}]`, i, ids);
    ids.add(c.id);
    connections.push(c);
  }
  if (connections.length === 0) {
    throw new SessionFileError(
      'not-har',
      entries.length === 0
        ? 'This HAR file has no entries, so no WebSocket connections to import.'
        : `This HAR file has no WebSocket connections (${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, none of them a WebSocket). Save the HAR while the page's WebSocket requests are listed in the Network panel (not filtered out).`,
      'log.entries',
    );
  }
  const pages = Array.isArray(log.pages) ? log.pages.filter(isObj) : [];
  const page = pageInfo(pages[0], connections);
  const pageStart = pages[0] && typeof pages[0].startedDateTime === 'string' ? Date.parse(pages[0].startedDateTime) : NaN;
  let retainedFrames = 0;
  let retainedChars = 0;
  for (const c of connections) {
    retainedFrames += c.frames.length;
    for (const f of c.frames) retainedChars += f.data.length;
  }
  const session: Session = {
    page,
    // Not Math.min(...): a HAR can hold more WebSocket entries than a call takes arguments.
    startedAt: Number.isFinite(pageStart) ? pageStart : connections.reduce((min, c) => Math.min(min, c.createdAt), Infinity),
    connections,
    droppedFrames: connections.reduce((n, c) => n + c.droppedFrames, 0),
    lostEvents: 0,
    retainedFrames,
    retainedChars,
    navigations: [],
  };
  const toolVersion = `${creatorName} ${creatorVersion}`.trim();
  return {
    session,
    findings: [],
    meta: {
      fileName,
      exportedAt: null,
      toolVersion: toolVersion === '' ? null : toolVersion,
      redacted: log._wsTriageRedacted === true,
      source,
    },
  };
}

// ---------------------------------------------------------------------------------

function headersOf(v: unknown): Header[] {
  if (!Array.isArray(v)) return [];
  const out: Header[] = [];
  for (const h of v) {
    if (isObj(h) && typeof h.name === 'string' && typeof h.value === 'string') out.push({ name: h.name, value: h.value });
  }
  return out;
}

function headerValue(headers: Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

export function isWebSocketEntry(entry: Obj): boolean {
  if (typeof entry._resourceType === 'string' && entry._resourceType.toLowerCase() === 'websocket') return true;
  const request = isObj(entry.request) ? entry.request : undefined;
  const response = isObj(entry.response) ? entry.response : undefined;
  if (request && typeof request.url === 'string' && /^wss?:\/\//i.test(request.url)) return true;
  if (response && response.status === 101 && /websocket/i.test(headerValue(headersOf(response.headers), 'upgrade') ?? '')) {
    return true;
  }
  if (request && /websocket/i.test(headerValue(headersOf(request.headers), 'upgrade') ?? '')) return true;
  return false;
}

/** http(s) → ws(s): proxies and Firefox record the upgrade request under its HTTP URL. */
function webSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s.toLowerCase()}://`);
}

function entryToConnection(entry: Obj, path: string, index: number, ids: Set<string>): Connection {
  const request = entry.request;
  if (!isObj(request)) {
    throw new SessionFileError(
      entry.request === undefined ? 'missing-field' : 'invalid-field',
      `${path}.request must be an object, but is ${describeType(entry.request)}.`,
      `${path}.request`,
    );
  }
  if (typeof request.url !== 'string') {
    throw new SessionFileError(
      request.url === undefined ? 'missing-field' : 'invalid-field',
      `${path}.request.url must be a string, but is ${describeType(request.url)}.`,
      `${path}.request.url`,
    );
  }
  const started = entry.startedDateTime;
  // Date.parse alone takes "1", "May 14" or "2024" and makes up the rest of the date.
  const createdAt = typeof started === 'string' && HAR_DATE_TIME_RE.test(started) ? Date.parse(started) : NaN;
  if (!Number.isFinite(createdAt)) {
    throw new SessionFileError(
      started === undefined ? 'missing-field' : 'invalid-field',
      `${path}.startedDateTime must be an ISO 8601 date-time, but is ${typeof started === 'string' ? JSON.stringify(started.slice(0, 40)) : describeType(started)}.`,
      `${path}.startedDateTime`,
    );
  }
  const response = isObj(entry.response) ? entry.response : {};
  const requestHeaders = headersOf(request.headers);
  const responseHeaders = headersOf(response.headers);
  const rawStatus = response.status;
  const status = isNum(rawStatus) && rawStatus > 0 ? Math.trunc(rawStatus) : null;
  const error = typeof response._error === 'string' && response._error !== '' ? response._error : undefined;

  // Time of the answer: start + the phases before the first response byte.
  const timings = isObj(entry.timings) ? entry.timings : {};
  let answeredAfter = 0;
  let anyTiming = false;
  for (const k of ['blocked', 'dns', 'connect', 'ssl', 'send', 'wait'] as const) {
    const t = timings[k];
    if (k === 'ssl') continue; // included in connect (HAR 1.2)
    if (isNum(t) && t > 0) {
      answeredAfter += t;
      anyTiming = true;
    }
  }
  if (!anyTiming && isNum(entry.time) && entry.time > 0 && status !== 101) answeredAfter = entry.time;
  const answeredAt = status !== null || error !== undefined ? createdAt + answeredAfter : undefined;

  const messages = entry._webSocketMessages;
  const hasMessages = Array.isArray(messages);
  if (!hasMessages && messages !== undefined) {
    throw new SessionFileError('invalid-field', `${path}._webSocketMessages must be an array, but is ${describeType(messages)}.`, `${path}._webSocketMessages`);
  }
  const { frames, errors } = hasMessages ? readMessages(messages, `${path}._webSocketMessages`) : { frames: [], errors: [] };

  const handshake = {
    status,
    requestHeaders,
    responseHeaders,
    ...(typeof response.statusText === 'string' && response.statusText !== '' ? { statusText: response.statusText } : {}),
    ...(error !== undefined ? { error } : {}),
    requestedAt: createdAt,
    ...(answeredAt !== undefined ? { answeredAt } : {}),
  };

  const upgraded = status === 101 || (status === null && error === undefined && frames.length > 0);
  const openedAt = upgraded ? (answeredAt ?? createdAt) : null;
  const failed = !upgraded && (status !== null || error !== undefined);
  const protocolsRequested = (headerValue(requestHeaders, 'sec-websocket-protocol') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const protocol = (headerValue(responseHeaders, 'sec-websocket-protocol') ?? '').trim();
  const extensions = (headerValue(responseHeaders, 'sec-websocket-extensions') ?? '').trim();

  const c: Connection = {
    id: `har-${index}`,
    url: webSocketUrl(request.url),
    protocolsRequested,
    protocol,
    extensions,
    createdAt,
    openedAt,
    closedAt: failed ? (answeredAt ?? createdAt) : null,
    closeCalledAt: null,
    handshake,
    close: null,
    frames,
    events: [],
    stats: { framesSent: 0, bytesSent: 0, framesReceived: 0, bytesReceived: 0 },
    droppedFrames: 0,
    hooked: hasMessages,
    // Unknown from a HAR: assume the page listened (no API-misuse findings from missing data).
    listeners: { close: true, error: true, message: true },
  };

  applyWsTriage(c, entry._wsTriage);
  for (let n = 2; ids.has(c.id); n++) c.id = `har-${index}-${n}`;

  for (const f of frames) {
    if (f.direction === 'send') {
      c.stats.framesSent++;
      c.stats.bytesSent += f.size;
    } else {
      c.stats.framesReceived++;
      c.stats.bytesReceived += f.size;
    }
  }
  const events: LifecycleEvent[] = [];
  if (c.openedAt !== null) events.push({ kind: 'open', time: c.openedAt, protocol: c.protocol, extensions: c.extensions });
  for (const t of errors) events.push({ kind: 'error', time: t });
  if (c.close) events.push({ kind: 'close', time: c.closedAt ?? c.createdAt, ...c.close });
  events.sort((a, b) => a.time - b.time);
  c.events = events;
  return c;
}

/** A HAR date-time: ISO 8601 date and time (HAR 1.2 requires the zone too; one without it is read as local time). */
const HAR_DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** WebSocket opcodes of control and continuation frames, which carry no message of their own. */
const CONTROL_OPCODES = new Set([0, 8, 9, 10]);

/**
 * Frames from `_webSocketMessages`; control frames skipped, Chrome's `error` entries kept as error
 * events. A row that is none of these (another type, an opcode that is not a WebSocket opcode) is an
 * error naming it, rather than a message that silently goes missing.
 */
function readMessages(messages: unknown[], path: string): { frames: Frame[]; errors: number[] } {
  const frames: Frame[] = [];
  const errors: number[] = [];
  let sorted = true;
  for (let j = 0; j < messages.length; j++) {
    const m = messages[j];
    if (!isObj(m)) {
      throw new SessionFileError('invalid-field', `${path}[${j}] must be an object, but is ${describeType(m)}.`, `${path}[${j}]`);
    }
    const type = m.type;
    if (type === 'error') {
      if (isNum(m.time)) errors.push(toMs(m.time));
      continue;
    }
    if (type !== 'send' && type !== 'receive') {
      throw new SessionFileError('invalid-field', `${path}[${j}].type must be "send", "receive" or "error", but is ${describeType(type)}.`, `${path}[${j}].type`);
    }
    const opcode = m.opcode;
    if (typeof opcode === 'number' && CONTROL_OPCODES.has(opcode)) continue;
    if (opcode !== undefined && opcode !== 1 && opcode !== 2) {
      throw new SessionFileError('invalid-field', `${path}[${j}].opcode must be a WebSocket opcode (1 text, 2 binary; 0, 8, 9, 10 are skipped), but is ${describeType(opcode)}.`, `${path}[${j}].opcode`);
    }
    if (!isNum(m.time)) {
      throw new SessionFileError(
        m.time === undefined ? 'missing-field' : 'invalid-field',
        `${path}[${j}].time must be a number (epoch seconds), but is ${describeType(m.time)}.`,
        `${path}[${j}].time`,
      );
    }
    if (typeof m.data !== 'string') {
      throw new SessionFileError(
        m.data === undefined ? 'missing-field' : 'invalid-field',
        `${path}[${j}].data must be a string, but is ${describeType(m.data)}.`,
        `${path}[${j}].data`,
      );
    }
    const binary = opcode === 2;
    const truncated = m._truncated === true;
    const size = truncated && isNum(m._size) && m._size >= 0 ? Math.trunc(m._size) : binary ? base64DecodedLength(m.data) : utf8Length(m.data);
    const time = toMs(m.time);
    const prev = frames[frames.length - 1];
    if (prev && prev.time > time) sorted = false;
    frames.push({
      time,
      direction: type,
      type: binary ? 'binary' : 'text',
      size,
      data: m.data,
      encoding: binary ? 'base64' : 'utf8',
      truncated,
    });
  }
  if (!sorted) frames.sort((a, b) => a.time - b.time);
  return { frames, errors };
}

/** HAR message times are epoch seconds; values that are clearly milliseconds are taken as such. */
function toMs(t: number): number {
  return t > 1e11 ? t : t * 1000;
}

/** Restores what WS Triage's own HAR export keeps under `_wsTriage` (checked field by field). */
function applyWsTriage(c: Connection, x: unknown): void {
  if (!isObj(x)) return;
  if (typeof x.id === 'string' && x.id !== '') c.id = x.id;
  if (typeof x.frameUrl === 'string') c.frameUrl = x.frameUrl;
  if (Array.isArray(x.protocolsRequested) && x.protocolsRequested.every((p) => typeof p === 'string')) {
    c.protocolsRequested = [...(x.protocolsRequested as string[])];
  }
  if (typeof x.protocol === 'string') c.protocol = x.protocol;
  if (typeof x.extensions === 'string') c.extensions = x.extensions;
  if (isNum(x.createdAt)) c.createdAt = x.createdAt;
  if (x.openedAt === null || isNum(x.openedAt)) c.openedAt = x.openedAt;
  if (x.closedAt === null || isNum(x.closedAt)) c.closedAt = x.closedAt;
  if (x.closeCalledAt === null || isNum(x.closeCalledAt)) c.closeCalledAt = x.closeCalledAt;
  if (x.close === null) c.close = null;
  else if (
    isObj(x.close) &&
    Number.isInteger(x.close.code) &&
    typeof x.close.reason === 'string' &&
    typeof x.close.wasClean === 'boolean' &&
    (x.close.initiator === 'client' || x.close.initiator === 'server' || x.close.initiator === 'browser' || x.close.initiator === 'unknown')
  ) {
    c.close = { code: x.close.code as number, reason: x.close.reason, wasClean: x.close.wasClean, initiator: x.close.initiator };
  }
  if (typeof x.hooked === 'boolean') c.hooked = x.hooked;
  if (Number.isInteger(x.droppedFrames) && (x.droppedFrames as number) >= 0) c.droppedFrames = x.droppedFrames as number;
  const l = x.listeners;
  if (isObj(l) && typeof l.close === 'boolean' && typeof l.error === 'boolean' && typeof l.message === 'boolean') {
    c.listeners = { close: l.close, error: l.error, message: l.message };
  }
  if (x.handshake === null) c.handshake = null;
  else if (isObj(x.handshake) && c.handshake) {
    const h = x.handshake;
    const hs = c.handshake;
    if (h.status === null || Number.isInteger(h.status)) hs.status = h.status as number | null;
    if (typeof h.statusText === 'string') hs.statusText = h.statusText;
    else delete hs.statusText;
    if (typeof h.error === 'string') hs.error = h.error;
    else delete hs.error;
    if (isNum(h.requestedAt)) hs.requestedAt = h.requestedAt;
    else delete hs.requestedAt;
    if (isNum(h.answeredAt)) hs.answeredAt = h.answeredAt;
    else delete hs.answeredAt;
  }
}

function pageInfo(page: Obj | undefined, connections: Connection[]): { url: string; title: string } {
  if (page && isObj(page._wsTriagePage)) {
    const p = page._wsTriagePage;
    if (typeof p.url === 'string' && typeof p.title === 'string') return { url: p.url, title: p.title };
  }
  const title = page && typeof page.title === 'string' ? page.title : '';
  // Chrome and Firefox write the page URL as its title.
  if (/^(https?|file):\/\//i.test(title)) return { url: title, title: '' };
  const origin = connections[0]?.handshake ? headerValue(connections[0].handshake.requestHeaders, 'origin') : undefined;
  return { url: origin ?? '', title };
}
