/**
 * The panel's one store. The session model is mutated only by `apply` (which runs the
 * shared reducer); components read signals and derive everything else with computed.
 */
import { batch, computed, signal } from '@preact/signals';
import { applyEvents, findConnection, resetSession, restoreConnection, restoreFrames } from '../shared/apply';
import type { Connection, Session } from '../shared/model';
import { createSession } from '../shared/model';
import type { BackgroundToPanel, TabStatus } from '../shared/protocol';

export type LinkState = 'connecting' | 'live' | 'viewer' | 'incompatible';

export function createStore(tabId: number | null) {
  const session: Session = createSession();
  const revision = signal(0);
  const status = signal<TabStatus>({ recording: true, preserveLog: false });
  const selectedId = signal<string | null>(null);
  const link = signal<LinkState>(tabId === null ? 'viewer' : 'connecting');
  const now = signal(Date.now());

  const connections = computed(() => {
    void revision.value;
    return session.connections.slice();
  });
  const selected = computed<Connection | null>(() => {
    void revision.value;
    const id = selectedId.value;
    return id === null ? null : (findConnection(session, id) ?? null);
  });

  return { tabId, session, revision, status, selectedId, link, now, connections, selected };
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
    }
    bump(store);
  });
}
