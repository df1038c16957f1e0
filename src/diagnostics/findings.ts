/**
 * The entry point: every finding for a session, sorted error, warning, info, then by
 * time. Pure: reads the session, never changes it. Results are cached per session
 * until the session changes (the panel asks once per connection row).
 */
import type { Connection, Session } from '../shared/model';
import { authFindings } from './auth';
import { describeGroup, groupByEndpoint } from './cadence';
import { closeFindings } from './closing';
import type { Credential } from './credentials';
import { findCredentials } from './credentials';
import { handshakeFindings } from './handshake';
import { idleFindings } from './idle';
import { detectLibrary } from './library';
import { finding, shortCause } from './make';
import { misuseFindings } from './misuse';
import { retryFindings } from './retry';
import type { Finding, FindingId, Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Which finding best explains a connection, among findings of the same severity. */
const PRIORITY: FindingId[] = [
  'handshake-rejected',
  'handshake-failed',
  'subprotocol-mismatch',
  'jwt-expired',
  'jwt-not-yet-valid',
  'futile-retry',
  'auth-missing',
  'message-too-big',
  'idle-timeout',
  'reconnect-storm',
  'close-code',
  'abnormal-closure',
  'no-backoff',
  'jwt-malformed',
  'jwt-expiring',
  'insecure-transport',
  'no-close-handler',
  'invalid-close-call',
  'send-before-open',
  'send-after-close',
];

/** Findings that say why, used for the cause of a connection's one-line diagnosis. */
const EXPLANATORY = new Set<FindingId>([
  'handshake-rejected',
  'handshake-failed',
  'subprotocol-mismatch',
  'jwt-expired',
  'jwt-not-yet-valid',
  'futile-retry',
  'auth-missing',
  'message-too-big',
  'idle-timeout',
]);

function compare(a: Finding, b: Finding): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.time ?? Infinity) - (b.time ?? Infinity);
}

/** Per-connection findings that retries repeat word for word (a storm of 1006s, a futile 401 loop). */
const MERGED = new Set<FindingId>(['close-code', 'abnormal-closure', 'handshake-rejected', 'handshake-failed']);

/**
 * One finding for the same thing happening to several connections of one endpoint: same id,
 * severity, title and cause, with every connection that proves it. Five failed reconnects are
 * one "1006" finding naming five connections, not five, so the findings that tell them apart
 * (the storm, the futile retry) are not drowned. Each connection still gets the finding
 * (its one-line diagnosis does not change).
 */
