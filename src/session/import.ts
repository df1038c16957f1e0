/**
 * File text → session: a WS Triage session file (any version this tool can upgrade)
 * or a HAR file from Chrome, Firefox or mitmproxy. Every problem is a SessionFileError
 * naming what is wrong and where.
 *
 * Imported data is inert: strings stay strings (an `<img onerror>` in a URL is just
 * text; rendering is the panel's job, with escaping), and objects are rebuilt field by
 * field, so keys like `__proto__` are never assigned anywhere.
 */
import type { CloseInfo, Connection, Frame, LifecycleEvent, Session } from '../shared/model';
import { withRepeats } from '../shared/model';
import { SessionFileError, describeType } from './errors';
import { copyHandshake, copyJson } from './export';
import { MAX_IMPORT_BYTES, SESSION_FORMAT } from './format';
import type {
  ExportedFinding,
  ImportedSession,
  SessionFile,
  SessionFileConnection,
} from './format';
import { importHar, looksLikeHar } from './har-import';
import { upgradeSessionFile } from './legacy/index';
import { validateSessionFile } from './validate';

export { MAX_IMPORT_BYTES };

/** Parses JSON text or throws `not-json` with the parser's own explanation. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw new SessionFileError('not-json', 'The file is empty.');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SessionFileError('not-json', `The file is not valid JSON (${detail.slice(0, 200)}).`);
  }
}

/**
 * Reads a file's text: detects a session file or a HAR, checks size, syntax, format
 * and version, upgrades old versions, validates and builds the session.
 */
export function importFile(text: string, fileName: string): ImportedSession {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new SessionFileError(
      'too-large',
      `The file is ${formatSize(text.length)}, over the ${formatSize(MAX_IMPORT_BYTES)} import limit.`,
    );
  }
  const value = parseJson(stripBom(text));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SessionFileError(
      'wrong-format',
      `Not a WS Triage session file or HAR file: the file holds ${describeType(value)}, not an object.`,
    );
  }
  const obj = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(obj, 'format') && looksLikeHar(obj)) return importHar(obj, fileName);
  if (!Object.prototype.hasOwnProperty.call(obj, 'format')) {
    throw new SessionFileError(
      'wrong-format',
      'Not a WS Triage session file or HAR file: it has neither a "format" field nor a HAR "log".',
      'format',
    );
  }
  if (obj.format !== SESSION_FORMAT) {
    // Let the validator word it.
    validateSessionFile(obj);
  }
  if (!Object.prototype.hasOwnProperty.call(obj, 'version')) {
    throw new SessionFileError('missing-field', 'Missing required field version.', 'version');
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new SessionFileError('invalid-field', `version must be a positive integer, but is ${describeType(version)}.`, 'version');
  }
  const upgraded = upgradeSessionFile(obj, version);
  validateSessionFile(upgraded);
  return fromSessionFile(upgraded, fileName);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** Builds the model from a validated session file. */
export function fromSessionFile(file: SessionFile, fileName: string): ImportedSession {
  const connections: Connection[] = [];
  let retainedFrames = 0;
  let retainedChars = 0;
  for (const fc of file.connections) {
    const c = toConnection(fc);
    retainedFrames += c.frames.length;
    for (const f of c.frames) retainedChars += f.data.length;
    connections.push(c);
  }
  const info = file.session;
  const startedAt = info ? info.startedAt : connections.reduce((min, c) => Math.min(min, c.createdAt), Infinity);
  const session: Session = {
    page: { url: file.page.url, title: file.page.title },
    startedAt: Number.isFinite(startedAt) ? startedAt : 0,
    connections,
    droppedFrames: info ? info.droppedFrames : connections.reduce((n, c) => n + c.droppedFrames, 0),
    lostEvents: info ? info.lostEvents : 0,
    retainedFrames,
    retainedChars,
    navigations: info ? info.navigations.map((n) => ({ time: n.time, url: n.url })) : [],
  };
  return {
    session,
    findings: file.findings.map((f) => copyJson(f) as ExportedFinding),
    meta: {
      fileName,
      exportedAt: file.exportedAt,
      toolVersion: file.tool.version,
      redacted: file.redacted,
      source: 'ws-triage',
    },
  };
}

