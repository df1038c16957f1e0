/**
 * Every WebSocket close code: RFC 6455 §7.4 and the IANA WebSocket Close Code Number
 * Registry, plus the private-range conventions of libraries we can identify.
 */

export type CloseCodeRange = 'standard' | 'reserved' | 'invalid' | 'registered' | 'private';

export interface CloseCodeInfo {
  code: number;
  name: string;
  meaning: string;
  causes: string[];
  /** False for codes an endpoint must not (or cannot) put in a Close frame: the browser synthesizes them. */
  onWire: boolean;
  range: CloseCodeRange;
  /** The library whose convention names this code, when it is a library convention. */
  library?: string;
}

interface Entry {
  name: string;
  meaning: string;
  causes: string[];
  onWire?: boolean;
}

const STANDARD: Record<number, Entry> = {
  1000: {
    name: 'Normal Closure',
    meaning: 'The connection did what it was opened for and was closed on purpose.',
    causes: ['the page or the server called close() when done', 'logout, or the component owning the socket was unmounted'],
  },
  1001: {
    name: 'Going Away',
    meaning: 'An endpoint is going away: a server shutting down, or a browser leaving the page.',
    causes: [
      'the tab was closed or navigated away (the browser sends 1001)',
      'the server or a proxy in front of it is shutting down or redeploying',
    ],
  },
  1002: {
    name: 'Protocol Error',
    meaning: 'An endpoint received something that breaks the WebSocket protocol.',
    causes: [
      'a malformed or unmasked frame, or a bad opcode',
      'a broken permessage-deflate implementation',
      'a proxy rewriting or corrupting frames',
      'a forbidden close code received',
    ],
  },
  1003: {
    name: 'Unsupported Data',
    meaning: 'An endpoint received a type of data it cannot accept.',
    causes: ['binary sent to a text-only endpoint, or text to a binary-only one'],
  },
  1004: {
    name: 'Reserved',
    meaning: 'Reserved by RFC 6455 with no meaning; no endpoint should send it.',
    causes: ['a server bug'],
    onWire: false,
  },
  1005: {
    name: 'No Status Received',
    meaning: 'The closing handshake happened, but the Close frame carried no status code. The browser reports 1005; it is never on the wire.',
    causes: ['the server closed cleanly without giving a code (e.g. close() with no arguments)'],
    onWire: false,
  },
  1006: {
    name: 'Abnormal Closure',
    meaning:
      'The connection ended without a closing handshake: the TCP connection dropped or was never upgraded. The browser reports 1006; it is never on the wire.',
    causes: [
      'the handshake failed (connection refused, DNS, TLS, or an HTTP error instead of 101)',
      'a proxy or load balancer idle timeout',
      'the server process crashed or was killed',
      'a network change, Wi-Fi loss or VPN reconnect',
      'the computer slept or the tab was frozen',
      'the server closed the TCP connection without a Close frame',
    ],
    onWire: false,
  },
  1007: {
    name: 'Invalid Frame Payload Data',
    meaning: 'An endpoint received data inconsistent with the message type, such as invalid UTF-8 in a text message.',
    causes: ['bytes sent as a text message that are not valid UTF-8', 'a string cut in the middle of a multi-byte character'],
  },
  1008: {
    name: 'Policy Violation',
    meaning: 'An endpoint received a message that violates its policy; the generic code for refusals, often authentication.',
    causes: ['missing, invalid or expired credentials', 'Origin not allowed', 'rate limit or abuse protection', 'a message the server forbids'],
  },
  1009: {
    name: 'Message Too Big',
    meaning: 'An endpoint received a message too big for it to process.',
    causes: ['a message above the server\'s maximum payload size', 'a frame size limit in a proxy'],
  },
  1010: {
    name: 'Mandatory Extension',
    meaning: 'The client needed an extension the server did not negotiate.',
    causes: ['a non-browser client requiring permessage-deflate or another extension'],
  },
  1011: {
    name: 'Internal Error',
    meaning: 'The server hit an unexpected condition and gave up on the connection.',
    causes: ['an exception in the server\'s message handler', 'a failed dependency (database, upstream service)'],
  },
  1012: {
    name: 'Service Restart',
    meaning: 'The server is restarting; reconnecting after a short delay should work.',
    causes: ['a deployment or restart of the server'],
  },
  1013: {
    name: 'Try Again Later',
    meaning: 'The server is temporarily overloaded or unable to serve; reconnect later, with backoff.',
    causes: ['server overload', 'a connection limit reached'],
  },
  1014: {
    name: 'Bad Gateway',
    meaning: 'A gateway or proxy got an invalid response from the server behind it.',
    causes: ['the upstream server behind a proxy failed or answered garbage'],
  },
  1015: {
    name: 'TLS Handshake',
    meaning: 'The TLS handshake failed (e.g. the certificate could not be verified). The browser reports 1015; it is never on the wire.',
    causes: ['an untrusted, expired or mismatched certificate', 'TLS version or cipher mismatch'],
    onWire: false,
  },
};