function mergeRepeats(list: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: (Finding | Finding[])[] = [];
  for (const f of list) {
    if (!MERGED.has(f.id) || f.frames) {
      out.push(f);
      continue;
    }
    const key = `${f.id}\0${f.severity}\0${f.title}\0${shortCause(f)}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out.map((item) => {
    if (!Array.isArray(item)) return item;
    const first = item[0]!;
    if (item.length === 1) return first;
    const ids = [...new Set(item.flatMap((f) => f.connectionIds))];
    // Not Math.min(...times): a long retry loop could pass more arguments than a call takes.
    const time = item.reduce<number | undefined>((min, f) => (f.time !== undefined && (min === undefined || f.time < min) ? f.time : min), undefined);
    return finding({
      id: first.id,
      severity: first.severity,
      title: first.title,
      short: shortCause(first),
      detail: `This happened to ${ids.length} connections to this endpoint. The first: ${first.detail}`,
      connectionIds: ids,
      time,
    });
  });
}

function analyse(session: Session, now: number): Finding[] {
  const credentials = new Map<Connection, Credential[]>();
  const credentialsOf = (c: Connection): Credential[] => {
    let list = credentials.get(c);
    if (!list) {
      list = findCredentials(c);
      credentials.set(c, list);
    }
    return list;
  };
  const out: Finding[] = [];
  for (const { key, connections } of groupByEndpoint(session)) {
    const idle = idleFindings(connections);
    const idleIds = new Set(idle.filter((f) => f.severity !== 'info').flatMap((f) => f.connectionIds));
    const perConnection: Finding[] = [];
    for (const c of connections) {
      const handshake = handshakeFindings(c, credentialsOf(c));
      const explained = handshake.some((f) => f.id !== 'subprotocol-mismatch' || c.openedAt === null);
      perConnection.push(...handshake, ...closeFindings(c, detectLibrary(c), explained, idleIds.has(c.id)), ...misuseFindings(c));
    }
    out.push(...mergeRepeats(perConnection));
    out.push(...idle, ...authFindings(connections, credentialsOf, now));
    out.push(...retryFindings(connections, describeGroup(key, connections), credentialsOf));
  }
  // Array.prototype.sort is stable: equal findings keep the order they were made in.
  return out.sort(compare);
}

interface CacheEntry {
  print: number;
  findings: Finding[];
  byConnection: Map<string, Finding[]>;
}

const cache = new WeakMap<Session, CacheEntry>();

/**
 * A hash of everything diagnostics read that can change (sessions are mutated in place),
 * and the latest moment the session knows of. One cheap pass: the panel asks once per row.
 */
function scan(session: Session): { print: number; latest: number } {
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h = Math.imul(h ^ (v | 0), 0x01000193);
    h = Math.imul(h ^ ((v / 0x100000000) | 0), 0x01000193);
  };
  mix(session.connections.length);
  let latest = session.startedAt;
  for (const c of session.connections) {
    const hs = c.handshake;
    // Events record open, close() calls and close; frames and headers only grow.
    let shape =
      c.events.length +
      c.frames.length * 7 +
      c.droppedFrames * 13 +
      c.protocolsRequested.length * 17 +
      (c.hooked ? 19 : 0) +
      (c.listeners.close ? 23 : 0) +
      c.id.length * 29 +
      c.url.length * 31 +
      c.protocol.length * 37 +
      (c.close ? c.close.code * 41 + c.close.initiator.length : 0);
    if (hs) shape += 43 + (hs.status ?? 1) * 47 + hs.requestHeaders.length * 53 + hs.responseHeaders.length * 59 + (hs.error?.length ?? 0) * 61;
    mix(shape);
    mix(c.createdAt);
    mix((c.openedAt ?? -1) + (c.closedAt ?? -2) * 3 + (c.closeCalledAt ?? -3) * 5);
    latest = Math.max(latest, c.createdAt, c.openedAt ?? latest, c.closedAt ?? latest, hs?.answeredAt ?? latest);
    const lastFrame = c.frames[c.frames.length - 1];
    if (lastFrame !== undefined && lastFrame.time > latest) latest = lastFrame.time;
    const lastEvent = c.events[c.events.length - 1];
    if (lastEvent !== undefined && lastEvent.time > latest) latest = lastEvent.time;
  }
  return { print: h, latest };
}

function cached(session: Session, now?: number): CacheEntry {
  const { print: base, latest } = scan(session);
  const t = now ?? latest;
  const print = Math.imul(base ^ (t | 0), 0x01000193) ^ ((t / 0x100000000) | 0);
  const hit = cache.get(session);
  if (hit && hit.print === print) return hit;
  const findings = analyse(session, t);
  const byConnection = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const id of new Set(f.connectionIds)) {
      const list = byConnection.get(id);
      if (list) list.push(f);
      else byConnection.set(id, [f]);
    }
  }
  const entry = { print, findings, byConnection };
  cache.set(session, entry);
  return entry;
}

/** Every finding for the session. `now` (epoch ms) defaults to the latest moment the session knows of. */
export function diagnose(session: Session, now?: number): Finding[] {
  return [...cached(session, now).findings];
}

/** The findings that reference this connection. */
export function diagnoseConnection(session: Session, c: Connection): Finding[] {
  return [...(cached(session).byConnection.get(c.id) ?? [])];
}

/** The least a finding needs for a one-line diagnosis: also fits findings read back from a session file. */
export interface FindingSummary {
  id: string;
  severity: Severity;
  title: string;
  connectionIds: string[];
}

function rank(f: FindingSummary): [number, number] {
  const p = PRIORITY.indexOf(f.id as FindingId);
  return [SEVERITY_RANK[f.severity], p === -1 ? PRIORITY.length : p];
}

/** The one line for a connection from the findings that name it (any order), or null when none is a warning or error. */
function diagnosisLine(list: readonly FindingSummary[]): string | null {
  const findings = list.filter((f) => f.severity !== 'info');
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => {
    const [sa, pa] = rank(a);
    const [sb, pb] = rank(b);
    return sa - sb || pa - pb;
  });
  const top = sorted[0]!;
  const cause = EXPLANATORY.has(top.id as FindingId) ? top : (sorted.find((f) => EXPLANATORY.has(f.id as FindingId)) ?? top);
  const short = shortCause(cause as Finding);
  // Not "Refused, and no credential was sent — no credential was sent".
  return short && !top.title.toLowerCase().includes(short.toLowerCase()) ? `${top.title} — ${short}` : top.title;
}

/** "Handshake rejected: HTTP 401 Unauthorized — the server requires authentication", or null when healthy. */
export function connectionDiagnosis(session: Session, c: Connection): string | null {
  return diagnosisLine(diagnoseConnection(session, c));
}

/**
 * Every connection's one-line diagnosis from one list of findings (as `diagnose` returns, or
 * as a session file holds): the same text as `connectionDiagnosis`, in one pass, for a
 * table of many rows. Connections without a warning or error are left out.
 */
export function connectionDiagnoses<F extends FindingSummary>(
  findings: readonly F[],
): Map<string, { text: string; severity: Severity; finding: F }> {
  const byConnection = new Map<string, F[]>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    for (const id of new Set(f.connectionIds)) {
      const list = byConnection.get(id);
      if (list) list.push(f);
      else byConnection.set(id, [f]);
    }
  }
  const out = new Map<string, { text: string; severity: Severity; finding: F }>();
  for (const [id, list] of byConnection) {
    const text = diagnosisLine(list);
    if (text === null) continue;
    const top = [...list].sort((a, b) => {
      const [sa, pa] = rank(a);
      const [sb, pb] = rank(b);
      return sa - sb || pa - pb;
    })[0]!;
    out.set(id, { text, severity: top.severity, finding: top });
  }
  return out;
}
