/**
 * The one place tests find things in the WS Triage panel: by role, label or test id.
 * Works on a Playwright Page or Frame (pop-out) — see devtools.ts for the DevTools one.
 */
import type { Frame, Locator, Page } from 'playwright';

type Root = Page | Frame;

export const panel = {
  connectionsTable: (root: Root): Locator => root.getByRole('table', { name: 'Connections' }),
  connectionRows: (root: Root): Locator => root.getByRole('table', { name: 'Connections' }).locator('tbody tr'),
  connectionRow: (root: Root, urlPart: string): Locator =>
    root.getByRole('table', { name: 'Connections' }).locator('tbody tr', { hasText: urlPart }),
  cell: (
    row: Locator,
    column: 'status' | 'state' | 'protocol' | 'opened' | 'duration' | 'sent' | 'received' | 'close' | 'diagnosis',
  ): Locator =>
    row.locator(`td[data-col="${column}"]`),
  frames: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }),
  frameRows: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).locator('[data-kind="frame"]'),
  eventRows: (root: Root, kind: string): Locator =>
    root.getByRole('grid', { name: 'Frames' }).locator(`[data-kind="${kind}"]`),
  clear: (root: Root): Locator => root.getByRole('button', { name: 'Clear' }),
  recordToggle: (root: Root): Locator => root.getByRole('button', { name: /^(Recording|Paused)$/ }),
  preserveLog: (root: Root): Locator => root.getByRole('checkbox', { name: 'Preserve log' }),
  wholeBinaryFrames: (root: Root): Locator => root.getByRole('checkbox', { name: 'Whole binary frames' }),
  droppedNotice: (root: Root): Locator => root.getByTestId('dropped-notice'),
  /** The findings strip; each finding carries data-finding-id and data-severity. */
  findings: (root: Root): Locator => root.getByRole('region', { name: 'Findings' }),
  finding: (root: Root, id: string): Locator =>
    root.getByRole('region', { name: 'Findings' }).locator(`[data-finding-id="${id}"]`),
  findingsOfSeverity: (root: Root, severity: 'error' | 'warning' | 'info'): Locator =>
    root.getByRole('region', { name: 'Findings' }).locator(`[data-finding-id][data-severity="${severity}"]`),
  /** The buttons of a finding that select the connections it refers to. */
  findingConnections: (finding: Locator): Locator => finding.locator('button[data-connection-id]'),
  /** The selected connection's detail tabs: Messages, Handshake, Close (each name followed by its badge). */
  detailTab: (root: Root, name: 'Messages' | 'Handshake' | 'Close'): Locator =>
    root.getByRole('tablist', { name: 'Connection detail' }).getByRole('tab', { name: new RegExp(`^${name}`) }),
  /** The selected connection's handshake and its close explained (each in its own detail tab). */
  handshake: (root: Root): Locator => root.getByRole('region', { name: 'Handshake' }),
  handshakeStatus: (root: Root): Locator => root.getByRole('region', { name: 'Handshake' }).getByTestId('handshake-status'),
  headerTable: (root: Root, which: 'Request headers' | 'Response headers'): Locator =>
    root.getByRole('region', { name: 'Handshake' }).getByRole('table', { name: which }),
  /** The value cell of a header (name matched case-insensitively) in a header table. */
  headerValue: (table: Locator, name: string): Locator =>
    table.locator('tr').filter({ has: table.page().getByRole('rowheader', { name: new RegExp(`^${name}$`, 'i') }) }).locator('td'),
  closeInfo: (root: Root): Locator => root.getByRole('region', { name: 'Close' }),
  detailDiagnosis: (root: Root): Locator => root.getByTestId('detail-diagnosis'),
  // Session files (SessionIO.tsx, ViewTabs.tsx, ConfirmDialog.tsx)
  exportSession: (root: Root): Locator => root.getByRole('button', { name: 'Export session', exact: true }),
  exportHar: (root: Root): Locator => root.getByRole('button', { name: 'Export HAR', exact: true }),
  copySummary: (root: Root): Locator => root.getByRole('button', { name: 'Copy summary', exact: true }),
  copied: (root: Root): Locator => root.getByRole('status').filter({ hasText: /^Copied$/ }),
  includeSecrets: (root: Root): Locator => root.getByRole('checkbox', { name: 'Include secrets', exact: true }),
  confirmDialog: (root: Root): Locator => root.getByRole('dialog'),
  confirmButton: (root: Root, name: string): Locator =>
    root.getByRole('dialog').getByRole('button', { name, exact: true }),
  importButton: (root: Root): Locator => root.getByRole('button', { name: 'Import session', exact: true }),
  /** The file input behind Import session (for setInputFiles). */
  importInput: (root: Root): Locator => root.getByLabel('Import session file', { exact: true }),
  viewerOpen: (root: Root): Locator => root.getByRole('button', { name: 'Open a session file…', exact: true }),
  importProgress: (root: Root): Locator => root.getByRole('progressbar'),
  importError: (root: Root): Locator => root.getByTestId('import-error'),
  viewTabs: (root: Root): Locator => root.getByRole('tablist', { name: 'Sessions' }).getByRole('tab'),
  viewTab: (root: Root, name: string | RegExp): Locator =>
    root.getByRole('tablist', { name: 'Sessions' }).getByRole('tab', { name }),
  closeView: (root: Root, fileName: string): Locator => root.getByRole('button', { name: `Close ${fileName}`, exact: true }),
  importInfo: (root: Root): Locator => root.getByTestId('import-info'),
  // Frame list (MessageList.tsx, FrameFilterBar.tsx, PayloadView.tsx, JsonTree.tsx, CopyMenu.tsx)
  frameFilters: (root: Root): Locator => root.getByRole('search', { name: 'Frame filters' }),
  filterDirection: (root: Root): Locator => root.getByRole('search', { name: 'Frame filters' }).getByRole('combobox', { name: 'Direction' }),
  filterType: (root: Root): Locator => root.getByRole('search', { name: 'Frame filters' }).getByRole('combobox', { name: 'Frame type' }),
  filterText: (root: Root): Locator => root.locator('#frame-filter'),
  filterError: (root: Root): Locator => root.locator('#frame-filter-error'),
  hideHeartbeats: (root: Root): Locator => root.getByRole('checkbox', { name: 'Hide heartbeats' }),
  clearFilters: (root: Root): Locator => root.getByRole('button', { name: 'Clear filters', exact: true }),
  filterSummary: (root: Root): Locator => root.getByTestId('filter-summary'),
  /** "N of M frames". */
  frameCount: (root: Root): Locator => root.getByTestId('frame-count'),
  heartbeatRows: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).locator('[data-kind="frame"][data-heartbeat]'),
  selectedRow: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).locator('[role="row"][aria-selected="true"]'),
  /** The decoded summary cell of frame rows. */
  frameSummaries: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).getByTestId('frame-summary'),
  heartbeatHint: (root: Root): Locator => root.getByTestId('heartbeat-hint'),
  timeToggle: (root: Root): Locator => root.getByRole('region', { name: 'Messages' }).locator('.time-toggle'),
  payload: (root: Root): Locator => root.getByRole('region', { name: 'Payload' }),
  payloadTab: (root: Root, name: string | RegExp): Locator =>
    root.getByRole('region', { name: 'Payload' }).getByRole('tablist', { name: 'Payload views' }).getByRole('tab', { name }),
  payloadTree: (root: Root, name: string | RegExp): Locator => root.getByRole('region', { name: 'Payload' }).getByRole('tree', { name }),
  treeItem: (tree: Locator, path: string): Locator => tree.locator(`[role="treeitem"][data-path="${path.replace(/"/g, '\\"')}"]`),
  jsonPath: (root: Root): Locator => root.getByRole('region', { name: 'Payload' }).getByTestId('json-path'),
  hexDump: (root: Root): Locator => root.getByRole('region', { name: 'Payload' }).getByTestId('hex-dump'),
  truncationNotice: (root: Root): Locator => root.getByRole('region', { name: 'Payload' }).getByTestId('truncation-notice'),
  copyAsMenu: (root: Root): Locator => root.getByRole('button', { name: /^Copy as…/ }),
  copyAsItem: (root: Root, name: 'Copy as websocat' | 'Copy as wscat' | 'Copy connection as JSON' | 'Copy payload'): Locator =>
    root.getByRole('menu', { name: 'Copy as' }).getByRole('menuitem', { name, exact: true }),
  copyStatus: (root: Root): Locator => root.getByRole('region', { name: 'Messages' }).locator('.copy-status'),
  // Shell: theme, split panes, timeline, banners and empty states (SplitPane.tsx, Timeline.tsx, Toolbar.tsx, ConnectionTable.tsx)
  /** The selected row of the Connections table. */
  selectedConnectionRow: (root: Root): Locator =>
    root.getByRole('table', { name: 'Connections' }).locator('tbody tr[aria-selected="true"]'),
  /** The frame filter text box (the filter bar's), when shown. */
  frameFilterInput: (root: Root): Locator => root.locator('#frame-filter'),
  splitSeparator: (root: Root): Locator => root.getByRole('separator', { name: 'Resize the connections table' }),
  timeline: (root: Root): Locator => root.getByRole('region', { name: 'Timeline' }),
  timelineToggle: (root: Root): Locator => root.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /Timeline$/ }),
  /** One label per lane (one lane per connection); each carries data-connection-id. */
  timelineLanes: (root: Root): Locator => root.getByRole('region', { name: 'Timeline' }).locator('[data-lane]'),
  timelineGroups: (root: Root): Locator => root.getByRole('region', { name: 'Timeline' }).locator('[data-group]'),
  timelineCanvas: (root: Root): Locator => root.getByRole('region', { name: 'Timeline' }).locator('canvas'),
  /** The time range selected on the timeline (data-from, data-to in epoch ms). */
  timelineRange: (root: Root): Locator => root.getByTestId('timeline-range'),
  timelineButton: (root: Root, name: 'Zoom in' | 'Zoom out' | 'Pan left' | 'Pan right' | 'Fit all' | 'Clear range'): Locator =>
    root.getByRole('region', { name: 'Timeline' }).getByRole('button', { name, exact: true }),
  pausedBanner: (root: Root): Locator => root.getByTestId('paused-banner'),
  resumeRecording: (root: Root): Locator => root.getByRole('button', { name: 'Resume recording', exact: true }),
  noSockets: (root: Root): Locator => root.getByTestId('no-sockets'),
  notHooked: (root: Root): Locator => root.getByTestId('not-hooked'),
  reloadPage: (root: Root): Locator => root.getByRole('button', { name: 'Reload the page', exact: true }),
};

