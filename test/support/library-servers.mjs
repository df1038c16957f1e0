// Real servers of real WebSocket libraries, for test/e2e/libraries.test.ts. Each listens
// on 127.0.0.1 on a port of its own, and counts every WebSocket message frame it sends
// and receives on the underlying `ws` socket (control frames excluded), per connection,
// so a test can compare the panel's Sent/Received counts with what really went over the wire.
//
//   socket.io   a socket.io 4 server (websocket transport); events, acks, binary
//   graphql-ws  graphql-ws `useServer` over `ws`, with a graphql schema (query + subscription)
//   party       a plain `ws` endpoint for partysocket: welcome, ping/pong, "drop" kills the TCP socket
//   stomp       a tiny STOMP 1.2 broker over `ws` (CONNECT, SUBSCRIBE, SEND, RECEIPT, DISCONNECT)
import http from 'node:http';
import { createRequire } from 'node:module';
import { useServer } from 'graphql-ws/use/ws';
import { Server as SocketIOServer } from 'socket.io';
import { WebSocketServer } from 'ws';

// The graphql that graphql-ws itself loads (Node resolves it to the CommonJS build): a
// schema from another copy of graphql (a bundler's ESM pick) is refused as "another realm".
const { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } = createRequire(import.meta.url)('graphql');

/**
 * @typedef {{ url: string, sent: number, received: number, closed: boolean }} CountedConnection
 */

/** Counts the message frames of one `ws` socket: every send() while open, every 'message'. */
function track(connections, req, ws) {
  /** @type {CountedConnection} */
  const c = { url: req.url ?? '', sent: 0, received: 0, closed: false };
  connections.push(c);
  const send = ws.send;
  ws.send = function (...args) {
    if (this.readyState === this.OPEN) c.sent++;
    return send.apply(this, args);
  };
  ws.on('message', () => c.received++);
  ws.on('close', () => (c.closed = true));
  return c;
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return `ws://127.0.0.1:${port}`;
}

function startSocketIo(connections) {
  // engine.io makes its `ws` server from this class: counting starts at the upgrade,
  // before engine.io's own open packet.
  class CountingServer extends WebSocketServer {
    handleUpgrade(req, socket, head, callback) {
      super.handleUpgrade(req, socket, head, (ws, request) => {
        track(connections, req, ws);
        callback(ws, request);
      });
    }
  }
  const httpServer = http.createServer();
  const io = new SocketIOServer(httpServer, { transports: ['websocket'], serveClient: false, wsEngine: CountingServer });
  const app = { connections: 0, acks: 0 };
  io.on('connection', (socket) => {
    app.connections++;
    socket.emit('welcome', 'hi');
    socket.on('hello', (name, ack) => {
      app.acks++;
      ack(`hello ${name}`);
    });
    socket.on('count', (n, ack) => {
      for (let i = 1; i <= n; i++) socket.emit('tick', i);
      app.acks++;
      ack(`counted ${n}`);
    });
    socket.on('binary', (data, ack) => {
      const bytes = Uint8Array.from(data).reverse();
      socket.emit('binary-echo', Buffer.from(bytes));
      app.acks++;
      ack(bytes.length);
    });
  });
  return { httpServer, app, close: () => io.close() };
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, args: { name: { type: GraphQLString } }, resolve: (_, { name }) => `hello ${name ?? 'world'}` },
      fail: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('boom');
        },
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      countdown: {
        type: GraphQLInt,
        args: { from: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: async function* (_, { from }) {
          for (let i = from; i >= 0; i--) yield { countdown: i };
        },
      },
      // Two greetings, then nothing until the client completes the subscription.
      greetings: {
        type: GraphQLString,
        subscribe: () => {
          const values = ['hi', 'hello'];
          let release = null;
          return {
            [Symbol.asyncIterator]() {
              return this;
            },
            next: () =>
              values.length > 0
                ? Promise.resolve({ value: { greetings: values.shift() }, done: false })
                : new Promise((resolve) => (release = resolve)),
            return: () => {
              release?.({ value: undefined, done: true });
              return Promise.resolve({ value: undefined, done: true });
            },
          };
        },
      },
    },
  }),
});

function startGraphqlWs(connections) {
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  // Registered before useServer's: counting starts before graphql-ws sees the socket.
  wss.on('connection', (ws, req) => track(connections, req, ws));
  const app = { connects: 0, subscribes: 0, nexts: 0, completes: 0, closes: 0 };
  useServer(
    {
      schema,
      onConnect: () => {
        app.connects++;
      },
      onSubscribe: () => {
        app.subscribes++;
      },
      onNext: () => {
        app.nexts++;
      },
      onComplete: () => {
        app.completes++;
      },
      onClose: () => {
        app.closes++;
      },
    },
    wss,
  );
  return { httpServer, app, close: () => new Promise((resolve) => wss.close(resolve)) };
}

