/** The HTTP upgrade of one connection, as webRequest saw it: URL, status line or network error, headers. */
import type { Connection, Header } from '../../shared/model';

function HeaderTable({ label, headers }: { label: string; headers: Header[] }) {
  if (headers.length === 0) {
    return (
      <div class="headers">
        <div class="sub">{label}</div>
        <div class="muted">none seen</div>
      </div>
    );
  }
  return (
    <div class="headers">
      <div class="sub">{label}</div>
      <table class="kv" aria-label={label}>
        <tbody>
          {headers.map((h, i) => (
            <tr key={i}>
              <th scope="row">{h.name}</th>
              <td>{h.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function statusLine(c: Connection): string | null {
  const h = c.handshake;
  if (!h) return null;
  if (h.status !== null) return `${h.status}${h.statusText ? ` ${h.statusText}` : ''}`;
  return null;
}

export function Handshake({ connection: c }: { connection: Connection }) {
  const h = c.handshake;
  const status = statusLine(c);
  const ok = h?.status === 101;
  return (
    <section class="handshake" aria-label="Handshake">
      <h3>Handshake</h3>
      <dl class="facts">
        <dt>Request URL</dt>
        <dd class="mono" data-testid="handshake-url">
          {c.url || '(unknown URL)'}
        </dd>
        {h === null ? (
          <>
            <dt>Status</dt>
            <dd data-testid="handshake-status">
              Handshake not seen
              <span class="muted">
                {' '}
                — the upgrade request was not captured (the socket may predate WS Triage, or its request was not visible
                to the extension).
              </span>
            </dd>
          </>
        ) : (
          <>
            <dt>Status</dt>
            <dd data-testid="handshake-status" class={ok ? 'ok' : 'bad'}>
              {status ?? (h.error ? 'No HTTP answer' : 'Waiting for the answer…')}
            </dd>
            {h.error && (
              <>
                <dt>Network error</dt>
                <dd class="mono bad" data-testid="handshake-error">
                  {h.error}
                </dd>
              </>
            )}
          </>
        )}
        {(c.protocolsRequested.length > 0 || c.protocol) && (
          <>
            <dt>Subprotocol</dt>
            <dd class="mono">
              {c.protocolsRequested.length > 0 ? c.protocolsRequested.join(', ') : '—'} →{' '}
              {c.protocol || (c.openedAt === null ? '…' : 'none')}
            </dd>
          </>
        )}
        {c.extensions && (
          <>
            <dt>Extensions</dt>
            <dd class="mono">{c.extensions}</dd>
          </>
        )}
      </dl>
      {h !== null && (
        <div class="header-tables">
          {/* The answer first, as Chrome's Headers tab: for a refusal the reason is in it (WWW-Authenticate). */}
          <HeaderTable label="Response headers" headers={h.responseHeaders} />
          <HeaderTable label="Request headers" headers={h.requestHeaders} />
        </div>
      )}
    </section>
  );
}
