/**
 * Background worker (Chrome service worker, Firefox event page): receives bridges'
 * batches and webRequest handshakes, keeps each tab's session, serves panels.
 * Listeners are registered synchronously at the top level so events wake the worker.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundToBridge, BackgroundToPanel, BridgeToBackground, HandshakeEvent, Origin, PanelToBackground } from '../shared/protocol';
import { BRIDGE_PORT, PANEL_PORT, PROTOCOL_VERSION } from '../shared/protocol';
import { MAX_CHUNK_CHARS } from '../shared/wire';
import { watchHandshakes } from './handshakes';
import { deleteAll } from './storage';
import { broadcast, clearTab, commit, commitHook, forgetTab, sendSnapshot, withTab } from './tabs';

/** Storage is awaited by acks only, never by the tab's queue; a failed write just goes unacked. */
function stored(write: Promise<unknown>): void {
  write.catch(() => undefined);
}

function onBridgeMessage(port: Runtime.Port, message: BridgeToBackground): void {
  const tabId = port.sender?.tab?.id;
  if (tabId === undefined || tabId < 0) return;
  if (message.v !== PROTOCOL_VERSION) {
    port.postMessage({ type: 'incompatible', v: PROTOCOL_VERSION } satisfies BackgroundToBridge);
    return;
  }
  const sender = port.sender as Runtime.MessageSender & { documentId?: string };
  void withTab(tabId, (state) => {
    const record = state.record;
    switch (message.type) {
      case 'hello': {
        if (!message.top || record.topDoc === message.doc) return;
        // A new top-level document: a navigation of the tab (or its first page).
        const first = record.topDoc === null;
        record.topDoc = message.doc;
        if (record.status.hooked !== true) {
          record.status.hooked = true;
          broadcast(state, { type: 'status', status: { ...record.status } });
        }
        const preserve = record.status.preserveLog && !first;
        if (!preserve) record.seqs = {};
        stored(commit(state, [
          { kind: 'navigate', time: typeof message.time === 'number' ? message.time : Date.now(), url: message.url, title: message.title, preserve },
        ]));
        return;
      }
      case 'page':
        if (message.doc === record.topDoc) stored(commit(state, [{ kind: 'page-title', title: message.title }]));
        return;
      case 'events': {
        const last = record.seqs[message.doc] ?? 0;
        // A batch seen before is acked once what is being written now is stored.
        let written: Promise<void> = state.logWrite ?? Promise.resolve();
        if (message.seq > last) {
          record.seqs[message.doc] = message.seq;
          const lost = typeof message.lost === 'number' && message.lost > 0 ? message.lost : 0;
          if (lost > 0) written = commit(state, [{ kind: 'lost', count: lost }]);
          // The bridge checked each chunk's tag and size only; the background checks every
          // event when it decodes a chunk (hookLogEvents), and stores the chunks as they came.
          const chunks = (Array.isArray(message.chunks) ? (message.chunks as unknown[]) : []).filter(
            (chunk): chunk is string => typeof chunk === 'string' && chunk.length <= MAX_CHUNK_CHARS,
          );
          if (record.status.recording && chunks.length > 0) {
            const origin: Origin = { doc: message.doc };
            if (sender.frameId !== undefined) origin.frameId = sender.frameId;
            if (sender.documentId !== undefined) origin.documentId = sender.documentId;
            if (sender.url !== undefined) origin.frameUrl = sender.url;
            // A leaving document's last batch cannot be resent: it is stored at once.
            written = commitHook(state, { origin, chunks }, message.final === true);
          }
        }
        // Acked only once stored: until then the bridge keeps the batch to resend it.
        stored(written.then(() => port.postMessage({ type: 'ack', seq: message.seq } satisfies BackgroundToBridge)));
        return;
      }
    }
  }).catch(() => {
    // Not acked: the bridge resends the batch on its next connection.
  });
}

/** Sends a panel its tab's session, then the tab's live events. */
function subscribe(port: Runtime.Port, tabId: number): Promise<void> {
  return withTab(tabId, (state) => {
    // A tab whose page never said hello was loaded before WS Triage was installed.
    state.record.status.hooked = state.record.topDoc !== null;
    sendSnapshot(state, port);
    state.panels.add(port);
    port.onDisconnect.addListener(() => state.panels.delete(port));
  });
}

function onPanelMessage(port: Runtime.Port, message: PanelToBackground): void {
  switch (message.type) {
    case 'subscribe':
      if (message.v !== PROTOCOL_VERSION) {
        port.postMessage({ type: 'incompatible', v: PROTOCOL_VERSION } satisfies BackgroundToPanel);
        return;
      }
      // A closed tab's session is gone: say so rather than keep an empty state for it.
      void browser.tabs.get(message.tabId).then(
        () => subscribe(port, message.tabId),
        () => {
          try {
            port.postMessage({ type: 'tab-closed' } satisfies BackgroundToPanel);
          } catch {
            // The panel is gone too.
          }
        },
      );
      return;
    case 'clear':
      void withTab(message.tabId, (state) => clearTab(state));
      return;
    case 'pop-out':
      void browser.windows.create({
        url: browser.runtime.getURL(`/src/panel/index.html?tabId=${message.tabId}`),
        type: 'popup',
        width: 1100,
        height: 720,
      });
      return;
    case 'set-recording':
    case 'set-preserve-log':
      void withTab(message.tabId, async (state) => {
        if (message.type === 'set-recording') state.record.status.recording = message.recording;
        else state.record.status.preserveLog = message.preserveLog;
        broadcast(state, { type: 'status', status: { ...state.record.status } });
        stored(commit(state, []));
      });
      return;
  }
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name === BRIDGE_PORT) {
    port.onMessage.addListener((m: unknown) => onBridgeMessage(port, m as BridgeToBackground));
  } else if (port.name === PANEL_PORT) {
    // Panels are extension pages: never accept this port from a content script.
    if (port.sender?.tab && port.sender.url && !port.sender.url.startsWith(browser.runtime.getURL(''))) return;
    port.onMessage.addListener((m: unknown) => onPanelMessage(port, m as PanelToBackground));
  }
});

watchHandshakes((tabId: number, event: HandshakeEvent) => {
  void withTab(tabId, async (state) => {
    if (state.record.status.recording) stored(commit(state, [event]));
  });
});

// The toolbar button opens the panel as a standalone viewer (no tab) for session files.
browser.action.onClicked.addListener(() => {
  void browser.tabs.create({ url: browser.runtime.getURL('/src/panel/index.html') });
});

browser.tabs.onRemoved.addListener((tabId) => {
  void forgetTab(tabId);
});

// Tab ids do not survive a browser restart: stored sessions from before are stale.
browser.runtime.onStartup.addListener(() => {
  void deleteAll();
});
browser.runtime.onInstalled.addListener(() => {
  void deleteAll();
});