/** IANA WebSocket Close Code Number Registry, 3000–3999. */
const REGISTERED: Record<number, Entry> = {
  3000: {
    name: 'Unauthorized',
    meaning: 'The server requires authentication and the connection did not provide valid credentials (IANA registry).',
    causes: ['missing, invalid or expired credentials'],
  },
  3001: { name: 'Reserved', meaning: 'Reserved in the IANA registry.', causes: [] },
  3002: { name: 'Reserved', meaning: 'Reserved in the IANA registry.', causes: [] },
  3003: {
    name: 'Forbidden',
    meaning: 'The credentials were understood but do not allow this (IANA registry).',
    causes: ['the user lacks permission for this resource', 'Origin or tenant not allowed'],
  },
  3008: {
    name: 'Timeout',
    meaning: 'The server timed out waiting for something, typically a message or a heartbeat (IANA registry).',
    causes: ['no authentication or heartbeat message sent in time', 'the connection was idle too long'],
  },
};

/** graphql-ws (`graphql-transport-ws` subprotocol), from its PROTOCOL.md and CloseCode enum. */
const GRAPHQL_WS: Record<number, Entry> = {
  4400: {
    name: 'Bad Request',
    meaning: 'graphql-ws: the server received a message it could not parse or that breaks the protocol.',
    causes: ['an invalid message', 'a subscribe message without a unique id'],
  },
  4401: {
    name: 'Unauthorized',
    meaning: 'graphql-ws: an operation was sent before the server acknowledged the connection (connection_ack), usually because connection_init was refused or slow.',
    causes: ['subscribe sent before connection_ack', 'the connection_init payload was rejected'],
  },
  4403: {
    name: 'Forbidden',
    meaning: 'graphql-ws: the server refused the connection in its onConnect handler, typically an authentication or permission failure.',
    causes: ['missing, invalid or expired token in the connection_init payload'],
  },
  4406: {
    name: 'Subprotocol not acceptable',
    meaning: 'graphql-ws: the client did not ask for the graphql-transport-ws subprotocol.',
    causes: ['a client speaking the legacy subscriptions-transport-ws protocol (graphql-ws subprotocol)'],
  },
  4408: {
    name: 'Connection initialisation timeout',
    meaning: 'graphql-ws: the client did not send connection_init within the server\'s connectionInitWaitTimeout.',
    causes: ['the client waited for a token before sending connection_init', 'a slow or blocked connectionParams function'],
  },
  4409: {
    name: 'Subscriber already exists',
    meaning: 'graphql-ws: a subscribe message reused the id of an operation still running.',
    causes: ['a client bug reusing operation ids'],
  },
  4429: {
    name: 'Too many initialisation requests',
    meaning: 'graphql-ws: the client sent connection_init more than once.',
    causes: ['a client bug sending connection_init twice'],
  },
  4499: {
    name: 'Terminated',
    meaning: 'graphql-ws: the client called terminate(); the close is synthesized by the client library.',
    causes: ['client.terminate() called by the page'],
  },
  4500: {
    name: 'Internal Server Error',
    meaning: 'graphql-ws: the server failed while handling the connection.',
    causes: ['an exception in the server (e.g. in onConnect or context creation)'],
  },
  4504: {
    name: 'Connection acknowledgement timeout',
    meaning: 'graphql-ws: the client gave up waiting for connection_ack.',
    causes: ['the server never acknowledged connection_init'],
  },
  4004: {
    name: 'Bad Response',
    meaning: 'graphql-ws: the client received a message from the server that breaks the protocol.',
    causes: ['a server speaking a different protocol version'],
  },
  4005: {
    name: 'Internal Client Error',
    meaning: 'graphql-ws: the client library failed (e.g. connectionParams threw).',
    causes: ['an exception in the client\'s connectionParams or event handlers'],
  },
};

