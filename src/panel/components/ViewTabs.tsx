/**
 * The live session and each imported file as tabs: imported ones are read-only and
 * labelled with their file name, export time, tool version and whether secrets were
 * redacted. In the standalone viewer (no tab) with nothing imported yet, the import
 * button is the first thing shown.
 */
import type { ImportedView, Store } from '../store';
import { closeImport, showView } from '../store';
import { IMPORT_ACCEPT, pickImportFile } from './SessionIO';

const SOURCE_LABEL: Record<ImportedView['meta']['source'], string> = {
  'ws-triage': 'WS Triage',
  'har-chrome': 'HAR from Chrome',
  'har-firefox': 'HAR from Firefox',
  'har-mitmproxy': 'HAR from mitmproxy',
  har: 'HAR',
};

function exportedText(iso: string | null): string {
  if (iso === null) return 'export time unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `exported ${d.toLocaleString()}`;
}

function toolText(v: ImportedView): string {
  const source = SOURCE_LABEL[v.meta.source];
  return v.meta.toolVersion === null ? source : `${source} ${v.meta.toolVersion}`;
}

function SecretsBadge({ redacted }: { redacted: boolean }) {
  return redacted ? (
    <span class="badge redacted">redacted</span>
  ) : (
    <span class="badge secrets" title="This file was exported with secrets included">
      contains secrets
    </span>
  );
}

export function ViewTabs({ store }: { store: Store }) {
  const imports = store.imports.value;
  const active = store.activeViewId.value;
  if (imports.length === 0) {
    if (store.tabId !== null) return null;
    return (
      <div class="viewer-empty" role="region" aria-label="Viewer">
        <p>WS Triage viewer: open a session file (.wstriage.json) or a HAR file someone shared with you.</p>
        <button type="button" class="primary" onClick={pickImportFile}>
          Open a session file…
        </button>
        <p class="hint">or drop it anywhere on this page · accepts {IMPORT_ACCEPT.split(',').filter((a) => a.startsWith('.')).join(', ')}</p>
      </div>
    );
  }
  const current = imports.find((v) => v.id === active);
  return (
    <div class="view-tabs">
      <div class="tablist" role="tablist" aria-label="Sessions">
        {store.tabId !== null && (
          <button
            type="button"
            role="tab"
            class="tab"
            aria-selected={active === 'live'}
            onClick={() => showView(store, 'live')}
          >
            Live
          </button>
        )}
        {imports.map((v) => (
          <span class={v.id === active ? 'tab-wrap active' : 'tab-wrap'} key={v.id} role="presentation">
            <button
              type="button"
              role="tab"
              class="tab"
              aria-selected={v.id === active}
              title={`${v.meta.fileName} · ${exportedText(v.meta.exportedAt)} · ${toolText(v)} · Delete closes it`}
              onClick={() => showView(store, v.id)}
              onKeyDown={(e) => {
                if (e.key === 'Delete') closeImport(store, v.id);
              }}
            >
              {v.meta.fileName} <SecretsBadge redacted={v.meta.redacted} />
            </button>
            {/* Mouse shortcut only: a tablist may hold nothing but tabs; the keyboard way is Delete, or Close in the bar below. */}
            <span class="tab-close" aria-hidden="true" title={`Close ${v.meta.fileName}`} onClick={() => closeImport(store, v.id)}>
              ×
            </span>
          </span>
        ))}
      </div>
      {current && (
        <div class="import-info" role="note" data-testid="import-info">
          Read-only · <span class="file">{current.meta.fileName}</span> · {exportedText(current.meta.exportedAt)} ·{' '}
          {toolText(current)} · <SecretsBadge redacted={current.meta.redacted} />
          <button type="button" class="tab-close" aria-label={`Close ${current.meta.fileName}`} title="Close this file" onClick={() => closeImport(store, current.id)}>
            × Close
          </button>
        </div>
      )}
    </div>
  );
}
