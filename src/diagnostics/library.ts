/** Which client library a connection speaks, from its subprotocol, URL or first messages. */
import type { Connection, Frame } from '../shared/model';
import { header, requestedProtocols } from './headers';

export type Library = 'graphql-ws' | 'subscriptions-transport-ws' | 'socket.io' | 'phoenix' | 'signalr';

/** How many frames from the start to look at for the page's first messages. */
const FIRST_FRAMES_WINDOW = 200;

/** The first `max` text frames the page sent, with their index, looking at most at the first frames. */
export function firstSentTexts(c: Connection, max = 5): { index: number; frame: Frame }[] {
  const out: { index: number; frame: Frame }[] = [];
  if (c.droppedFrames > 0) return out; // the first messages are gone
  const end = Math.min(c.frames.length, FIRST_FRAMES_WINDOW);
  for (let i = 0; i < end && out.length < max; i++) {
    const f = c.frames[i]!;
    if (f.direction === 'send' && f.type === 'text' && f.encoding === 'utf8') out.push({ index: i, frame: f });
  }
  return out;
}

/** The negotiated subprotocol: from the hook's open event, else from the 101 response. */
export function negotiatedProtocol(c: Connection): string {
  if (c.protocol) return c.protocol;
  return header(c.handshake?.responseHeaders, 'Sec-WebSocket-Protocol')?.trim() ?? '';
}

export function detectLibrary(c: Connection): Library | undefined {
  const protocols = [negotiatedProtocol(c), ...requestedProtocols(c)].map((p) => p.toLowerCase());
  if (protocols.includes('graphql-transport-ws')) return 'graphql-ws';
  if (protocols.includes('graphql-ws')) return 'subscriptions-transport-ws';
  let url: URL | undefined;
  try {
    url = new URL(c.url);
  } catch {
    url = undefined;
  }
  if (url) {
    if (url.pathname.includes('/socket.io') || url.searchParams.has('EIO')) return 'socket.io';
    if (/\/websocket\/?$/.test(url.pathname) && url.searchParams.has('vsn')) return 'phoenix';
  }
  for (const { frame } of firstSentTexts(c, 3)) {
    const d = frame.data;
    if (d.endsWith('\u001e') && d.includes('"protocol"')) return 'signalr';
    if (d.includes('"type":"subscribe"')) return 'graphql-ws';
    if (d.includes('"type":"start"')) return 'subscriptions-transport-ws';
  }
  return undefined;
}
