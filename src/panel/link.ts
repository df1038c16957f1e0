/**
 * The panel's connection to the background: subscribes to one tab, applies what comes
 * back to the store, and resubscribes (getting a fresh snapshot) if the background
 * worker was stopped.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundToPanel, PanelToBackground } from '../shared/protocol';
import { CAPTURE_SETTINGS_KEY, PANEL_PORT, PROTOCOL_VERSION, readCaptureSettings } from '../shared/protocol';
import type { Store } from './store';
import { apply } from './store';

export interface PanelActions {
  clear(): void;
  setRecording(recording: boolean): void;
  setPreserveLog(preserveLog: boolean): void;
  popOut(): void;
  /** Reloads the inspected page (DevTools), or the tab (pop-out). */
  reloadPage(): void;
  /** Keep binary frames whole instead of their first BINARY_PREVIEW_BYTES (every tab, from the next frame). */
  setWholeBinaryFrames(whole: boolean): void;
}

/** Keeps `store.captureSettings` in step with extension storage (any panel may change it). */
function watchCaptureSettings(store: Store): void {
  browser.storage.local.get(CAPTURE_SETTINGS_KEY).then(
    (stored) => {
      store.captureSettings.value = readCaptureSettings(stored[CAPTURE_SETTINGS_KEY]);
    },
    () => undefined,
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && CAPTURE_SETTINGS_KEY in changes) store.captureSettings.value = readCaptureSettings(changes[CAPTURE_SETTINGS_KEY]!.newValue);
  });
}

export function connectPanel(store: Store): PanelActions {
  const tabId = store.tabId;
  let port: Runtime.Port | null = null;

  const send = (message: PanelToBackground): void => {
    try {
      port?.postMessage(message);
    } catch {
      port = null;
    }
  };

  const connect = (): void => {
    if (tabId === null) return;
    port = browser.runtime.connect({ name: PANEL_PORT });
    port.onMessage.addListener((m: unknown) => apply(store, m as BackgroundToPanel));
    port.onDisconnect.addListener(() => {
      port = null;
      // A closed tab's session is gone from the background: asking again would only empty the panel.
      if (store.link.value === 'tab-closed') return;
      if (store.link.value !== 'incompatible') store.link.value = 'connecting';
      setTimeout(connect, 100);
    });
    send({ type: 'subscribe', v: PROTOCOL_VERSION, tabId });
  };
  connect();
  watchCaptureSettings(store);

  return {
    clear: () => tabId !== null && send({ type: 'clear', tabId }),
    setRecording: (recording) => tabId !== null && send({ type: 'set-recording', tabId, recording }),
    setPreserveLog: (preserveLog) => tabId !== null && send({ type: 'set-preserve-log', tabId, preserveLog }),
    popOut: () => tabId !== null && send({ type: 'pop-out', tabId }),
    setWholeBinaryFrames: (whole) => {
      store.captureSettings.value = { ...store.captureSettings.value, wholeBinaryFrames: whole };
      void browser.storage.local.set({ [CAPTURE_SETTINGS_KEY]: store.captureSettings.value }).catch(() => {});
    },
    reloadPage: () => {
      const devtools = (browser as unknown as { devtools?: { inspectedWindow?: { reload?: (o?: object) => void } } }).devtools;
      if (devtools?.inspectedWindow?.reload) devtools.inspectedWindow.reload({});
      else if (tabId !== null) void browser.tabs.reload(tabId).catch(() => {});
    },
  };
}

/** DevTools' inspected tab id, if this page is a DevTools panel. */
export function inspectedTabId(): unknown {
  const devtools = (browser as unknown as { devtools?: { inspectedWindow?: { tabId?: unknown } } }).devtools;
  return devtools?.inspectedWindow?.tabId;
}