/** partysocket's endpoint: "welcome #k" (k-th connection of this run), "ping" → "pong", "drop" → TCP reset. */
function attachParty(wss) {
  const perRun = new Map();
  wss.on('connection', (ws, req) => {
    const run = new URL(req.url ?? '/', 'http://x').searchParams.get('run') ?? '';
    const k = (perRun.get(run) ?? 0) + 1;
    perRun.set(run, k);
    ws.send(`welcome #${k}`);
    ws.on('message', (data) => {
      const text = String(data);
      if (text === 'ping') ws.send('pong');
      else if (text === 'drop') ws._socket?.destroy();
    });
  });
}

/** A STOMP frame from a Buffer: command, headers and body (bytes up to content-length or NUL). */
function parseStomp(buffer) {
  let start = 0;
  while (start < buffer.length && (buffer[start] === 0x0a || buffer[start] === 0x0d)) start++;
  if (start >= buffer.length) return null; // a heart-beat
  const headEnd = buffer.indexOf('\n\n', start);
  const [command, ...lines] = buffer.subarray(start, headEnd).toString('utf8').split('\n');
  const headers = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (!(line.slice(0, i) in headers)) headers[line.slice(0, i)] = line.slice(i + 1);
  }
  const bodyStart = headEnd + 2;
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : buffer.indexOf(0, bodyStart) - bodyStart;
  return { command, headers, body: buffer.subarray(bodyStart, bodyStart + length) };
}

function stompFrame(command, headers, body = Buffer.alloc(0)) {
  const head = [command, ...Object.entries({ ...headers, 'content-length': body.length }).map(([k, v]) => `${k}:${v}`)].join('\n');
  return Buffer.concat([Buffer.from(`${head}\n\n`), body, Buffer.from([0])]);
}

/** A tiny STOMP 1.2 broker: topics are in-memory, per server. */
function attachStomp(wss) {
  const subscriptions = new Set(); // { ws, id, destination }
  let messageId = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      const frame = parseStomp(Buffer.isBuffer(data) ? data : Buffer.from(/** @type {ArrayBuffer} */ (data)));
      if (!frame) return;
      const { command, headers, body } = frame;
      const reply = (cmd, h, b) => ws.send(stompFrame(cmd, h, b), { binary: isBinary });
      switch (command) {
        case 'CONNECT':
        case 'STOMP':
          reply('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'ws-triage-test/1' });
          return;
        case 'SUBSCRIBE':
          subscriptions.add({ ws, id: headers.id, destination: headers.destination });
          break;
        case 'UNSUBSCRIBE':
          for (const s of subscriptions) if (s.ws === ws && s.id === headers.id) subscriptions.delete(s);
          break;
        case 'SEND':
          for (const s of subscriptions) {
            if (s.destination !== headers.destination) continue;
            const h = { subscription: s.id, 'message-id': String(++messageId), destination: s.destination };
            if (headers['content-type']) h['content-type'] = headers['content-type'];
            s.ws.send(stompFrame('MESSAGE', h, body), { binary: isBinary });
          }
          break;
        case 'DISCONNECT':
          for (const s of subscriptions) if (s.ws === ws) subscriptions.delete(s);
          break;
        default:
          reply('ERROR', { message: `unknown command ${command}` });
          return;
      }
      if (headers.receipt !== undefined) reply('RECEIPT', { 'receipt-id': headers.receipt });
    });
    ws.on('close', () => {
      for (const s of subscriptions) if (s.ws === ws) subscriptions.delete(s);
    });
  });
}

function startPlain(connections) {
  const httpServer = http.createServer();
  const party = new WebSocketServer({ noServer: true });
  const stomp = new WebSocketServer({ noServer: true });
  for (const wss of [party, stomp]) wss.on('connection', (ws, req) => track(connections, req, ws));
  attachParty(party);
  attachStomp(stomp);
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const wss = path === '/party' ? party : path === '/stomp' ? stomp : null;
    if (!wss) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  return {
    httpServer,
    close: async () => {
      for (const wss of [party, stomp]) {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
      }
    },
  };
}

export async function startLibraryServers() {
  /** @type {CountedConnection[]} */
  const connections = [];
  const socketIo = startSocketIo(connections);
  const graphqlWs = startGraphqlWs(connections);
  const plain = startPlain(connections);
  const all = [socketIo, graphqlWs, plain];
  const [socketIoOrigin, graphqlOrigin, plainOrigin] = await Promise.all(all.map((s) => listen(s.httpServer)));
  return {
    /** ws:// origins: socket.io's server, graphql-ws's (path /graphql), and /party + /stomp. */
    socketIo: socketIoOrigin,
    graphqlWs: `${graphqlOrigin}/graphql`,
    party: `${plainOrigin}/party`,
    stomp: `${plainOrigin}/stomp`,
    /** Application-level counters of the socket.io and graphql-ws servers. */
    socketIoApp: socketIo.app,
    graphqlApp: graphqlWs.app,
    /** Every WebSocket connection any of the servers accepted, with its message frame counts. */
    connections,
    async close() {
      await Promise.all(all.map((s) => s.close()));
      await Promise.all(
        all.map((s) => {
          s.httpServer.closeAllConnections?.();
          return new Promise((resolve) => s.httpServer.close(() => resolve(undefined)));
        }),
      );
    },
  };
}
