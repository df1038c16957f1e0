import type { IncomingHttpHeaders } from 'node:http';

export interface ServerConnection {
  id: number;
  path: string;
  query: URLSearchParams;
  protocol: string;
  received: number;
  sent: number;
  closed: boolean;
  headers: IncomingHttpHeaders;
}

export interface TestServer {
  port: number;
  origin: string;
  wsOrigin: string;
  connections: ServerConnection[];
  handshakes: { path: string; query: URLSearchParams; headers: IncomingHttpHeaders }[];
  pageUrl(html: string): string;
  close(): Promise<void>;
}

export function startServer(options?: { port?: number; host?: string; log?: boolean }): Promise<TestServer>;