/** The ids of every finding listed, in order (duplicates kept: one per finding). */
export async function findingIds(root: Root): Promise<string[]> {
  return panel
    .findings(root)
    .locator('[data-finding-id]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-finding-id') ?? ''));
}

/** Count in the Sent/Received cell ("12 · 1.2 KiB" → 12). */
export async function frameCount(cell: Locator): Promise<number> {
  return frameCountOf((await cell.textContent()) ?? '');
}

/** The same from a cell's text (`readConnections` rows). */
export function frameCountOf(text: string): number {
  return Number(text.split('·')[0]!.trim());
}

/** One row of the Connections table, read from the DOM (see `readConnections`). */
export interface ConnectionRowData {
  url: string;
  state: string;
  protocol: string;
  sent: string;
  received: string;
  close: string;
  /** The `data-handshake-status` attribute: the HTTP status of the upgrade, if one was seen. */
  handshakeStatus: string | null;
}

/** One row of the Frames grid: `kind` is "frame" or a lifecycle event kind. */
export interface MessageRowData {
  kind: string;
  direction: string | null;
  text: string;
}

/**
 * The same queries in plain DOM, for drivers without Playwright locators (puppeteer,
 * and a frame script inside Firefox's DevTools panel). Each function is self-contained:
 * it is serialized and run inside the panel's document.
 */
