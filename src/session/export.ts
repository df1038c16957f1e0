/**
 * Session → session file (format version 1). Redacts unless `includeSecrets`.
 */
import type { Connection, Frame, Session } from '../shared/model';
import { SESSION_FORMAT, SESSION_VERSION, TOOL_NAME } from './format';
import type {
  ExportOptions,
  ExportedFinding,
  SessionFile,
  SessionFileConnection,
  SessionFileFrame,
  SessionFileHandshake,
} from './format';
import { redactSession } from './redact';

/**
 * Serializes a session. `findings` are the caller's, computed on the unredacted
 * session; when redacting, their text is redacted with the rest. The result is plain
 * data (no shared objects with `session`), ready for JSON.stringify.
 */
export function exportSession(session: Session, findings: readonly ExportedFinding[], opts: ExportOptions): SessionFile {
  const source = opts.includeSecrets
    ? { session, findings: findings.map(copyFinding) }
    : redactSession(session, findings);
  const s = source.session;
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: opts.now.toISOString(),
    redacted: !opts.includeSecrets,
    tool: { name: TOOL_NAME, version: opts.toolVersion },
    page: { url: s.page.url, title: s.page.title },
    connections: s.connections.map(exportConnection),
    findings: source.findings,
    session: {
      startedAt: s.startedAt,
      droppedFrames: s.droppedFrames,
      lostEvents: s.lostEvents,
      navigations: s.navigations.map((n) => ({ time: n.time, url: n.url })),
    },
  };
}

/** The session file form of a connection: required fields first, then the extras. */
export function exportConnection(c: Connection): SessionFileConnection {
  const out: SessionFileConnection = {
    id: c.id,
    url: c.url,
    ...(c.frameUrl !== undefined ? { frameUrl: c.frameUrl } : {}),
    protocolsRequested: [...c.protocolsRequested],
    protocol: c.protocol,
    extensions: c.extensions,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    handshake: c.handshake ? copyHandshake(c.handshake) : null,
    close: c.close
      ? { code: c.close.code, reason: c.close.reason, wasClean: c.close.wasClean, initiator: c.close.initiator }
      : null,
    frames: exportFrames(c.frames),
    closeCalledAt: c.closeCalledAt,
    events: c.events.map((e) => ({ ...e })),
    stats: { ...c.stats },
    droppedFrames: c.droppedFrames,
    hooked: c.hooked,
    listeners: { close: c.listeners.close, error: c.listeners.error, message: c.listeners.message },
  };
  if (c.frameId !== undefined) out.frameId = c.frameId;
  if (c.documentId !== undefined) out.documentId = c.documentId;
  if (c.requestId !== undefined) out.requestId = c.requestId;
  return out;
}

/** A handshake with only the fields of the format (the model's and the file's are the same shape). */
export function copyHandshake(h: SessionFileHandshake): SessionFileHandshake {
  const out: SessionFileHandshake = {
    status: h.status,
    requestHeaders: h.requestHeaders.map((x) => ({ name: x.name, value: x.value })),
    responseHeaders: h.responseHeaders.map((x) => ({ name: x.name, value: x.value })),
  };
  if (h.statusText !== undefined) out.statusText = h.statusText;
  if (h.error !== undefined) out.error = h.error;
  if (h.requestedAt !== undefined) out.requestedAt = h.requestedAt;
  if (h.answeredAt !== undefined) out.answeredAt = h.answeredAt;
  return out;
}

function exportFrames(frames: readonly Frame[]): SessionFileFrame[] {
  const out = new Array<SessionFileFrame>(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    out[i] = {
      time: f.time,
      direction: f.direction,
      type: f.type,
      size: f.size,
      data: f.data,
      encoding: f.encoding,
      truncated: f.truncated,
    };
  }
  return out;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A JSON-safe deep copy of a finding (extra fields kept, functions and unsafe keys dropped). */
export function copyFinding(f: ExportedFinding): ExportedFinding {
  return copyJson(f) as ExportedFinding;
}

export function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : value;
  }
  if (Array.isArray(value)) return value.map(copyJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(k)) continue;
    const copied = copyJson(v);
    if (copied !== undefined) out[k] = copied;
  }
  return out;
}
