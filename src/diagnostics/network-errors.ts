/** What a network error reported for a handshake means (Chrome net::ERR_*, Firefox NS_ERROR_*). */

export interface NetworkErrorExplanation {
  short: string;
  text: string;
  /** The page itself cancelled the request: not a server problem. */
  aborted?: boolean;
}

const REFUSED: NetworkErrorExplanation = {
  short: 'connection refused: nothing listening',
  text: 'The host answered but nothing accepted the connection on that port: the server is not running, listens on another port or interface (e.g. only 127.0.0.1 inside a container), or a firewall actively rejected it.',
};
const DNS: NetworkErrorExplanation = {
  short: 'host name not found',
  text: 'The host name did not resolve: a typo, an internal name that only resolves on a VPN or in a cluster, or a DNS outage.',
};
const TIMEOUT: NetworkErrorExplanation = {
  short: 'connection timed out',
  text: 'No answer at all before the timeout: a firewall or security group silently dropping packets, a wrong IP, or a server too overloaded to accept.',
};
const RESET: NetworkErrorExplanation = {
  short: 'connection reset during the handshake',
  text: 'The connection was reset during the handshake: a proxy, firewall or antivirus cutting WebSocket upgrades, a TLS/plain-text mismatch (wss:// to a plain port or ws:// to a TLS port), or the server crashing on the request.',
};
const CERT: NetworkErrorExplanation = {
  short: 'TLS certificate rejected',
  text: 'The browser rejected the server\'s TLS certificate (untrusted issuer, wrong host name, expired, or self-signed). A page cannot click through a certificate warning for a socket: open the https:// address of the same host in a tab to see the error, and fix the certificate (for local development, trust the certificate or use a tool such as mkcert).',
};
const TLS: NetworkErrorExplanation = {
  short: 'TLS handshake failed',
  text: 'The TLS handshake failed: often wss:// pointed at a port that speaks plain HTTP, or a TLS version or cipher mismatch.',
};
const OFFLINE: NetworkErrorExplanation = {
  short: 'offline or network changed',
  text: 'The network was unavailable or changed during the handshake (Wi-Fi switch, VPN connect, sleep). Retry when the network is back (listen for the window "online" event).',
};
const CLOSED: NetworkErrorExplanation = {
  short: 'closed without an answer',
  text: 'The server or a proxy closed the connection without answering the upgrade: a crash, a proxy that does not support WebSockets, or a TLS/plain-text mismatch.',
};
const PROXY: NetworkErrorExplanation = {
  short: 'the HTTP proxy failed',
  text: 'The browser\'s configured HTTP proxy could not be reached or refused to tunnel the connection (CONNECT): check the proxy settings and whether the proxy allows WebSockets.',
};
const ABORTED: NetworkErrorExplanation = {
  short: 'cancelled by the page',
  text: 'The request was cancelled before an answer: the page called close() while connecting, navigated away, or the socket was garbage-collected.',
  aborted: true,
};
const BLOCKED: NetworkErrorExplanation = {
  short: 'blocked in the browser',
  text: 'The browser blocked the request before it left: an extension (ad or privacy blocker), a Content-Security-Policy connect-src rule, or an enterprise policy.',
};
const FAILED: NetworkErrorExplanation = {
  short: 'failed (refused port, or a non-101 answer)',
  text: 'Chrome reports several different failures as plain net::ERR_FAILED: a refused port, and a handshake the server answered with an error status such as 401 (the status is then not always reported). Check that the server is listening at this address, then check the server logs for the upgrade request and its status; the page itself only sees close code 1006.',
};
const INVALID_RESPONSE: NetworkErrorExplanation = {
  short: 'invalid handshake response',
  text: 'The server\'s answer to the upgrade was not valid HTTP or not a valid WebSocket handshake (bad Sec-WebSocket-Accept, missing Upgrade header): typically a proxy, or a server that does not speak WebSocket on this port.',
};

const EXACT: Record<string, NetworkErrorExplanation> = {
  'net::ERR_CONNECTION_REFUSED': REFUSED,
  NS_ERROR_CONNECTION_REFUSED: REFUSED,
  'net::ERR_NAME_NOT_RESOLVED': DNS,
  'net::ERR_NAME_RESOLUTION_FAILED': DNS,
  NS_ERROR_UNKNOWN_HOST: DNS,
  'net::ERR_CONNECTION_TIMED_OUT': TIMEOUT,
  'net::ERR_TIMED_OUT': TIMEOUT,
  NS_ERROR_NET_TIMEOUT: TIMEOUT,
  'net::ERR_ADDRESS_UNREACHABLE': TIMEOUT,
  'net::ERR_CONNECTION_RESET': RESET,
  NS_ERROR_NET_RESET: RESET,
  NS_ERROR_NET_INTERRUPT: RESET,
  'net::ERR_CONNECTION_CLOSED': CLOSED,
  'net::ERR_EMPTY_RESPONSE': CLOSED,
  'net::ERR_SSL_PROTOCOL_ERROR': TLS,
  'net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH': TLS,
  'net::ERR_INTERNET_DISCONNECTED': OFFLINE,
  'net::ERR_NETWORK_CHANGED': OFFLINE,
  'net::ERR_NETWORK_IO_SUSPENDED': OFFLINE,
  NS_ERROR_OFFLINE: OFFLINE,
  'net::ERR_PROXY_CONNECTION_FAILED': PROXY,
  'net::ERR_TUNNEL_CONNECTION_FAILED': PROXY,
  NS_ERROR_PROXY_CONNECTION_REFUSED: PROXY,
  NS_ERROR_UNKNOWN_PROXY_HOST: PROXY,
  'net::ERR_ABORTED': ABORTED,
  NS_BINDING_ABORTED: ABORTED,
  NS_ERROR_ABORT: ABORTED,
  'net::ERR_BLOCKED_BY_CLIENT': BLOCKED,
  'net::ERR_BLOCKED_BY_CSP': BLOCKED,
  'net::ERR_BLOCKED_BY_ADMINISTRATOR': BLOCKED,
  'net::ERR_FAILED': FAILED,
  'net::ERR_INVALID_HTTP_RESPONSE': INVALID_RESPONSE,
  'net::ERR_INVALID_RESPONSE': INVALID_RESPONSE,
  'net::ERR_UNEXPECTED': INVALID_RESPONSE,
};

export function explainNetworkError(error: string): NetworkErrorExplanation {
  const e = error.trim();
  const known = EXACT[e];
  if (known) return known;
  if (/^net::ERR_CERT_|^SEC_ERROR_|^MOZILLA_PKIX_ERROR_|^SSL_ERROR_BAD_CERT|^NS_ERROR_GENERATE_FAILURE/.test(e)) return CERT;
  if (/^net::ERR_SSL_|^SSL_ERROR_/.test(e)) return TLS;
  if (/ABORT/i.test(e)) return ABORTED;
  return {
    short: 'network error',
    text: 'The request failed before any answer from the server. Check that the server is reachable at this address from this machine.',
  };
}
