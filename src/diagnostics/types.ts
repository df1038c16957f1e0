/** The shape of a diagnosis: what the panel lists, and what other engineers call. */

export type Severity = 'error' | 'warning' | 'info';

/** Every finding id, stable across versions (docs/findings.md describes each). */
export const FINDING_IDS = [
  'handshake-rejected',
  'handshake-failed',
  'subprotocol-mismatch',
  'close-code',
  'abnormal-closure',
  'idle-timeout',
  'message-too-big',
  'jwt-expired',
  'jwt-not-yet-valid',
  'jwt-expiring',
  'jwt-malformed',
  'auth-missing',
  'insecure-transport',
  'reconnect-storm',
  'no-backoff',
  'futile-retry',
  'send-before-open',
  'send-after-close',
  'invalid-close-call',
  'no-close-handler',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

export interface FrameRef {
  connectionId: string;
  /** Index into connection.frames. */
  index: number;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** Short, e.g. "1006 Abnormal Closure". */
  title: string;
  /** Plain language: what happened, why it matters, what to do. */
  detail: string;
  /** Connections that prove it. */
  connectionIds: string[];
  /** Frames that prove it. */
  frames?: FrameRef[];
  /** Epoch ms when it happened. */
  time?: number;
}
