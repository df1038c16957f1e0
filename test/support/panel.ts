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
  cell: (row: Locator, column: 'state' | 'protocol' | 'opened' | 'duration' | 'sent' | 'received' | 'close'): Locator =>
    row.locator(`td[data-col="${column}"]`),
  frames: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }),
  frameRows: (root: Root): Locator => root.getByRole('grid', { name: 'Frames' }).locator('[data-kind="frame"]'),
  eventRows: (root: Root, kind: string): Locator =>
    root.getByRole('grid', { name: 'Frames' }).locator(`[data-kind="${kind}"]`),
  clear: (root: Root): Locator => root.getByRole('button', { name: 'Clear' }),
  recordToggle: (root: Root): Locator => root.getByRole('button', { name: /^(Pause recording|Record)$/ }),
  preserveLog: (root: Root): Locator => root.getByRole('checkbox', { name: 'Preserve log' }),
  droppedNotice: (root: Root): Locator => root.getByTestId('dropped-notice'),
};

/** Count in the Sent/Received cell ("12 · 1.2 KiB" → 12). */
export async function frameCount(cell: Locator): Promise<number> {
  const text = (await cell.textContent()) ?? '';
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

export function readMessages(doc: Document): MessageRowData[] {
  const rows = Array.from(doc.querySelectorAll('[role="grid"][aria-label="Frames"] [data-kind]'));
  return rows.map((r) => ({
    kind: r.getAttribute('data-kind') ?? '',
    direction: r.getAttribute('data-direction'),
    text: r.textContent ?? '',
  }));
}
