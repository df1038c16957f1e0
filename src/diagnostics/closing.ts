/** Why a connection closed: its close code, an abnormal closure, a message too big. */
import type { Connection } from '../shared/model';
import type { CloseCodeInfo } from './close-codes';
import { describeCloseCode, isAuthClose } from './close-codes';
import { humanDuration } from './duration';
import type { Library } from './library';
import { finding, quote, sentences } from './make';
import { handshakeFailed, handshakeRejected } from './outcome';
import { humanBytes, statedLimit } from './size';
import type { Finding, FrameRef, Severity } from './types';

const INITIATOR: Record<string, string> = {
  client: 'the page (it called close())',
  server: 'the server',
  browser: 'the browser (no Close frame was received)',
  unknown: 'an unknown side',
};

export function closeInfo(c: Connection, library: Library | undefined): CloseCodeInfo {
  return describeCloseCode(c.close!.code, { protocol: c.protocol, ...(library ? { library } : {}) });
}

/** Which other finding is the error for a 1006: a handshake (or subprotocol) finding, or abnormal-closure. */
type ExplainedBy = 'handshake' | 'abnormal' | null;

function closeSeverity(c: Connection, info: CloseCodeInfo, explained: ExplainedBy): Severity {
  const { code, initiator } = c.close!;
  // A 1006 another finding explains (a failed handshake, or abnormal-closure with its checklist):
  // that finding is the error, the code is its consequence (counting it again doubles the errors).
  if (explained) return 'info';
  if (code === 1006) {
    if (initiator === 'client') return c.openedAt === null ? 'info' : 'warning';
    return 'error';
  }
  if (initiator === 'client') return 'info'; // the page chose the code
  if (code === 1000 || code === 1001 || code === 1005) return 'info';
  if (code === 1012 || code === 1013) return 'warning';
  if (info.range === 'standard' || info.range === 'reserved' || info.range === 'invalid') return 'error';
  if (isAuthClose(code, c.close!.reason)) return 'error';
  if (info.library && code !== 4499) return 'error';
  return 'warning';
}

/**
 * The meaning's first clause as a row's short text: cut at the end of a sentence or clause (a
 * mark followed by a space, so "e.g." and "v1.2" stay whole), and lower-cased only where the word
 * is an ordinary one ("The TLS handshake…" → "the TLS handshake…"; "WebSocket", "TLS" stay).
 */
export function firstClause(meaning: string): string {
  const clauses = meaning.split(/[.;:](?=\s|$)/).map((s) => s.trim());
  // "graphql-ws: the server failed…": the library's name is a prefix, not the clause.
  const clause = (clauses.length > 1 && !clauses[0]!.includes(' ') ? clauses[1] : clauses[0])!;
  const open = clause.lastIndexOf('(');
  const whole = open > clause.lastIndexOf(')') ? clause.slice(0, open).trim() : clause;
  return /^[A-Z][a-z]/.test(whole) ? whole[0]!.toLowerCase() + whole.slice(1) : whole;
}

function closeTitle(info: CloseCodeInfo): string {
  return `${info.code} ${info.range === 'private' && !info.library ? 'Private (application-defined)' : info.name}`;
}

function closeCodeFinding(c: Connection, info: CloseCodeInfo, explained: ExplainedBy): Finding {
  const close = c.close!;
  const code = close.code;
  const severity = closeSeverity(c, info, explained);
  const lived = c.openedAt !== null && c.closedAt !== null ? humanDuration(c.closedAt - c.openedAt) : null;
  return finding({
    id: 'close-code',
    severity,
    title: closeTitle(info),
    short: close.reason ? `reason ${quote(close.reason, 60)}` : firstClause(info.meaning),
    detail: sentences(
      `Closed by ${INITIATOR[close.initiator] ?? close.initiator} with code ${code}`,
      close.reason ? `and reason ${quote(close.reason)},` : 'and no reason,',
      close.wasClean ? 'cleanly (the closing handshake completed).' : 'without a clean closing handshake.',
      lived ? `It had been open for ${lived}.` : 'It never opened.',
      info.meaning,
      explained === 'handshake'
        ? 'Here the cause is known: see the handshake finding for this connection.'
        : explained === 'abnormal'
          ? `What is known of the failure, and what to check: see "${abnormalTitle(c)}".`
          : info.causes.length > 0 && severity !== 'info' && `Typical causes: ${info.causes.join('; ')}.`,
      !info.onWire && info.range === 'standard' && 'This code is never sent on the wire: the browser reports it.',
      info.library && `Named by the ${info.library} convention for private codes.`,
      close.initiator === 'client' && code !== 1000 && 'The page chose this code itself.',
    ),
    connectionIds: [c.id],
    time: c.closedAt,
  });
}

function lastFrameBefore(c: Connection): number | null {
  const last = c.frames[c.frames.length - 1];
  return last ? last.time : null;
}

function abnormalTitle(c: Connection): string {
  return c.openedAt !== null ? '1006: dropped without a Close frame' : '1006: failed before opening';
}

