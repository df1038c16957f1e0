import { BINARY_BUSY_PREVIEW_BYTES, BINARY_PREVIEWS_PER_SECOND, BINARY_PREVIEW_BYTES, BLOB_READS_PER_SECOND, DEFAULT_PAYLOAD_CAP } from '../../shared/protocol';
import { DEFAULT_LIMITS } from '../../shared/model';
import { formatBytes } from '../format';
import type { Store } from '../store';
import { hasTab } from '../store';
import { modifierKey } from '../keyboard';
import type { PanelActions } from '../link';
import { SessionIO } from './SessionIO';

export function Toolbar({ store, actions }: { store: Store; actions: PanelActions }) {
  const status = store.status.value;
  // A closed tab's panel keeps what it showed, to read and export, but has nothing to control.
  const live = hasTab(store);
  const s = store.view.value.session;
  void store.revision.value;
  return (
    <div class="toolbar" role="toolbar" aria-label="WS Triage controls">
      {live && (
        <button
          type="button"
          class={status.recording ? 'record on' : 'record'}
          aria-pressed={status.recording}
          title={status.recording ? `Pause recording (${modifierKey()}+E)` : `Record (${modifierKey()}+E)`}
          onClick={() => actions.setRecording(!status.recording)}
        >
          {/* The visible word is the accessible name (WCAG 2.5.3: "click Recording" works); pressed says the state. */}
          <span aria-hidden="true">{status.recording ? '● ' : '○ '}</span>
          {status.recording ? 'Recording' : 'Paused'}
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
        <label
          class="check"
          title={`Keep binary frames whole (up to ${formatBytes(DEFAULT_PAYLOAD_CAP)}) instead of their first ${formatBytes(BINARY_PREVIEW_BYTES)} (${formatBytes(BINARY_BUSY_PREVIEW_BYTES)} past ${BINARY_PREVIEWS_PER_SECOND} binary frames in a second; past ${BLOB_READS_PER_SECOND} Blob frames, only their sizes). Large binary traffic then costs the page more throughput. Applies to every tab, from the next frame.`}
        >
          <input
            type="checkbox"
            data-testid="whole-binary-frames"
            checked={store.captureSettings.value.wholeBinaryFrames}
            onChange={(e) => actions.setWholeBinaryFrames((e.currentTarget as HTMLInputElement).checked)}
          />
          Whole binary frames
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
        {s.droppedFrames > 0 && <span class="notice"> · frames dropped</span>}
        {s.lostEvents > 0 && (
          <span class="notice" role="status" data-testid="lost-notice">
            {' '}· {s.lostEvents.toLocaleString('en-US')} events lost before reaching WS Triage
          </span>
        )}
        {store.link.value === 'connecting' && <span class="notice"> · connecting…</span>}
        {store.link.value === 'tab-closed' && (
          <span class="notice" role="status" data-testid="tab-closed-notice">
            {' '}· the tab was closed: what it captured stays here until this panel closes (Export keeps it)
          </span>
        )}
        {store.link.value === 'incompatible' && (
          <span class="notice"> · this panel and the extension's background are different versions: reload</span>
        )}
      </span>
    </div>
  );
}

/**
 * Banners under the toolbar for states that change what the panel can show: recording
 * paused, frames dropped by the per-tab cap, and a page loaded before WS Triage was
 * installed (its sockets were never hooked).
 */
export function Notices({ store, actions }: { store: Store; actions: PanelActions }) {
  const status = store.status.value;
  const live = hasTab(store) && store.view.value.kind === 'live';
  const s = store.view.value.session;
  void store.revision.value;
  const dropped = s.droppedFrames;
  return (
    <>
      {live && !status.recording && (
        <div class="banner warn" role="status" data-testid="paused-banner">
          <span>
            <strong>Recording is paused.</strong> New sockets and frames are not captured until you resume.
          </span>
          <button type="button" class="banner-btn" onClick={() => actions.setRecording(true)}>
            Resume recording
          </button>
        </div>
      )}
      {dropped > 0 && (
        <div class="banner warn" role="status" data-testid="dropped-notice">
          <span>
            <strong>{dropped.toLocaleString('en-US')} oldest frames dropped</strong> to stay under the caps of {DEFAULT_LIMITS.maxFrames.toLocaleString('en-US')} frames and{' '}
            {DEFAULT_LIMITS.maxPayloadChars / 2 ** 20} Mi payload characters per tab.
            The frame counts in the table still include them; the frame list and the timeline show only the frames kept.
            {live && ' Clear to start afresh, or export the session now to keep what is left.'}
          </span>
        </div>
      )}
    </>
  );
}
