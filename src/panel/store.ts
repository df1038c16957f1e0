/**
 * The panel's one store. The session model is mutated only by `apply` (which runs the
 * shared reducer); components read signals and derive everything else with computed.
 */
import { batch, computed, signal } from '@preact/signals';
import { applyEvents, findConnection, resetSession, restoreConnection, restoreFrames } from '../shared/apply';
import type { Connection, Session } from '../shared/model';
import { createSession } from '../shared/model';
import type { BackgroundToPanel, CaptureSettings, TabStatus } from '../shared/protocol';
import { DEFAULT_CAPTURE_SETTINGS } from '../shared/protocol';
import type { ImportedSession } from '../session';
import type { DetailTab } from './detail-tab';

export type LinkState = 'connecting' | 'live' | 'viewer' | 'incompatible' | 'tab-closed';

/** Whether the panel shows a tab that is still there (not a viewer, and the tab not closed): what record, clear and reload need. */
export const hasTab = (store: { tabId: number | null; link: { value: LinkState } }): boolean => store.tabId !== null && store.link.value !== 'tab-closed';

/** A session file opened in the panel: read-only, shown beside (never mixed with) the live one. */
export interface ImportedView extends ImportedSession {
  id: string;
}

/** What the panel is showing: the live tab's session, or one imported file. */
export type View =
  | { kind: 'live'; session: Session }
  | { kind: 'imported'; session: Session; imported: ImportedView };

/**
 * The tab a panel shows: DevTools' inspected tab, else the pop-out's `?tabId=`, else none (a
 * viewer of imported sessions). DevTools that inspects something other than a tab (another
 * DevTools, an extension's worker) reports tab id -1: nothing there is captured, so it is a viewer.
 */
export function tabToShow(inspected: unknown, search: string): number | null {
  if (typeof inspected === 'number') return Number.isInteger(inspected) && inspected >= 0 ? inspected : null;
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d{1,15}$/.test(param)) return Number(param);
  return null;
}

export function createStore(tabId: number | null) {
  const session: Session = createSession();
  const revision = signal(0);
  const status = signal<TabStatus>({ recording: true, preserveLog: false });
  /** The user's capture settings (extension storage, shared by every tab). */
  const captureSettings = signal<CaptureSettings>(DEFAULT_CAPTURE_SETTINGS);
  const selectedId = signal<string | null>(null);
  /** The selected connection's tab: kept from one connection to the next, as in Chrome's Network panel. */
  const detailTab = signal<DetailTab>('messages');
  const link = signal<LinkState>(tabId === null ? 'viewer' : 'connecting');
  const now = signal(Date.now());
  const imports = signal<ImportedView[]>([]);
  /** 'live' or the id of an imported view. */
  const activeViewId = signal<string>('live');
  /** Session files and summaries: exports keep secrets only when this is on (off in every new panel). */
  const includeSecrets = signal(false);
  /** An import in progress: the file's name and what is happening. */
  const importing = signal<{ fileName: string; stage: 'reading' | 'parsing' } | null>(null);
  /** Why the last import failed (shown until dismissed or the next import). */
  const importError = signal<string | null>(null);

  const view = computed<View>(() => {
    const id = activeViewId.value;
    const imported = id === 'live' ? undefined : imports.value.find((v) => v.id === id);
    return imported ? { kind: 'imported', session: imported.session, imported } : { kind: 'live', session };
  });
  const connections = computed(() => {
    void revision.value;
    return view.value.session.connections.slice();
  });
  const selected = computed<Connection | null>(() => {
    void revision.value;
    const id = selectedId.value;
    return id === null ? null : (findConnection(view.value.session, id) ?? null);
  });

  return {
    tabId,
    session,
    revision,
    status,
    captureSettings,
    selectedId,
    detailTab,
    link,
    now,
    imports,
    activeViewId,
    includeSecrets,
    importing,
    importError,
    view,
    connections,
    selected,
  };
}

export type Store = ReturnType<typeof createStore>;

let pendingBump: ReturnType<typeof setTimeout> | undefined;

/** Re-render at most every 16 ms however fast messages arrive. */
function bump(store: Store): void {
  pendingBump ??= setTimeout(() => {
    pendingBump = undefined;
    store.revision.value++;
  }, 16);
}

/** Applies one message from the background to the store. */
export function apply(store: Store, message: BackgroundToPanel): void {
  batch(() => {
    switch (message.type) {
      case 'reset': {
        const s = message.session;
        resetSession(store.session, s.page.url, s.page.title, s.startedAt);
        Object.assign(store.session, { ...s, connections: store.session.connections });
        store.status.value = message.status;
        store.link.value = 'live';
        break;
      }
      case 'connection':
        restoreConnection(store.session, message.connection);
        break;
      case 'frames':
        restoreFrames(store.session, message.id, message.frames);
        break;
      case 'events':
        applyEvents(store.session, message.events);
        break;
      case 'status':
        store.status.value = message.status;
        break;
      case 'incompatible':
        store.link.value = 'incompatible';
        break;
      case 'tab-closed':
        store.link.value = 'tab-closed';
        break;
    }
    bump(store);
  });
}

let importCounter = 0;

/** Adds an imported file as a new read-only view and shows it. */
export function addImport(store: Store, imported: ImportedSession): void {
  const id = `import-${++importCounter}`;
  batch(() => {
    store.imports.value = [...store.imports.value, { ...imported, id }];
    store.activeViewId.value = id;
    store.selectedId.value = null;
  });
}

export function showView(store: Store, id: string): void {
  batch(() => {
    store.activeViewId.value = id;
    store.selectedId.value = null;
  });
}

export function closeImport(store: Store, id: string): void {
  batch(() => {
    store.imports.value = store.imports.value.filter((v) => v.id !== id);
    if (store.activeViewId.value !== id) return;
    // The standalone viewer has no live session to fall back to: show another file.
    const rest = store.imports.value;
    showView(store, store.tabId === null && rest.length > 0 ? rest[rest.length - 1]!.id : 'live');
  });
}
