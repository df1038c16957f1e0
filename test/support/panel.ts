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