const LIBRARY_CODES: Record<string, Record<number, Entry>> = {
  'graphql-ws': GRAPHQL_WS,
};

/** Subprotocols that identify a library with known close code conventions. */
const PROTOCOL_LIBRARY: Record<string, string> = {
  'graphql-transport-ws': 'graphql-ws',
};

/** Close codes that mean "who are you" or "not you": used by auth findings. */
export const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 3000, 3003, 4001, 4003, 4401, 4403]);

/**
 * Of those, the ones servers also use for other refusals (1008 Policy Violation for rate limits,
 * 4001/4003 for "room full"): they mean auth only with an empty reason or one that speaks of it.
 */
const AMBIGUOUS_AUTH_CODES: ReadonlySet<number> = new Set([1008, 4001, 4003]);
const AUTH_REASON = /auth|token|jwt|log ?in|sign ?in|credential|expired|forbidden|unauthori[sz]ed|permission|denied|session|not allowed|access/i;

/** Whether a close (its code and reason) is an authentication refusal. */
export function isAuthClose(code: number, reason: string): boolean {
  if (!AUTH_CLOSE_CODES.has(code)) return false;
  return !AMBIGUOUS_AUTH_CODES.has(code) || reason.trim() === '' || AUTH_REASON.test(reason);
}

export function libraryForProtocol(protocol: string | undefined): string | undefined {
  return protocol ? PROTOCOL_LIBRARY[protocol.toLowerCase()] : undefined;
}

function rangeOf(code: number): CloseCodeRange {
  if (!Number.isInteger(code) || code < 1000 || code > 4999) return 'invalid';
  if (code <= 1015) return code === 1004 ? 'reserved' : 'standard';
  if (code <= 2999) return 'reserved';
  if (code <= 3999) return 'registered';
  return 'private';
}

export function describeCloseCode(code: number, context?: { protocol?: string; library?: string }): CloseCodeInfo {
  const range = rangeOf(code);
  const library = context?.library ?? libraryForProtocol(context?.protocol);
  const libraryEntry = library !== undefined ? LIBRARY_CODES[library]?.[code] : undefined;
  if (libraryEntry && (range === 'private' || range === 'registered')) {
    return { code, range, onWire: true, library, ...pick(libraryEntry) };
  }
  const known = range === 'registered' ? REGISTERED[code] : STANDARD[code];
  if (known) return { code, range, onWire: known.onWire ?? true, ...pick(known) };
  switch (range) {
    case 'invalid':
      return {
        code,
        range,
        name: 'Invalid',
        meaning: 'Not a valid close code: RFC 6455 uses 1000–4999 only (0–999 are unused).',
        causes: ['a server or proxy bug', 'a corrupted Close frame'],
        onWire: false,
      };
    case 'reserved':
      return {
        code,
        range,
        name: code >= 2000 ? 'Reserved for extensions' : 'Reserved',
        meaning:
          code >= 2000
            ? 'Reserved for WebSocket extensions (1016–2999 are unassigned); browsers fail a connection that receives it.'
            : 'Reserved for future versions of the protocol and unassigned; browsers fail a connection that receives it.',
        causes: ['a server bug, or a non-standard extension'],
        onWire: false,
      };
    case 'registered':
      return {
        code,
        range,
        name: 'Unassigned',
        meaning: 'In the range for codes registered with IANA (3000–3999), but not registered: its meaning is whatever the server says.',
        causes: ['a library or framework specific code; check the close reason and the server documentation'],
        onWire: true,
      };
    default:
      return {
        code,
        range,
        name: 'Private',
        meaning: 'An application-defined code (4000–4999): the server and the page agree on its meaning.',
        causes: ['an application-specific condition; check the close reason and the server code'],
        onWire: true,
      };
  }
}

function pick(e: Entry): { name: string; meaning: string; causes: string[] } {
  return { name: e.name, meaning: e.meaning, causes: [...e.causes] };
}

/** "1000 Normal Closure", "3000 Unauthorized", "4001" (an unknown private code). */
export function closeCodeLabel(code: number, context?: { protocol?: string; library?: string }): string {
  const info = describeCloseCode(code, context);
  const generic = info.range === 'invalid' || (info.range === 'private' && !info.library) || info.name === 'Unassigned';
  if (generic || (info.range === 'reserved' && code > 1015)) return String(code);
  return `${code} ${info.name}`;
}