function abnormal(c: Connection, idleExplained: boolean): Finding {
  const opened = c.openedAt !== null;
  const closedAt = c.closedAt ?? c.createdAt;
  const lastActivity = Math.max(lastFrameBefore(c) ?? -Infinity, c.openedAt ?? -Infinity);
  const silence = opened ? closedAt - lastActivity : null;
  const checklist = opened
    ? [
        `a proxy or load balancer idle timeout${silence !== null ? ` (nothing was exchanged for ${humanDuration(silence)} before the drop)` : ''}`,
        'the server process crashed, was redeployed or was killed (check its logs at that moment)',
        'a network change: Wi-Fi switch, VPN reconnect, mobile hand-over',
        'the computer slept or the tab was suspended (background tab freezing, memory saver)',
        'the server closing the TCP connection without a Close frame (e.g. terminate() instead of close())',
        'a TLS or middlebox problem (antivirus, corporate proxy) cutting long-lived connections',
      ]
    : [
        !c.handshake
          ? 'the handshake was not captured (no webRequest data), so check the Network panel (WS filter) for its status'
          : 'the server accepted the upgrade but the browser refused the answer: check Sec-WebSocket-Accept, Sec-WebSocket-Protocol and Sec-WebSocket-Extensions in the response',
        'connection refused, DNS or TLS failure',
        'an HTTP error answer (401, 403, 404, 502...) instead of 101',
        'a proxy that does not support WebSockets',
      ];
  return finding({
    id: 'abnormal-closure',
    severity: 'error',
    // Not the code's name again (the close-code finding has it): what is known of the failure.
    title: abnormalTitle(c),
    short: opened ? 'check proxy idle timeouts, server restarts and network changes' : 'check DNS, TLS, proxies and the handshake answer',
    detail: sentences(
      opened
        ? `The connection dropped after ${humanDuration(closedAt - c.openedAt!)} without a Close frame, and nothing else here explains it.`
        : 'The connection failed before opening, and no handshake answer or network error explains it.',
      `Check, in order: ${checklist.map((item, i) => `(${i + 1}) ${item}`).join('; ')}.`,
      idleExplained && 'The silence before the drop matches an idle timeout (see that finding).',
    ),
    connectionIds: [c.id],
    time: closedAt,
  });
}

function largestSent(c: Connection, above = -1): FrameRef[] {
  let best = -1;
  let bestSize = above;
  const over: FrameRef[] = [];
  for (let i = 0; i < c.frames.length; i++) {
    const f = c.frames[i]!;
    if (f.direction !== 'send') continue;
    if (above >= 0 && f.size > above) over.push({ connectionId: c.id, index: i });
    if (f.size > bestSize) {
      best = i;
      bestSize = f.size;
    }
  }
  if (above >= 0) return over;
  return best >= 0 ? [{ connectionId: c.id, index: best }] : [];
}

function tooBig(c: Connection): Finding | null {
  const close = c.close!;
  const limit = close.reason ? statedLimit(close.reason) : null;
  const is1009 = close.code === 1009;
  const over = limit !== null ? largestSent(c, limit) : [];
  if (!is1009 && over.length === 0) return null;
  const frames = over.length > 0 ? over : largestSent(c);
  const biggest = frames.reduce((max, r) => Math.max(max, c.frames[r.index]!.size), 0);
  return finding({
    id: 'message-too-big',
    severity: 'error',
    title: 'Message too big',
    short: limit !== null ? `a message exceeded the ${humanBytes(limit)} limit` : 'a message exceeded the server limit',
    detail: sentences(
      is1009 ? `The connection was closed with 1009 Message Too Big${close.reason ? ` (${quote(close.reason)})` : ''}.` : `The server closed the connection saying ${quote(close.reason)}.`,
      limit !== null && `The stated limit is ${humanBytes(limit)} (${limit} bytes).`,
      over.length > 0
        ? `${over.length === 1 ? 'One message' : `${over.length} messages`} the page sent exceeded it (largest ${humanBytes(biggest)}).`
        : frames.length > 0
          ? `The largest message the page sent was ${humanBytes(biggest)}.`
          : 'The oversized message is not among the retained frames.',
      'Split large payloads into chunks, compress them, or raise the server\'s maximum message size (and any proxy buffer limit).',
    ),
    connectionIds: [c.id],
    frames,
    time: c.closedAt,
  });
}

/**
 * Close findings for one connection. `idleExplained` says whether an idle-timeout
 * finding covers this connection; `betterExplained` whether a handshake or subprotocol
 * finding already explains a 1006.
 */
export function closeFindings(
  c: Connection,
  library: Library | undefined,
  betterExplained: boolean,
  idleExplained: boolean,
): Finding[] {
  if (!c.close) return [];
  const info = closeInfo(c, library);
  const explained = betterExplained || handshakeRejected(c) || handshakeFailed(c);
  const isAbnormal = c.close.code === 1006 && c.close.initiator !== 'client' && !explained;
  const out = [closeCodeFinding(c, info, explained && c.openedAt === null ? 'handshake' : isAbnormal ? 'abnormal' : null)];
  if (isAbnormal) out.push(abnormal(c, idleExplained));
  const big = tooBig(c);
  if (big) out.push(big);
  return out;
}
