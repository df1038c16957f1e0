import { closeCodeLabel } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import { connectionState } from '../../shared/model';
import { findingsOf } from '../findings-store';
import { endedWithoutClose, formatBytes, formatClock, formatDuration, handshakeStatus } from '../format';
import type { PanelActions } from '../link';
import type { Store } from '../store';

function protocolCell(c: Connection): string {
  const requested = c.protocolsRequested.join(', ');
  if (!requested && !c.protocol) return '—';
  return `${requested || '—'} → ${c.protocol || (c.openedAt === null ? '…' : 'none')}`;
}

function closeCell(c: Connection): string {
  if (!c.close) return c.closedAt !== null ? endedWithoutClose(c).short : '';
  return closeCodeLabel(c.close.code, { protocol: c.protocol });
}

function StatusCell({ c }: { c: Connection }) {
  const status = handshakeStatus(c);
  if (!status) {
    return (
      <td data-col="status" class="muted" title="Handshake not seen">
        —
      </td>
    );
  }
  return (
    <td data-col="status" class={status.ok ? undefined : 'bad'} title={status.title}>
      {status.text}
    </td>
  );
}

/** What to do when there is nothing to show yet. */
function EmptyState({ store, actions }: { store: Store; actions?: PanelActions }) {
  if (store.tabId === null || store.view.value.kind === 'imported') {
    return (
      <div class="empty" role="status">
        {store.tabId === null ? 'No session loaded. This viewer shows imported sessions.' : 'This file has no WebSocket connections.'}
      </div>
    );
  }
  const status = store.status.value;
  if (store.link.value === 'tab-closed') {
    return (
      <div class="empty" role="status" data-testid="tab-closed-empty">
        <p class="empty-title">No WebSockets yet</p>
        <p>The tab was closed: nothing more will be captured from it.</p>
      </div>
    );
  }
  const reload = actions && (
    <button type="button" class="empty-btn" onClick={() => actions.reloadPage()}>
      Reload the page
    </button>
  );
  if (status.hooked === false) {
    return (
      <div class="empty" role="status" data-testid="not-hooked">
        <p class="empty-title">No WebSockets yet</p>
        <p>
          <strong>Reload the page to capture its sockets.</strong> WS Triage has not seen this page load: it was probably opened before WS Triage was installed or enabled, so sockets
          it already has are invisible. Reloading lets WS Triage hook them from the start.
        </p>
        {reload}
      </div>
    );
  }
  return (
    <div class="empty" role="status" data-testid="no-sockets">
      <p class="empty-title">No WebSockets yet</p>
      <p>
        Sockets the page opens appear here as they connect, with their frames and a diagnosis of any failure.
        {!status.recording && ' Recording is paused: resume it first.'}
      </p>
      <ul>
        <li>Use the page so it opens a socket (sign in, open a chat, start a live view), or</li>
        <li>reload it to capture the sockets it opens while loading, and tick Preserve log to keep them across navigations.</li>
      </ul>
      {reload}
    </div>
  );
}

export function ConnectionTable({ store, actions }: { store: Store; actions?: PanelActions }) {
  const connections = store.connections.value;
  const selectedId = store.selectedId.value;
  const now = store.now.value;
  // One diagnose per revision for the whole table, not one per row.
  const diagnoses = findingsOf(store).diagnoses.value;
  if (connections.length === 0) return <EmptyState store={store} actions={actions} />;
  // One row is in the tab order (the selected one, else the first); arrows move between rows.
  const focusId = connections.some((c) => c.id === selectedId) ? selectedId : connections[0]!.id;
  const moveTo = (index: number, from: HTMLElement): void => {
    const target = connections[Math.max(0, Math.min(connections.length - 1, index))];
    if (!target) return;
    store.selectedId.value = target.id;
    const row = from.closest('tbody')?.querySelector<HTMLElement>(`tr[data-connection-id="${CSS.escape(target.id)}"]`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <div class="table-wrap">
      <table class="connections" aria-label="Connections">
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col" title="The HTTP status of the upgrade request (101 Switching Protocols when accepted)">
              Status
            </th>
            <th scope="col">State</th>
            <th scope="col">Subprotocol</th>
            <th scope="col">Opened</th>
            <th scope="col">Duration</th>
            <th scope="col">Sent</th>
            <th scope="col">Received</th>
            <th scope="col">Close</th>
            <th scope="col">Diagnosis</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((c, i) => {
            const state = connectionState(c);
            const diagnosis = diagnoses.get(c.id);
            const end = c.closedAt ?? now;
            const start = c.openedAt ?? c.createdAt;
            return (
              <tr
                key={c.id}
                class={`${c.id === selectedId ? 'selected' : ''} state-${state}`}
                aria-selected={c.id === selectedId}
                data-connection-id={c.id}
                data-handshake-status={c.handshake?.status ?? undefined}
                tabIndex={c.id === focusId ? 0 : -1}
                onClick={() => (store.selectedId.value = c.id)}
                onKeyDown={(e) => {
                  const row = e.currentTarget as HTMLElement;
                  if (e.key === 'Enter' || e.key === ' ') store.selectedId.value = c.id;
                  else if (e.key === 'ArrowDown') moveTo(i + 1, row);
                  else if (e.key === 'ArrowUp') moveTo(i - 1, row);
                  else if (e.key === 'Home') moveTo(0, row);
                  else if (e.key === 'End') moveTo(connections.length - 1, row);
                  else return;
                  e.preventDefault();
                }}
              >
                <td class="url" title={c.url}>
                  <span class="num">#{i + 1}</span> {c.url || '(unknown URL)'}
                  {!c.hooked && <span class="tag"> frames not visible</span>}
                </td>
                <StatusCell c={c} />
                {/* A socket that ended without ever opening failed: not "closed" like one that worked. */}
                <td data-col="state">{state === 'closed' && c.openedAt === null ? 'failed' : state}</td>
                <td data-col="protocol">{protocolCell(c)}</td>
                <td data-col="opened">{c.openedAt === null ? '—' : formatClock(c.openedAt)}</td>
                <td data-col="duration">{formatDuration(Math.max(0, end - start))}</td>
                <td data-col="sent">
                  {c.stats.framesSent} · {formatBytes(c.stats.bytesSent)}
                </td>
                <td data-col="received">
                  {c.stats.framesReceived} · {formatBytes(c.stats.bytesReceived)}
                </td>
                <td data-col="close">{closeCell(c)}</td>
                <td
                  data-col="diagnosis"
                  data-severity={diagnosis?.severity}
                  data-finding-id={diagnosis?.finding.id}
                  class={diagnosis ? `diagnosis sev-text sev-${diagnosis.severity}` : 'diagnosis'}
                  title={diagnosis?.text}
                >
                  {diagnosis?.text ?? ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
