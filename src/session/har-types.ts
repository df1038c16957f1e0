/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as far as WS Triage writes
 * and reads it, with Chrome's WebSocket extension (`_resourceType: "websocket"`,
 * `_webSocketMessages`) and WS Triage's own `_wsTriage` fields.
 */
import type { CloseInfo } from '../shared/model';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  expires?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

/** One WebSocket message in Chrome's HAR extension. `time` is epoch seconds. */
export interface HarWebSocketMessage {
  /** `error`: the socket's error event (Chrome writes its error rows with opcode -1). */
  type: 'send' | 'receive' | 'error';
  time: number;
  /** 1 text, 2 binary (base64 data), -1 for an error row. */
  opcode: number;
  data: string;
  /** WS Triage: the payload was cut; `_size` is the full size in bytes. */
  _truncated?: boolean;
  _size?: number;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  headersSize: number;
  bodySize: number;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarCookie[];
  headers: HarNameValue[];
  content: { size: number; mimeType: string; text?: string };
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  /** Chrome: the network error of a failed request. */
  _error?: string | null;
}

export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  ssl?: number;
  send: number;
  wait: number;
  receive: number;
}

/** What HAR cannot say about a WebSocket, for a lossless re-import into WS Triage. */
export interface HarWsTriageConnection {
  id: string;
  frameUrl?: string;
  protocolsRequested: string[];
  protocol: string;
  extensions: string;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  closeCalledAt: number | null;
  close: CloseInfo | null;
  hooked: boolean;
  droppedFrames: number;
  listeners: { close: boolean; error: boolean; message: boolean };
  /** The handshake as recorded, headers aside (they are in request/response); null when none was seen. */
  handshake: null | {
    status: number | null;
    statusText?: string;
    error?: string;
    requestedAt?: number;
    answeredAt?: number;
  };
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  _resourceType?: string;
  _webSocketMessages?: HarWebSocketMessage[];
  _wsTriage?: HarWsTriageConnection;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad?: number; onLoad?: number };
  /** WS Triage: the page's URL and title (HAR's `title` holds the URL, as browsers write it). */
  _wsTriagePage?: { url: string; title: string };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string; comment?: string };
    pages: HarPage[];
    entries: HarEntry[];
    comment?: string;
    /** WS Triage: true when secrets were redacted on export. */
    _wsTriageRedacted?: boolean;
  };
}
