/**
 * The WS Triage session file, version 1: types and constants.
 *
 * A session file is a JSON serialization of the session model (src/shared/model.ts)
 * plus the findings the exporter had computed. The required fields below are the
 * contract other tools may rely on; the optional "extra" fields let an import restore
 * a full model Connection. Readers must ignore fields they do not know.
 * See docs/session-format.md.
 */
import type {
  CloseInfo,
  Direction,
  FrameType,
  Header,
  LifecycleEvent,
  PayloadEncoding,
  Session,
  TrafficStats,
} from '../shared/model';

export const SESSION_FORMAT = 'ws-triage-session';
export const SESSION_VERSION = 1;
export const TOOL_NAME = 'ws-triage';
export const SESSION_FILE_EXTENSION = '.wstriage.json';
/** Largest file importFile accepts (compared with the text's length, before parsing). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export type Severity = 'error' | 'warning' | 'info';

/**
 * A finding as the session file stores it. Structural on purpose: the diagnostics'
 * `Finding` is assignable to it, and this module never imports src/diagnostics.
 */
export interface ExportedFinding {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  connectionIds: string[];
  frames?: unknown;
  time?: number;
}

export interface SessionFileFrame {
  time: number;
  direction: Direction;
  type: FrameType;
  size: number;
  data: string;
  encoding: PayloadEncoding;
  truncated: boolean;
}

export interface SessionFileHandshake {
  status: number | null;
  statusText?: string;
  requestHeaders: Header[];
  responseHeaders: Header[];
  error?: string;
  requestedAt?: number;
  answeredAt?: number;
}

export interface SessionFileConnection {
  id: string;
  url: string;
  frameUrl?: string;
  protocolsRequested: string[];
  protocol: string;
  extensions: string;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  handshake: SessionFileHandshake | null;
  close: CloseInfo | null;
  frames: SessionFileFrame[];
  // Extra fields (optional for readers; always written by WS Triage).
  closeCalledAt?: number | null;
  events?: LifecycleEvent[];
  stats?: TrafficStats;
  droppedFrames?: number;
  hooked?: boolean;
  listeners?: { close: boolean; error: boolean; message: boolean };
  frameId?: number;
  documentId?: string;
  requestId?: string;
}

/** Session-wide fields of the model that are not part of the required format. */
export interface SessionFileSessionInfo {
  startedAt: number;
  droppedFrames: number;
  lostEvents: number;
  navigations: { time: number; url: string }[];
}

export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  exportedAt: string;
  redacted: boolean;
  tool: { name: string; version: string };
  page: { url: string; title: string };
  connections: SessionFileConnection[];
  findings: ExportedFinding[];
  /** Extra: session-wide counters and navigations (Preserve log). */
  session?: SessionFileSessionInfo;
}

export interface ExportOptions {
  /** True: export exactly what was captured (`redacted: false`). False: redact (the default in the UI). */
  includeSecrets: boolean;
  toolVersion: string;
  now: Date;
}

export type ImportSource = 'ws-triage' | 'har-chrome' | 'har-firefox' | 'har-mitmproxy' | 'har';

export interface ImportedSession {
  session: Session;
  findings: ExportedFinding[];
  meta: {
    fileName: string;
    exportedAt: string | null;
    toolVersion: string | null;
    redacted: boolean;
    source: ImportSource;
  };
}

/** ISO 8601 date-time as `exportedAt` must be (the JSON schema uses the same pattern). */
export const ISO_DATE_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$';
