/** Reading HTTP headers (names are case-insensitive). */
import type { Connection, Header } from '../shared/model';

export function header(list: readonly Header[] | undefined, name: string): string | undefined {
  if (!list) return undefined;
  const lower = name.toLowerCase();
  for (const h of list) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

export function headers(list: readonly Header[] | undefined, name: string): string[] {
  if (!list) return [];
  const lower = name.toLowerCase();
  return list.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

/** Subprotocols the page asked for: from the hook, else from the handshake request. */
export function requestedProtocols(c: Connection): string[] {
  if (c.protocolsRequested.length > 0) return c.protocolsRequested;
  const raw = headers(c.handshake?.requestHeaders, 'Sec-WebSocket-Protocol').join(',');
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
