/**
 * The HTTP upgrade the page never sees: webRequest (type `websocket`) gives the
 * request headers, the status line and response headers, and network errors.
 *
 * Browser differences live here and only here: Chrome hides Cookie/Authorization
 * unless `extraHeaders` is asked for, and Firefox rejects that option.
 */
import browser from 'webextension-polyfill';
import type { WebRequest } from 'webextension-polyfill';
import type { Header } from '../shared/model';
import type { HandshakeEvent } from '../shared/protocol';

type Emit = (tabId: number, event: HandshakeEvent) => void;

interface Details {
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  timeStamp: number;
  documentId?: string;
}

function chromeExtraHeaders(): boolean {
  const chromeApi = (globalThis as { chrome?: { webRequest?: { OnBeforeSendHeadersOptions?: Record<string, string> } } })
    .chrome;
  return Boolean(chromeApi?.webRequest?.OnBeforeSendHeadersOptions?.EXTRA_HEADERS);
}

function headers(list: WebRequest.HttpHeaders | undefined): Header[] {
  return (list ?? []).map((h) => ({ name: h.name, value: h.value ?? '' }));
}

function base(d: Details, stage: HandshakeEvent['stage']): HandshakeEvent {
  const event: HandshakeEvent = {
    kind: 'handshake',
    requestId: d.requestId,
    stage,
    time: d.timeStamp,
    url: d.url,
    frameId: d.frameId,
  };
  if (d.documentId) event.documentId = d.documentId;
  return event;
}

function statusText(statusLine: string | undefined, status: number): string | undefined {
  if (!statusLine) return undefined;
  // "HTTP/1.1 401 Unauthorized" -> "Unauthorized"
  const match = /^\S+\s+\d{3}\s*(.*)$/.exec(statusLine);
  return match ? match[1] || undefined : String(status);
}

export function watchHandshakes(emit: Emit): void {
  const filter: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };
  const extra = chromeExtraHeaders() ? ['extraHeaders'] : [];
  const send = (d: Details, event: HandshakeEvent): void => {
    if (d.tabId >= 0) emit(d.tabId, event);
  };
  browser.webRequest.onBeforeSendHeaders.addListener(
    (d) => {
      send(d, { ...base(d, 'request'), requestHeaders: headers(d.requestHeaders) });
      return undefined;
    },
    filter,
    ['requestHeaders', ...extra] as WebRequest.OnBeforeSendHeadersOptions[],
  );
  browser.webRequest.onHeadersReceived.addListener(
    (d) => {
      const event: HandshakeEvent = {
        ...base(d, 'response'),
        status: d.statusCode,
        responseHeaders: headers(d.responseHeaders),
      };
      const text = statusText(d.statusLine, d.statusCode);
      if (text !== undefined) event.statusText = text;
      send(d, event);
      return undefined;
    },
    filter,
    ['responseHeaders', ...extra] as WebRequest.OnHeadersReceivedOptions[],
  );
  browser.webRequest.onErrorOccurred.addListener(
    (d) => send(d, { ...base(d, 'error'), error: d.error }),
    filter,
  );
}