function toConnection(fc: SessionFileConnection): Connection {
  const src = fc.frames;
  const frames = new Array<Frame>(src.length);
  let framesSent = 0;
  let bytesSent = 0;
  let framesReceived = 0;
  let bytesReceived = 0;
  let sorted = true;
  for (let i = 0; i < src.length; i++) {
    const f = src[i]!;
    if (i > 0 && src[i - 1]!.time > f.time) sorted = false;
    frames[i] = {
      time: f.time,
      direction: f.direction,
      type: f.type,
      size: f.size,
      data: f.data,
      encoding: f.encoding,
      truncated: f.truncated,
    };
    if (f.direction === 'send') {
      framesSent++;
      bytesSent += f.size;
    } else {
      framesReceived++;
      bytesReceived += f.size;
    }
  }
  // A file from another producer may list frames out of order; everything downstream (diagnostics,
  // timeline, rows) expects time order. The sort is stable: frames at the same time keep file order.
  if (!sorted) frames.sort((a, b) => a.time - b.time);
  const close: CloseInfo | null = fc.close
    ? { code: fc.close.code, reason: fc.close.reason, wasClean: fc.close.wasClean, initiator: fc.close.initiator }
    : null;
  const c: Connection = {
    id: fc.id,
    url: fc.url,
    protocolsRequested: [...fc.protocolsRequested],
    protocol: fc.protocol,
    extensions: fc.extensions,
    createdAt: fc.createdAt,
    openedAt: fc.openedAt,
    closedAt: fc.closedAt,
    closeCalledAt: fc.closeCalledAt ?? null,
    handshake: fc.handshake ? copyHandshake(fc.handshake) : null,
    close,
    frames,
    events: fc.events ? fc.events.map(toEvent) : defaultEvents(fc, close),
    stats: fc.stats
      ? {
          framesSent: fc.stats.framesSent,
          bytesSent: fc.stats.bytesSent,
          framesReceived: fc.stats.framesReceived,
          bytesReceived: fc.stats.bytesReceived,
        }
      : // Sums of sizes a file gives: at most 2^53 - 1, as a session file may hold them.
        { framesSent, bytesSent: Math.min(bytesSent, Number.MAX_SAFE_INTEGER), framesReceived, bytesReceived: Math.min(bytesReceived, Number.MAX_SAFE_INTEGER) },
    droppedFrames: fc.droppedFrames ?? 0,
    hooked: fc.hooked ?? true,
    // Unknown (a file from another producer): assume the page listened, so diagnostics
    // do not report API misuse that the file cannot show.
    listeners: fc.listeners
      ? { close: fc.listeners.close, error: fc.listeners.error, message: fc.listeners.message }
      : { close: true, error: true, message: true },
  };
  if (fc.frameUrl !== undefined) c.frameUrl = fc.frameUrl;
  if (fc.frameId !== undefined) c.frameId = fc.frameId;
  if (fc.documentId !== undefined) c.documentId = fc.documentId;
  if (fc.requestId !== undefined) c.requestId = fc.requestId;
  return c;
}

/** Copies the fields of a validated lifecycle event that its kind defines, nothing else. */
function toEvent(e: LifecycleEvent): LifecycleEvent {
  return withRepeats(e, eventFields(e));
}

function eventFields(e: LifecycleEvent): LifecycleEvent {
  switch (e.kind) {
    case 'open':
      return { kind: 'open', time: e.time, protocol: e.protocol, extensions: e.extensions };
    case 'error':
      return { kind: 'error', time: e.time };
    case 'close-call': {
      const out: Extract<LifecycleEvent, { kind: 'close-call' }> = { kind: 'close-call', time: e.time };
      if (e.code !== undefined) out.code = e.code;
      if (e.reason !== undefined) out.reason = e.reason;
      if (e.error !== undefined) out.error = e.error;
      return out;
    }
    case 'send-error':
      return { kind: 'send-error', time: e.time, error: e.error };
    case 'send-discarded':
      return { kind: 'send-discarded', time: e.time, size: e.size };
    case 'close':
      return {
        kind: 'close',
        time: e.time,
        code: e.code,
        reason: e.reason,
        wasClean: e.wasClean,
        initiator: e.initiator,
      };
  }
}

/** Events for a file that has none: its open and close, so the panel still shows them. */
function defaultEvents(fc: SessionFileConnection, close: CloseInfo | null): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  if (fc.openedAt !== null) events.push({ kind: 'open', time: fc.openedAt, protocol: fc.protocol, extensions: fc.extensions });
  if (close) events.push({ kind: 'close', time: fc.closedAt ?? fc.openedAt ?? fc.createdAt, ...close });
  return events;
}
