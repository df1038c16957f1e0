import type { FindingId } from '../diagnostics';

/**
 * The selected connection's detail has three tabs, as a request in Chrome's Network panel
 * has: its messages (frames and lifecycle events), its handshake and its close explained.
 */
export type DetailTab = 'messages' | 'handshake' | 'close';

export const DETAIL_TABS: readonly DetailTab[] = ['messages', 'handshake', 'close'];

export const DETAIL_TAB_LABELS: Record<DetailTab, string> = {
  messages: 'Messages',
  handshake: 'Handshake',
  close: 'Close',
};

/**
 * The tab that shows what each finding is about, for a connection chosen from that finding:
 * the upgrade request (its answer, credentials, subprotocols, scheme), how the connection ended,
 * or what the page did on it (in its list of frames and events). null for findings about several
 * connections together (the reconnect cadence), where no one tab says more than another: the
 * user's tab is kept. A Record, so a new finding cannot be added without choosing.
 */
const TAB_OF_FINDING: Record<FindingId, DetailTab | null> = {
  'handshake-rejected': 'handshake',
  'handshake-failed': 'handshake',
  'subprotocol-mismatch': 'handshake',
  'jwt-expired': 'handshake',
  'jwt-not-yet-valid': 'handshake',
  'jwt-expiring': 'handshake',
  'jwt-malformed': 'handshake',
  'auth-missing': 'handshake',
  'insecure-transport': 'handshake',
  'close-code': 'close',
  'abnormal-closure': 'close',
  'idle-timeout': 'close',
  'message-too-big': 'close',
  'send-before-open': 'messages',
  'send-after-close': 'messages',
  'invalid-close-call': 'messages',
  'no-close-handler': 'messages',
  'reconnect-storm': null,
  'no-backoff': null,
  'futile-retry': null,
};

/** An imported file's finding can carry an id this version does not know: no tab for it. */
export function detailTabForFinding(findingId: string): DetailTab | null {
  return Object.hasOwn(TAB_OF_FINDING, findingId) ? TAB_OF_FINDING[findingId as FindingId] : null;
}

/** The tab after `from` in the direction of an arrow key (wrapping), or the first / last for Home / End. */
export function detailTabFromKey(from: DetailTab, key: string): DetailTab | null {
  const i = DETAIL_TABS.indexOf(from);
  const n = DETAIL_TABS.length;
  if (key === 'ArrowRight') return DETAIL_TABS[(i + 1) % n]!;
  if (key === 'ArrowLeft') return DETAIL_TABS[(i - 1 + n) % n]!;
  if (key === 'Home') return DETAIL_TABS[0]!;
  if (key === 'End') return DETAIL_TABS[n - 1]!;
  return null;
}
