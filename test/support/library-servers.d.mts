export interface CountedConnection {
  /** Path and query of the upgrade request. */
  url: string;
  /** Message frames the server sent on this connection. */
  sent: number;
  /** Message frames the server received on this connection. */
  received: number;
  closed: boolean;
}

export interface LibraryServers {
  socketIo: string;
  graphqlWs: string;
  party: string;
  stomp: string;
  socketIoApp: { connections: number; acks: number };
  graphqlApp: { connects: number; subscribes: number; nexts: number; completes: number; closes: number };
  connections: CountedConnection[];
  close(): Promise<void>;
}

export function startLibraryServers(): Promise<LibraryServers>;
