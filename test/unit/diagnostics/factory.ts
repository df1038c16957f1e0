/** Builds sessions for diagnostics tests: a connection is described by offsets from its creation. */
import type { Finding, FindingId } from '../../../src/diagnostics';
import { diagnose } from '../../../src/diagnostics';
import { newConnection } from '../../../src/shared/apply';
import type { CloseInitiator, Connection, Direction, Handshake, LifecycleEvent, Session } from '../../../src/shared/model';
import { createSession } from '../../../src/shared/model';

/** 2025-01-01T12:00:00Z */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;

export type FrameSpec = [at: number, direction: Direction, data: string, size?: number];

export interface ConnectionSpec {
  id?: string;
  url?: string;
  /** createdAt; defaults to T0. */
  at?: number;
  /** ms after creation when it opened; null for never. Defaults to 50. */
  open?: number | null;
  protocols?: string[];
  protocol?: string;
  /** [ms after creation, direction, data, size?] */
  frames?: FrameSpec[];
  /** ms after creation of the page's close() call. */
  closeCall?: number;
  close?: { at: number; code: number; reason?: string; wasClean?: boolean; initiator?: CloseInitiator };
  handshake?: {
    status?: number | null;
    statusText?: string;
    error?: string;
    request?: Record<string, string>;
    response?: Record<string, string>;
    /** ms after creation of the answer. */
    answer?: number;
  };
  hooked?: boolean;
  listeners?: Partial<Connection['listeners']>;
  events?: LifecycleEvent[];
  droppedFrames?: number;
}

let counter = 0;

export function conn(spec: ConnectionSpec = {}): Connection {
  const at = spec.at ?? T0;
  const c = newConnection(spec.id ?? `c${++counter}`, spec.url ?? 'wss://chat.example.com/socket', at);
  c.hooked = spec.hooked ?? true;
  c.protocolsRequested = spec.protocols ?? [];
  c.listeners = { close: true, error: true, message: true, ...spec.listeners };
  const open = spec.open === undefined ? 50 : spec.open;
  if (open !== null) {
    c.openedAt = at + open;
    c.protocol = spec.protocol ?? '';
    c.events.push({ kind: 'open', time: at + open, protocol: c.protocol, extensions: '' });
  }
  for (const [offset, direction, data, size] of spec.frames ?? []) {
    const bytes = size ?? new TextEncoder().encode(data).length;
    c.frames.push({ time: at + offset, direction, type: 'text', size: bytes, data, encoding: 'utf8', truncated: false });
    if (direction === 'send') {
      c.stats.framesSent++;
      c.stats.bytesSent += bytes;
    } else {
      c.stats.framesReceived++;
      c.stats.bytesReceived += bytes;
    }
  }
  c.frames.sort((a, b) => a.time - b.time);
  if (spec.closeCall !== undefined) {
    c.closeCalledAt = at + spec.closeCall;
    c.events.push({ kind: 'close-call', time: at + spec.closeCall, code: 1000 });
  }
  if (spec.close) {
    const initiator = spec.close.initiator ?? (spec.closeCall !== undefined ? 'client' : spec.close.code === 1006 ? 'browser' : 'server');
    const wasClean = spec.close.wasClean ?? spec.close.code !== 1006;
    c.closedAt = at + spec.close.at;
    c.close = { code: spec.close.code, reason: spec.close.reason ?? '', wasClean, initiator };
    c.events.push({ kind: 'close', time: c.closedAt, code: spec.close.code, reason: c.close.reason, wasClean, initiator });
  }
  if (spec.handshake) {
    const h = spec.handshake;
    const hs: Handshake = {
      status: h.status === undefined ? (h.error ? null : 101) : h.status,
      requestHeaders: Object.entries(h.request ?? {}).map(([name, value]) => ({ name, value })),
      responseHeaders: Object.entries(h.response ?? {}).map(([name, value]) => ({ name, value })),
      requestedAt: at,
      answeredAt: at + (h.answer ?? 30),
    };
    if (h.statusText !== undefined) hs.statusText = h.statusText;
    if (h.error !== undefined) hs.error = h.error;
    c.handshake = hs;
    if (!c.hooked && h.error && c.closedAt === null) c.closedAt = hs.answeredAt!;
  }
  for (const e of spec.events ?? []) c.events.push(e);
  c.droppedFrames = spec.droppedFrames ?? 0;
  return c;
}

export function session(...connections: Connection[]): Session {
  const s = createSession({ url: 'https://app.example.com/', title: 'App' }, T0 - 1000);
  s.connections = connections;
  s.retainedFrames = connections.reduce((n, c) => n + c.frames.length, 0);
  return s;
}

const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** An unsigned-looking JWT with the given payload (signature is not checked by anyone here). */
export function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
}

/** Seconds since the epoch, for JWT claims. */
export const secs = (ms: number): number => Math.floor(ms / 1000);

/** A series of failed attempts to one URL at the given creation times (each dropped 1006 before opening). */
export function failedAttempts(times: number[], spec: ConnectionSpec = {}): Connection[] {
  return times.map((at) => conn({ ...spec, at, open: null, close: { at: 20, code: 1006 } }));
}


/** Findings of the session (all, or those with the id). */
export function findings(s: Session, id?: FindingId, now?: number): Finding[] {
  const all = diagnose(s, now);
  return id ? all.filter((f) => f.id === id) : all;
}

/** "id:severity" for every finding, in order: a compact summary to compare. */
export function summary(s: Session, now?: number): string[] {
  return diagnose(s, now).map((f) => `${f.id}:${f.severity}`);
}
