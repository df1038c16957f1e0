/** How a connection ended, as the other diagnostics need to know it. */
import type { Connection } from '../shared/model';
import { isAuthClose } from './close-codes';

/** A connection that lived at least this long after opening counts as having recovered. */
export const STABLE_MS = 10_000;

export function handshakeRejected(c: Connection): boolean {
  const status = c.handshake?.status;
  return status !== undefined && status !== null && status !== 101;
}

export function handshakeFailed(c: Connection): boolean {
  return !!c.handshake?.error && (c.handshake.status === null || c.handshake.status === undefined);
}

/** When the connection ended (close event, or the handshake's failure), or null while it lives. */
export function endedAt(c: Connection): number | null {
  if (c.closedAt !== null) return c.closedAt;
  if (handshakeRejected(c) || handshakeFailed(c)) return c.handshake?.answeredAt ?? c.createdAt;
  return null;
}

/** Ended for a reason other than the page closing it. */
export function failed(c: Connection): boolean {
  if (handshakeRejected(c) || handshakeFailed(c)) return true;
  if (c.close) return c.close.initiator !== 'client';
  return !c.hooked && c.closedAt !== null;
}

/** Refused for an auth-like reason: HTTP 401/403 or an auth-like close code from the other side. */
export function authRejected(c: Connection): boolean {
  const status = c.handshake?.status;
  if (status === 401 || status === 403) return true;
  return !!c.close && c.close.initiator !== 'client' && isAuthClose(c.close.code, c.close.reason);
}

/** "HTTP 401" or "close code 4401": the auth-like refusal, for details. */
export function authRejection(c: Connection): string {
  const status = c.handshake?.status;
  if (status === 401 || status === 403) return `HTTP ${status}`;
  return c.close ? `close code ${c.close.code}` : 'a refusal';
}

/** Opened and stayed open: still open, closed by the page, or lived STABLE_MS. */
export function stayedOpen(c: Connection): boolean {
  if (c.openedAt === null) return false;
  if (c.closedAt === null) return true;
  if (c.close?.initiator === 'client') return true;
  return c.closedAt - c.openedAt >= STABLE_MS;
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
