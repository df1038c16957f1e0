/**
 * Panel-wide keyboard shortcuts, installed once (main.tsx):
 *   `/`, Ctrl+F (Cmd+F on macOS)  focus the frame filter (`#frame-filter`), opening the selected
 *                                 connection's Messages tab when another of its tabs is shown
 *   Ctrl+E (Cmd+E on macOS)       pause or resume recording, as in the Network panel
 *   Esc in the filter             clears it if it has text, else leaves it (blur)
 * Dialogs handle their own Escape (ConfirmDialog); the connections table handles its
 * arrows (ConnectionTable), split separators and the timeline theirs.
 */
import { frameFilter, setFilter } from './filter-store';

const FILTER_ID = 'frame-filter';

/** "Ctrl", or "⌘" on macOS: for tooltips that name a shortcut. */
export function modifierKey(): string {
  return isMac() ? '⌘' : 'Ctrl';
}

function isMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac/i.test(nav.userAgentData?.platform ?? navigator.platform ?? '');
}

/** True when typing in `el` should not trigger single-key shortcuts. */
export function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(el.type);
  }
  return false;
}

/** The frame filter when it shows: on another tab of the connection it is in the page, hidden. */
function filterInput(doc: Document): HTMLInputElement | null {
  const el = doc.getElementById(FILTER_ID);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || el.closest('[hidden]')) return null;
  return el as HTMLInputElement;
}

export interface ShortcutOptions {
  /**
   * Shows the frame filter when it is not in the page (another tab of the selected connection
   * is open): returns false when there is nothing to show it for (no connection selected).
   */
  showFilter?: () => boolean;
}

/** Focuses the frame filter once it is rendered (a few animation frames at most). */
function focusFilterWhenShown(doc: Document, frames = 10): void {
  const input = filterInput(doc);
  if (input) {
    input.focus();
    input.select();
  } else if (frames > 0) requestAnimationFrame(() => focusFilterWhenShown(doc, frames - 1));
}

function focusFilter(doc: Document, input: HTMLInputElement | null, options: ShortcutOptions): boolean {
  if (input) {
    input.focus();
    input.select();
    return true;
  }
  if (!options.showFilter?.()) return false;
  focusFilterWhenShown(doc);
  return true;
}

/** Handles one keydown on the document; returns true when it acted. Exported for tests. */
export function handleShortcut(e: KeyboardEvent, doc: Document = document, options: ShortcutOptions = {}): boolean {
  if (e.defaultPrevented) return false;
  const active = doc.activeElement;
  const input = filterInput(doc);
  const modifier = isMac() ? e.metaKey : e.ctrlKey;
  if (doc.querySelector('[role="dialog"][aria-modal="true"]')) return false;
  if ((e.key === 'f' || e.key === 'F') && modifier && !e.altKey && !e.shiftKey) return focusFilter(doc, input, options);
  if ((e.key === 'e' || e.key === 'E') && modifier && !e.altKey && !e.shiftKey) {
    const record = doc.querySelector<HTMLButtonElement>('button.record');
    if (!record) return false;
    record.click();
    return true;
  }
  if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(active)) return focusFilter(doc, input, options);
  if (e.key === 'Escape' && input && active === input) {
    if (input.value !== '' || frameFilter.value.text !== '') {
      input.value = '';
      // The filter bar owns the input: tell it as if the user had erased the text.
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (frameFilter.value.text !== '') setFilter({ text: '' });
    } else {
      input.blur();
    }
    return true;
  }
  return false;
}

export function installShortcuts(doc: Document = document, options: ShortcutOptions = {}): () => void {
  const onKeyDown = (e: KeyboardEvent): void => {
    if (handleShortcut(e, doc, options)) e.preventDefault();
  };
  doc.addEventListener('keydown', onKeyDown);
  return () => doc.removeEventListener('keydown', onKeyDown);
}
