/** Findings about the HTTP upgrade: rejected, failed, or no agreement on a subprotocol. */
import type { Connection } from '../shared/model';
import type { Credential } from './credentials';
import { whereFound } from './credentials';
import { header, requestedProtocols } from './headers';
import { USEFUL_RESPONSE_HEADERS, explainStatus } from './http-status';
import { finding, quote, sentences } from './make';
import { explainNetworkError } from './network-errors';
import { handshakeFailed, handshakeRejected } from './outcome';
import type { Finding } from './types';

const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusLine(status: number, statusText?: string): string {
  const text = statusText && statusText !== String(status) ? statusText : REASON_PHRASES[status];
  return text ? `${status} ${text}` : String(status);
}

export function describeCredentials(credentials: Credential[]): string {
  if (credentials.length === 0) return 'This request carried no credential WS Triage could find (no Authorization header, session cookie, token query parameter or token subprotocol).';
  const names = credentials
    .filter((c) => c.source !== 'first-message')
    .map((c) => `${whereFound(c)}${c.jwt && !c.jwt.malformed ? ' (a JWT)' : ''}`);
  return names.length > 0 ? `This request carried: ${names.join(', ')}.` : '';
}

function rejected(c: Connection, credentials: Credential[]): Finding {
  const h = c.handshake!;
  const status = h.status!;
  const line = statusLine(status, h.statusText);
  const explanation = explainStatus(status);
  const quoted = USEFUL_RESPONSE_HEADERS.map((name) => [name, header(h.responseHeaders, name)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([name, value]) => `${name}: ${quote(value, 200)}`);
  return finding({
    id: 'handshake-rejected',
    severity: 'error',
    title: `Handshake rejected: HTTP ${line}`,
    short: explanation.short,
    detail: sentences(
      `The server answered the upgrade request with HTTP ${line} instead of 101 Switching Protocols, so the socket never opened.`,
      explanation.text,
      quoted.length > 0 && `Response headers: ${quoted.join('; ')}.`,
      (status === 401 || status === 403) && describeCredentials(credentials),
      h.error && `The browser then reported ${h.error}.`,
      'The page itself only sees an error event and close code 1006: the status is visible only here.',
    ),
    connectionIds: [c.id],
    time: h.answeredAt ?? c.createdAt,
  });
}

function failedFinding(c: Connection): Finding {
  const h = c.handshake!;
  const error = h.error!;
  const explanation = explainNetworkError(error);
  const pageClosed = c.closeCalledAt !== null;
  return finding({
    id: 'handshake-failed',
    severity: explanation.aborted ? (pageClosed ? 'info' : 'warning') : 'error',
    title: `Handshake failed: ${error}`,
    short: explanation.short,
    detail: sentences(
      `The upgrade request failed before any HTTP answer (${error}).`,
      explanation.text,
      explanation.aborted && pageClosed && 'The page called close() on this socket, so this is expected.',
      !explanation.aborted && 'The page only sees an error event and close code 1006.',
      error === 'net::ERR_FAILED' &&
        requestedProtocols(c).length > 0 &&
        `The page asked for the subprotocols ${requestedProtocols(c).map((p) => quote(p, 40)).join(', ')}: Chrome also fails a 101 answer that does not confirm one of them with net::ERR_FAILED, and extensions never see that 101. Check that the server echoes one of the requested subprotocols in Sec-WebSocket-Protocol.`,
    ),
    connectionIds: [c.id],
    time: h.answeredAt ?? c.createdAt,
  });
}

function mismatch(c: Connection): Finding | null {
  const requested = requestedProtocols(c);
  if (requested.length === 0) return null;
  const list = requested.map((p) => quote(p, 40)).join(', ');
  const opened = c.hooked && c.openedAt !== null;
  if (opened) {
    const negotiated = c.protocol;
    if (negotiated !== '' && requested.includes(negotiated)) return null;
    return finding({
      id: 'subprotocol-mismatch',
      severity: negotiated === '' ? 'warning' : 'error',
      title: negotiated === '' ? 'No subprotocol agreed' : `Unexpected subprotocol "${negotiated}"`,
      short: negotiated === '' ? 'the server picked none of the requested subprotocols' : 'the server picked a subprotocol the page did not ask for',
      detail: sentences(
        `The page asked for the subprotocols ${list}`,
        negotiated === ''
          ? 'but the server agreed to none (empty protocol). The server may now speak a default protocol the page does not expect; messages may be ignored or misread. Make the server answer with one of the requested subprotocols (Chrome fails such a connection outright; Firefox lets it open, against RFC 6455 §4.1).'
          : `but the server answered "${negotiated}", which it did not ask for. Browsers must fail such a connection.`,
      ),
      connectionIds: [c.id],
      time: c.openedAt,
    });
  }
  const h = c.handshake;
  if (!h || h.status !== 101) return null;
  const answered = header(h.responseHeaders, 'Sec-WebSocket-Protocol')?.trim() ?? '';
  if (answered !== '' && requested.includes(answered)) return null;
  return finding({
    id: 'subprotocol-mismatch',
    severity: 'error',
    title: answered === '' ? 'Subprotocol missing from the handshake answer' : `Unexpected subprotocol "${answered}"`,
    short: answered === '' ? 'the server did not confirm a subprotocol' : 'the server picked a subprotocol the page did not ask for',
    detail: sentences(
      `The page asked for the subprotocols ${list}.`,
      answered === ''
        ? 'The server accepted the upgrade (101) without a Sec-WebSocket-Protocol header, and Chrome fails such a connection ("Sent non-empty \'Sec-WebSocket-Protocol\' header but no response was received"). Make the server echo one of the requested subprotocols, or stop requesting one.'
        : `The server answered "${answered}", which the page did not ask for; browsers fail the connection.`,
      'A server that reads a token from Sec-WebSocket-Protocol must still echo one entry back.',
    ),
    connectionIds: [c.id],
    time: h.answeredAt ?? c.createdAt,
  });
}

export function handshakeFindings(c: Connection, credentials: Credential[]): Finding[] {
  const out: Finding[] = [];
  if (handshakeRejected(c)) out.push(rejected(c, credentials));
  else if (handshakeFailed(c)) out.push(failedFinding(c));
  const m = mismatch(c);
  if (m) out.push(m);
  return out;
}
