/** What an HTTP answer other than 101 to a WebSocket upgrade means. */

export interface StatusExplanation {
  /** A few words, for the connection row. */
  short: string;
  /** What it means and what to do. */
  text: string;
}

const BY_STATUS: Record<number, StatusExplanation> = {
  200: {
    short: 'answered as plain HTTP, not upgraded',
    text: 'The server answered a normal HTTP page instead of switching protocols. A proxy in front of the server is not forwarding the Upgrade and Connection headers (nginx needs `proxy_http_version 1.1` and `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"`), or a single-page-app fallback served index.html for this path.',
  },
  400: {
    short: 'the server found the upgrade request invalid',
    text: 'The server found the upgrade request invalid: a missing or mangled Upgrade/Connection/Sec-WebSocket-Key header (often a proxy dropping them), an unsupported Sec-WebSocket-Version, or a required query parameter missing. Socket.IO and Engine.IO answer 400 for an unknown or expired `sid` or a transport they do not accept.',
  },
  401: {
    short: 'the server requires authentication',
    text: 'The server requires authentication and did not accept what this request carried. Browsers cannot set an Authorization header on a WebSocket, so servers take the token from a query parameter, a cookie or a subprotocol entry: check the token is present, unexpired, and sent where the server looks for it.',
  },
  403: {
    short: 'the server refused access',
    text: 'The server understood the request and refused it. Common causes: the Origin header is not on the server\'s allow-list (WebSocket servers check Origin because browsers do not apply CORS to sockets), a cookie or token lacking permission, a web application firewall, or an IP block.',
  },
  404: {
    short: 'no WebSocket endpoint at this path',
    text: 'Nothing answers at this path: a typo in the URL, a missing route for the upgrade in the server or in the proxy, or a library mounted on another path (Socket.IO defaults to /socket.io/).',
  },
  405: {
    short: 'this path does not accept the upgrade',
    text: 'The path exists but does not accept a GET upgrade: it is not a WebSocket endpoint.',
  },
  426: {
    short: 'the server wants another protocol version',
    text: 'Upgrade Required: the server wants a different protocol or WebSocket version (see its Sec-WebSocket-Version or Upgrade header). Also sent by servers that accept only TLS (wss://).',
  },
  429: {
    short: 'rate limited',
    text: 'Too Many Requests: the server or a proxy is rate limiting connection attempts, often because the page reconnects too fast. Back off (exponentially, with jitter) and honour Retry-After.',
  },
  500: {
    short: 'the server failed handling the upgrade',
    text: 'The server failed while handling the upgrade: look in the server logs for an exception in the upgrade or authentication handler.',
  },
  502: {
    short: 'the proxy could not reach the server',
    text: 'Bad Gateway: a proxy or load balancer could not get a valid answer from the server behind it. The server is down, crashed, listening on another port, or closed the connection during the upgrade.',
  },
  503: {
    short: 'the service is unavailable',
    text: 'Service Unavailable: the server is overloaded, in maintenance, being deployed, or has no healthy instance behind the load balancer. Retry later with backoff and honour Retry-After.',
  },
  504: {
    short: 'the proxy timed out waiting for the server',
    text: 'Gateway Timeout: a proxy waited too long for the server to answer the upgrade.',
  },
};

export function explainStatus(status: number): StatusExplanation {
  const known = BY_STATUS[status];
  if (known) return known;
  if (status >= 300 && status < 400) {
    return {
      short: 'redirected; WebSockets do not follow redirects',
      text: 'The server answered with a redirect. Browsers do not follow redirects for WebSockets: connect to the final URL (see Location), typically the https/wss or trailing-slash variant.',
    };
  }
  if (status >= 400 && status < 500) {
    return { short: 'refused by the server', text: 'The server refused the upgrade request (a client error status).' };
  }
  if (status >= 500) {
    return { short: 'the server or a proxy failed', text: 'The server or a proxy in front of it failed while handling the upgrade.' };
  }
  return { short: 'not upgraded', text: 'The server did not switch protocols (101).' };
}

/** Response headers worth quoting in a rejection. */
export const USEFUL_RESPONSE_HEADERS = ['WWW-Authenticate', 'Retry-After', 'Location', 'Sec-WebSocket-Version', 'Upgrade', 'Server', 'Via'];