export function readConnections(doc: Document): ConnectionRowData[] {
  const rows = Array.from(doc.querySelectorAll('table[aria-label="Connections"] tbody tr'));
  return rows.map((row) => {
    const cell = (col: string): string => row.querySelector(`td[data-col="${col}"]`)?.textContent ?? '';
    return {
      url: row.querySelector('td.url')?.getAttribute('title') ?? '',
      state: cell('state'),
      protocol: cell('protocol'),
      sent: cell('sent'),
      received: cell('received'),
      close: cell('close'),
      handshakeStatus: row.getAttribute('data-handshake-status'),
    };
  });
}

/** Clicks the first connection row whose URL contains `urlPart`; false if there is none. */
export function selectConnection(doc: Document, urlPart: string): boolean {
  const rows = Array.from(doc.querySelectorAll('table[aria-label="Connections"] tbody tr'));
  const row = rows.find((r) => (r.querySelector('td.url')?.getAttribute('title') ?? '').includes(urlPart));
  if (!row) return false;
  (row as HTMLElement).click();
  return true;
}

/** Scrolls the (virtualized) frame list to its top or bottom, so those rows are rendered. */
export function scrollMessages(doc: Document, to: 'top' | 'bottom' | 'onward'): boolean {
  const grid = doc.querySelector('[role="grid"][aria-label="Frames"]');
  if (!grid) return false;
  const atBottom = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1;
  // 'onward': half a view further down, back to the top after the bottom.
  grid.scrollTop =
    to === 'top' || (to === 'onward' && atBottom) ? 0 : to === 'bottom' ? grid.scrollHeight : grid.scrollTop + grid.clientHeight / 2;
  grid.dispatchEvent(new Event('scroll'));
  return true;
}

export function readMessages(doc: Document): MessageRowData[] {
  const rows = Array.from(doc.querySelectorAll('[role="grid"][aria-label="Frames"] [data-kind]'));
  return rows.map((r) => ({
    kind: r.getAttribute('data-kind') ?? '',
    direction: r.getAttribute('data-direction'),
    text: r.textContent ?? '',
  }));
}

/** One item of the Findings list, read from the DOM (see `readFindings`). */
export interface FindingRowData {
  id: string;
  severity: string;
  text: string;
}

/** Every finding listed (plain DOM, like `readConnections`): `findingIds` without Playwright. */
export function readFindings(doc: Document): FindingRowData[] {
  const items = Array.from(doc.querySelectorAll('section[aria-label="Findings"] [data-finding-id]'));
  return items.map((e) => ({
    id: e.getAttribute('data-finding-id') ?? '',
    severity: e.getAttribute('data-severity') ?? '',
    text: e.textContent ?? '',
  }));
}

/** Clicks the button whose text is exactly `name`; false if there is none (or it is disabled). */
export function clickButton(doc: Document, name: string): boolean {
  const button = Array.from(doc.querySelectorAll('button')).find((b) => (b.textContent ?? '').trim() === name);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}
