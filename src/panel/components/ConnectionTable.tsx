import { closeCodeLabel } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import { connectionState } from '../../shared/model';
import { findingsOf } from '../findings-store';
import { formatBytes, formatClock, formatDuration } from '../format';
import type { Store } from '../store';

function protocolCell(c: Connection): string {
  const requested = c.protocolsRequested.join(', ');
  if (!requested && !c.protocol) return '—';
  return `${requested || '—'} → ${c.protocol || (c.openedAt === null ? '…' : 'none')}`;
}

function closeCell(c: Connection): string {
  if (!c.close) return '';
  return closeCodeLabel(c.close.code, { protocol: c.protocol });
}

export function ConnectionTable({ store }: { store: Store }) {
  const connections = store.connections.value;
  const selectedId = store.selectedId.value;
  const now = store.now.value;
  // One diagnose per revision for the whole table, not one per row.
  const diagnoses = findingsOf(store).diagnoses.value;
  if (connections.length === 0) {
    return (
      <div class="empty" role="status">
        {store.tabId === null
          ? 'No session loaded. This viewer shows imported sessions.'
          : 'No WebSockets yet. Sockets the page opens appear here; reload the page to capture sockets it opened before WS Triage was installed.'}
      </div>
    );
  }
  return (
    <div class="table-wrap">
      <table class="connections" aria-label="Connections">
        <thead>
          <tr>
            <th scope="col">URL</th>
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
                tabIndex={0}
                onClick={() => (store.selectedId.value = c.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') store.selectedId.value = c.id;
                }}
              >
                <td class="url" title={c.url}>
                  <span class="num">#{i + 1}</span> {c.url || '(unknown URL)'}
                  {!c.hooked && <span class="tag"> frames not visible</span>}
                </td>
                <td data-col="state">{state}</td>
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
