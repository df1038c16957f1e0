import type { Store } from '../store';
import type { PanelActions } from '../link';
import { SessionIO } from './SessionIO';

export function Toolbar({ store, actions }: { store: Store; actions: PanelActions }) {
  const status = store.status.value;
  const live = store.tabId !== null;
  const s = store.view.value.session;
  void store.revision.value;
  return (
    <div class="toolbar" role="toolbar" aria-label="WS Triage controls">
      {live && (
        <button
          type="button"
          class={status.recording ? 'record on' : 'record'}
          aria-pressed={status.recording}
          aria-label={status.recording ? 'Pause recording' : 'Record'}
          title={status.recording ? 'Pause recording' : 'Record'}
          onClick={() => actions.setRecording(!status.recording)}
        >
          {status.recording ? '● Recording' : '○ Paused'}
        </button>
      )}
      {live && (
        <button type="button" aria-label="Clear" title="Clear" onClick={() => actions.clear()}>
          Clear
        </button>
      )}
      {live && (
        <label class="check">
          <input
            type="checkbox"
            checked={status.preserveLog}
            onChange={(e) => actions.setPreserveLog((e.currentTarget as HTMLInputElement).checked)}
          />
          Preserve log
        </label>
      )}
      {live && (
        <button type="button" title="Open this panel in a window of its own" onClick={() => actions.popOut()}>
          Open in a window
        </button>
      )}
      <SessionIO store={store} />
      <span class="spacer" />
      <span class="summary" aria-live="polite">
        {store.connections.value.length} connection{store.connections.value.length === 1 ? '' : 's'}
        {s.droppedFrames > 0 && (
          <span class="notice" role="status" data-testid="dropped-notice">
            {' '}· {s.droppedFrames.toLocaleString('en-US')} oldest frames dropped (cap{' '}
            {'100,000'} frames per tab)
          </span>
        )}
        {s.lostEvents > 0 && (
          <span class="notice" role="status" data-testid="lost-notice">
            {' '}· {s.lostEvents.toLocaleString('en-US')} events lost before reaching WS Triage
          </span>
        )}
        {!status.recording && live && <span class="notice"> · recording paused</span>}
        {store.link.value === 'connecting' && <span class="notice"> · connecting…</span>}
        {store.link.value === 'incompatible' && (
          <span class="notice"> · this panel and the extension's background are different versions: reload</span>
        )}
      </span>
    </div>
  );
}
