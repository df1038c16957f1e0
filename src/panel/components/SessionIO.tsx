/**
 * Export, copy and import: the toolbar group, the Include secrets confirmation, the
 * import progress and error, and drag and drop of files onto the panel.
 */
import { useSignal } from '@preact/signals';
import type { HTMLAttributes } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { copyText, exportHarFile, exportSessionFile, importFiles, summaryText } from '../io';
import type { Store } from '../store';
import { ConfirmDialog } from './ConfirmDialog';

export const IMPORT_INPUT_ID = 'ws-triage-import-input';
export const IMPORT_ACCEPT = '.json,.har,.wstriage.json,application/json';

/** Opens the file picker of the one import input. */
export function pickImportFile(): void {
  document.getElementById(IMPORT_INPUT_ID)?.click();
}

export function SessionIO({ store }: { store: Store }) {
  const confirming = useSignal(false);
  const copied = useSignal<'copied' | 'failed' | null>(null);
  const copiedTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(copiedTimer.current), []);
  const empty = store.connections.value.length === 0;
  const includeSecrets = store.includeSecrets.value;
  const busy = store.importing.value !== null;

  const copy = (): void => {
    clearTimeout(copiedTimer.current);
    copyText(summaryText(store)).then(
      () => (copied.value = 'copied'),
      () => (copied.value = 'failed'),
    );
    copiedTimer.current = setTimeout(() => (copied.value = null), 2500);
  };

  return (
    <span class="session-io" role="group" aria-label="Session file">
      <button type="button" disabled={empty} title="Download the shown session as a WS Triage session file" onClick={() => exportSessionFile(store)}>
        Export session
      </button>
      <button type="button" disabled={empty} title="Download the shown session as a HAR file" onClick={() => exportHarFile(store)}>
        Export HAR
      </button>
      <button type="button" disabled={empty} title="Copy a Markdown summary for a bug report" onClick={copy}>
        Copy summary
      </button>
      {copied.value && (
        <span class={copied.value === 'copied' ? 'ok' : 'notice'} role="status">
          {copied.value === 'copied' ? 'Copied' : 'Could not copy'}
        </span>
      )}
      <label class={includeSecrets ? 'check secrets on' : 'check secrets'} title="Exports and summaries are redacted unless this is on">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(e) => {
            const box = e.currentTarget as HTMLInputElement;
            if (box.checked) {
              // Only the dialog turns it on.
              box.checked = false;
              confirming.value = true;
            } else {
              store.includeSecrets.value = false;
            }
          }}
        />
        Include secrets
      </label>
      <button type="button" disabled={busy} title="Open a session file or a HAR file (or drop it on the panel)" onClick={pickImportFile}>
        Import session
      </button>
      <input
        id={IMPORT_INPUT_ID}
        class="visually-hidden"
        type="file"
        tabIndex={-1}
        aria-label="Import session file"
        accept={IMPORT_ACCEPT}
        multiple
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          const files = Array.from(input.files ?? []);
          input.value = '';
          void importFiles(store, files);
        }}
      />
      {confirming.value && (
        <ConfirmDialog
          title="Include secrets in exports?"
          confirmLabel="Include secrets"
          onCancel={() => (confirming.value = false)}
          onConfirm={() => {
            confirming.value = false;
            store.includeSecrets.value = true;
          }}
        >
          <p>
            Exported session files, HAR files and copied summaries will contain everything as recorded: access tokens,
            JWTs, cookies, API keys and passwords in URLs, headers and frames.
          </p>
          <p>Anyone you give such a file can use them. Leave this off to share a redacted file.</p>
        </ConfirmDialog>
      )}
    </span>
  );
}

/** The import progress and the last import error, under the toolbar. */
export function ImportStatus({ store }: { store: Store }) {
  const importing = store.importing.value;
  const error = store.importError.value;
  if (!importing && !error) return null;
  return (
    <div class="import-status">
      {importing && (
        <div class="importing">
          <span class="progress" role="progressbar" aria-label={`Importing ${importing.fileName}`} aria-valuetext={importing.stage}>
            <span class="progress-bar" />
          </span>
          <span>
            {importing.stage === 'reading' ? 'Reading' : 'Checking'} {importing.fileName}…
          </span>
        </div>
      )}
      {error && (
        <div class="import-error" role="alert" data-testid="import-error">
          <span>{error}</span>
          <button type="button" aria-label="Dismiss" onClick={() => (store.importError.value = null)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

/** Props for the panel's root element: files dropped anywhere on it are imported. */
export function dropTarget(store: Store, dragging: { value: boolean }): HTMLAttributes<HTMLDivElement> {
  const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  return {
    onDragOver: (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      dragging.value = true;
    },
    onDragLeave: (e) => {
      if (e.relatedTarget === null) dragging.value = false;
    },
    onDrop: (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragging.value = false;
      void importFiles(store, Array.from(e.dataTransfer?.files ?? []));
    },
  };
}
