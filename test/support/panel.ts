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
    column: 'state' | 'protocol' | 'opened' | 'duration' | 'sent' | 'received' | 'close' | 'diagnosis',
  ): Locator =>
    row.locator(`td[data-col="${column}"]`),
  frames: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }),
  frameRows: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).locator('[data-kind="frame"]'),
  eventRows: (root: Root, kind: string): Locator =>
    root.getByRole('grid', { name: 'Frames' }).locator(`[data-kind="${kind}"]`),
  clear: (root: Root): Locator => root.getByRole('button', { name: 'Clear' }),
  recordToggle: (root: Root): Locator => root.getByRole('button', { name: /^(Pause recording|Record)$/ }),
  preserveLog: (root: Root): Locator => root.getByRole('checkbox', { name: 'Preserve log' }),
  droppedNotice: (root: Root): Locator => root.getByTestId('dropped-notice'),
  /** The findings strip; each finding carries data-finding-id and data-severity. */
  findings: (root: Root): Locator => root.getByRole('region', { name: 'Findings' }),
  finding: (root: Root, id: string): Locator =>
    root.getByRole('region', { name: 'Findings' }).locator(`[data-finding-id="${id}"]`),
  findingsOfSeverity: (root: Root, severity: 'error' | 'warning' | 'info'): Locator =>
    root.getByRole('region', { name: 'Findings' }).locator(`[data-finding-id][data-severity="${severity}"]`),
  /** The buttons of a finding that select the connections it refers to. */
  findingConnections: (finding: Locator): Locator => finding.locator('button[data-connection-id]'),
  /** The selected connection's detail header: its handshake and its close explained. */
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
export function scrollMessages(doc: Document, to: 'top' | 'bottom'): boolean {
  const grid = doc.querySelector('[role="grid"][aria-label="Frames"]');
  if (!grid) return false;
  grid.scrollTop = to === 'top' ? 0 : grid.scrollHeight;
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
