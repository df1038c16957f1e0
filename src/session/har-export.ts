/**
 * Session → HAR 1.2 with Chrome's WebSocket extension, so the capture opens in Chrome
 * DevTools, HAR viewers and proxies. One entry per connection:
 * `_resourceType: "websocket"`, the handshake as request/response, and the frames as
 * `_webSocketMessages` ({type, time: epoch seconds, opcode 1|2, data}). Redacted the
 * same way as a session file unless `includeSecrets`.
 */
import type { Connection, Header, Session } from '../shared/model';
import type { ExportOptions } from './format';
import { TOOL_NAME } from './format';
import type { Har, HarCookie, HarEntry, HarNameValue, HarWebSocketMessage } from './har-types';
import { redactSession } from './redact';

export const HAR_PAGE_ID = 'page_1';

export function exportHar(session: Session, opts: ExportOptions): Har {
  const s = opts.includeSecrets ? session : redactSession(session).session;
  const started = s.connections.reduce((min, c) => Math.min(min, c.createdAt), s.startedAt || Infinity);
  const log: Har['log'] = {
    version: '1.2',
    creator: { name: TOOL_NAME, version: opts.toolVersion },
    pages: [
      {
        startedDateTime: isoTime(Number.isFinite(started) ? started : opts.now.getTime()),
        id: HAR_PAGE_ID,
        // Browsers write the page URL as the title; the real title is kept beside it.
        title: s.page.url || s.page.title,
        pageTimings: { onContentLoad: -1, onLoad: -1 },
        _wsTriagePage: { url: s.page.url, title: s.page.title },
      },
    ],
    entries: s.connections.map(harEntry),
    comment: opts.includeSecrets
      ? `Exported by WS Triage ${opts.toolVersion} at ${opts.now.toISOString()}, secrets included.`
      : `Exported by WS Triage ${opts.toolVersion} at ${opts.now.toISOString()}, secrets redacted.`,
    _wsTriageRedacted: !opts.includeSecrets,
  };
  return { log };
}

function harEntry(c: Connection): HarEntry {
  const h = c.handshake;
  const requestHeaders = h ? h.requestHeaders.map(nv) : [];
  const responseHeaders = h ? h.responseHeaders.map(nv) : [];
  const status = h && h.status !== null ? h.status : c.openedAt !== null ? 101 : 0;
  const statusText = h?.statusText ?? (status === 101 ? 'Switching Protocols' : '');
  const startedAt = h?.requestedAt ?? c.createdAt;
  const wait = h?.requestedAt !== undefined && h.answeredAt !== undefined ? Math.max(0, h.answeredAt - h.requestedAt) : 0;
  const messages: HarWebSocketMessage[] = new Array<HarWebSocketMessage>(c.frames.length);
  for (let i = 0; i < c.frames.length; i++) {
    const f = c.frames[i]!;
    const m: HarWebSocketMessage = { type: f.direction, time: f.time / 1000, opcode: f.type === 'binary' ? 2 : 1, data: f.data };
    if (f.truncated) {
      m._truncated = true;
      m._size = f.size;
    }
    messages[i] = m;
  }
  // The socket's error events, as Chrome writes them (the importer reads them back), in time order.
  const errors = c.events.filter((e) => e.kind === 'error');
  if (errors.length > 0) {
    for (const e of errors) messages.push({ type: 'error', time: e.time / 1000, opcode: -1, data: '' });
    messages.sort((a, b) => a.time - b.time);
  }
  const entry: HarEntry = {
    pageref: HAR_PAGE_ID,
    startedDateTime: isoTime(startedAt),
    time: wait,
    request: {
      method: 'GET',
      url: c.url,
      httpVersion: 'HTTP/1.1',
      cookies: requestCookies(requestHeaders),
      headers: requestHeaders,
      queryString: queryString(c.url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText,
      httpVersion: status === 0 ? '' : 'HTTP/1.1',
      cookies: responseCookies(responseHeaders),
      headers: responseHeaders,
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: headerValue(responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: -1,
      _error: h?.error ?? null,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
    _resourceType: 'websocket',
    _webSocketMessages: messages,
    _wsTriage: {
      id: c.id,
      ...(c.frameUrl !== undefined ? { frameUrl: c.frameUrl } : {}),
      protocolsRequested: [...c.protocolsRequested],
      protocol: c.protocol,
      extensions: c.extensions,
      createdAt: c.createdAt,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      closeCalledAt: c.closeCalledAt,
      close: c.close ? { ...c.close } : null,
      hooked: c.hooked,
      droppedFrames: c.droppedFrames,
      listeners: { ...c.listeners },
      handshake: h
        ? {
            status: h.status,
            ...(h.statusText !== undefined ? { statusText: h.statusText } : {}),
            ...(h.error !== undefined ? { error: h.error } : {}),
            ...(h.requestedAt !== undefined ? { requestedAt: h.requestedAt } : {}),
            ...(h.answeredAt !== undefined ? { answeredAt: h.answeredAt } : {}),
          }
        : null,
    },
  };
  return entry;
}

function nv(h: Header): HarNameValue {
  return { name: h.name, value: h.value };
}

function headerValue(headers: HarNameValue[], name: string): string | undefined {
  for (const h of headers) if (h.name.toLowerCase() === name) return h.value;
  return undefined;
}

/** An ISO time for any epoch ms (epoch 0 for values that are not a valid date). */
function isoTime(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** HAR `queryString`: the URL's parameters, decoded. */
export function queryString(url: string): HarNameValue[] {
  const hash = url.indexOf('#');
  const noHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = noHash.indexOf('?');
  if (q < 0 || q === noHash.length - 1) return [];
  return noHash
    .slice(q + 1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: safeDecode(p), value: '' } : { name: safeDecode(p.slice(0, eq)), value: safeDecode(p.slice(eq + 1)) };
    });
}

function requestCookies(headers: HarNameValue[]): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'cookie') continue;
    for (const part of h.value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      out.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return out;
}

function responseCookies(headers: HarNameValue[]): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== 'set-cookie') continue;
    for (const line of h.value.split('\n')) {
      const [first = '', ...attrs] = line.split(';');
      const eq = first.indexOf('=');
      if (eq < 0) continue;
      const cookie: HarCookie = { name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim() };
      for (const a of attrs) {
        const [k = '', v = ''] = a.split('=').map((x) => x.trim());
        const key = k.toLowerCase();
        if (key === 'path') cookie.path = v;
        else if (key === 'domain') cookie.domain = v;
        else if (key === 'expires') cookie.expires = v;
        else if (key === 'httponly') cookie.httpOnly = true;
        else if (key === 'secure') cookie.secure = true;
      }
      out.push(cookie);
    }
  }
  return out;
}
