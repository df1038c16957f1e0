// A real HTTP + WebSocket server on 127.0.0.1 for the end-to-end tests and the demo.
// Plain JavaScript so `npm start` runs it without a compile step.
//
// WebSocket endpoints (path + query):
//   /echo                      echoes every message back, text as text, binary as binary
//   /chat                      a healthy chat: welcome message, echoes, a tick every 2 s
//   /stream?count=N&every=MS&binary=1   sends N numbered messages, then a final "done"
//   /stream?count=N&rate=R              the same at a steady R messages per second
//   /big?size=BYTES            sends one text message of BYTES bytes after the first message
//   /close?code=C&reason=R&after=MS     closes with code C after MS (default 4001)
//   /drop?after=MS             destroys the TCP connection after MS: the browser reports 1006
//   /reject?status=401         refuses the upgrade with an HTTP status (401 sends WWW-Authenticate)
//   /flaky                     accepts, then closes with 1011 after 300 ms (a reconnect loop)
//   /sink                      counts (connection.received) and discards every message
// HTTP:
//   /pages/<name>.html         files from test/fixtures/pages
//   /demo/...                  files from test/demo (the gallery)
//   /inline?html=...           the given HTML (tests build small pages this way)
//   /vendor/<package path>     browser builds of client libraries from node_modules (VENDOR only)
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const root = fileURLToPath(new URL('..', import.meta.url));
const STATIC = { '/pages/': join(root, 'fixtures/pages'), '/demo/': join(root, 'demo') };
/** Browser builds the library tests (test/e2e/libraries.test.ts) load into pages: only these. */
const VENDOR = new Set([
  'socket.io-client/dist/socket.io.min.js',
  'graphql-ws/umd/graphql-ws.min.js',
  'partysocket/dist/ws.js',
  '@stomp/stompjs/bundles/stomp.umd.min.js',
]);
const nodeModules = join(root, '..', 'node_modules');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/**
 * @typedef {{ id: number, path: string, query: URLSearchParams, protocol: string, received: number, sent: number, closed: boolean, headers: import('node:http').IncomingHttpHeaders }} ServerConnection
 */

export async function startServer({ port = 0, host = '127.0.0.1', log = false } = {}) {
  /** @type {ServerConnection[]} */
  const connections = [];
  const handshakes = [];
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/inline') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(url.searchParams.get('html') ?? '');
      return;
    }
    if (url.pathname === '/' || url.pathname === '/demo') {
      res.writeHead(302, { location: '/demo/index.html' });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/vendor/')) {
      const name = url.pathname.slice('/vendor/'.length);
      const body = VENDOR.has(name) ? await readFile(join(nodeModules, name)).catch(() => null) : null;
      if (body === null) res.writeHead(404).end('not found');
      else res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      return;
    }
    for (const [prefix, dir] of Object.entries(STATIC)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const file = normalize(join(dir, url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir)) break;
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    res.writeHead(404).end('not found');
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024 * 1024,
    handleProtocols: (protocols, req) => {
      const want = new URL(req.url ?? '/', 'http://x').searchParams.get('accept');
      if (want === 'none') return false;
      if (want) return protocols.has(want) ? want : false;
      const first = protocols.values().next();
      return first.done ? false : first.value;
    },
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    handshakes.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    if (url.pathname === '/reject') {
      const status = Number(url.searchParams.get('status') ?? 401);
      const extra = status === 401 ? 'WWW-Authenticate: Bearer realm="ws", error="invalid_token"\r\n' : '';
      const text = http.STATUS_CODES[status] ?? 'Error';
      socket.end(`HTTP/1.1 ${status} ${text}\r\n${extra}Content-Type: text/plain\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      /** @type {ServerConnection} */
      const conn = { id: connections.length + 1, path: url.pathname, query: url.searchParams, protocol: ws.protocol, received: 0, sent: 0, closed: false, headers: req.headers };
      connections.push(conn);
      const send = (data, options) => {
        if (ws.readyState !== ws.OPEN) return;
        conn.sent++;
        ws.send(data, options);
      };
      ws.on('message', (data, isBinary) => {
        conn.received++;
        if (log) console.log(`[ws ${conn.id}] <- ${isBinary ? `binary ${data.length} B` : String(data).slice(0, 80)}`);
        onMessage(url, ws, send, data, isBinary, conn);
      });
      ws.on('close', () => {
        conn.closed = true;
      });
      ws.on('error', () => {});
      onOpen(url, ws, send, conn);
    });
  });

  function onOpen(url, ws, send) {
    const q = url.searchParams;
    switch (url.pathname) {
      case '/chat': {
        send(JSON.stringify({ type: 'welcome', text: 'Welcome to the demo chat' }));
        const tick = setInterval(() => send(JSON.stringify({ type: 'tick', at: Date.now() })), 2000);
        ws.on('close', () => clearInterval(tick));
        break;
      }
      case '/stream': {
        const count = Number(q.get('count') ?? 100);
        const every = Number(q.get('every') ?? 5);
        const binary = q.get('binary') === '1';
        let i = 0;
        const item = () => (binary ? Buffer.from([i & 0xff, (i >> 8) & 0xff, 0xff, 0x00]) : JSON.stringify({ type: 'item', seq: i }));
        if (q.has('rate')) {
          // A steady rate (messages per second), sent in 10 ms ticks: what the benchmarks use.
          const rate = Number(q.get('rate'));
          let start = 0;
          const tick = () => {
            if (ws.readyState !== ws.OPEN) return;
            start ||= Date.now();
            const due = Math.min(count, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
            while (i < due) {
              i++;
              send(item(), { binary });
            }
            if (i >= count) send(JSON.stringify({ type: 'done', count }));
            else later(10, tick);
          };
          later(Number(q.get('delay') ?? 50), tick);
          break;
        }
        const next = () => {
          if (ws.readyState !== ws.OPEN) return;
          if (i >= count) {
            send(JSON.stringify({ type: 'done', count }));
            return;
          }
          i++;
          if (binary) send(Buffer.from([i & 0xff, (i >> 8) & 0xff, 0xff, 0x00]), { binary: true });
          else send(JSON.stringify({ type: 'item', seq: i }));
          later(every, next);
        };
        later(Number(q.get('delay') ?? 50), next);
        break;
      }
      case '/close':
        later(Number(q.get('after') ?? 100), () =>
          ws.close(Number(q.get('code') ?? 4001), q.get('reason') ?? 'token expired'),
        );
        break;
      case '/drop':
        later(Number(q.get('after') ?? 200), () => ws._socket?.destroy());
        break;
      case '/flaky':
        later(300, () => ws.close(1011, 'upstream unavailable'));
        break;
    }
  }

  function onMessage(url, ws, send, data, isBinary) {
    switch (url.pathname) {
      case '/echo':
      case '/chat':
        send(data, { binary: isBinary });
        break;
      case '/big': {
        const size = Number(url.searchParams.get('size') ?? 10 * 1024 * 1024);
        send('x'.repeat(size));
        break;
      }
    }
  }

  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://${host}:${address.port}`;
  return {
    port: address.port,
    origin,
    wsOrigin: `ws://${host}:${address.port}`,
    connections,
    handshakes,
    /** A page with the given body HTML, served by this server. */
    pageUrl(html) {
      return `${origin}/inline?html=${encodeURIComponent(html)}`;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startServer({ port: Number(process.env.PORT ?? 8765), log: true });
  console.log(`WS Triage demo server on ${s.origin}`);
}
