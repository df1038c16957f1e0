/**
 * The header above the frame list for the selected connection: its one-line diagnosis,
 * the handshake, and the close explained.
 */
import { useState } from 'preact/hooks';
import { describeCloseCode, humanDuration } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import { connectionState } from '../../shared/model';
import { endedWithoutClose } from '../format';
import type { RowDiagnosis } from '../findings-store';
import { Handshake } from './Handshake';

const INITIATOR: Record<string, string> = {
  client: 'the page (close() was called)',
  server: 'the server',
  browser: 'the browser (no Close frame was received)',
  unknown: 'unknown',
};

function CloseExplained({ connection: c }: { connection: Connection }) {
  const close = c.close;
  if (!close) {
    const state = connectionState(c);
    return (
      <section class="close-info" aria-label="Close">
        <h3>Close</h3>
        <p class="muted" data-testid="close-name">
          {c.closedAt !== null
            ? endedWithoutClose(c).long
            : state === 'connecting'
              ? 'Not open yet.'
              : state === 'closing'
                ? 'Closing: the page called close().'
                : 'Still open.'}
        </p>
      </section>
    );
  }
  const info = describeCloseCode(close.code, { protocol: c.protocol });
  const lived = c.openedAt !== null && c.closedAt !== null ? humanDuration(c.closedAt - c.openedAt) : null;
  return (
    <section class="close-info" aria-label="Close">
      <h3>Close</h3>
      <dl class="facts">
        <dt>Code</dt>
        <dd data-testid="close-name">
          <strong>
            {close.code} {info.name}
          </strong>
          {info.library && <span class="muted"> ({info.library} convention)</span>}
        </dd>
        {close.reason && (
          <>
            <dt>Reason</dt>
            <dd class="mono">{close.reason}</dd>
          </>
        )}
        <dt>Closed by</dt>
        <dd>
          {INITIATOR[close.initiator] ?? close.initiator} · {close.wasClean ? 'clean' : 'not clean'}
          {lived !== null && ` · lived ${lived}`}
        </dd>
        <dt>Meaning</dt>
        <dd data-testid="close-meaning">{info.meaning}</dd>
        {info.causes.length > 0 && (
          <>
            <dt>Typical causes</dt>
            <dd>
              <ul class="causes">
                {info.causes.map((cause, i) => (
                  <li key={i}>{cause}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>On the wire</dt>
        <dd data-testid="close-on-wire">
          {info.onWire
            ? 'Yes: an endpoint can send this code in a Close frame.'
            : 'No: never sent in a Close frame; the browser reports it itself.'}
        </dd>
      </dl>
    </section>
  );
}

export function ConnectionDetail({ connection, diagnosis }: { connection: Connection; diagnosis: RowDiagnosis | undefined }) {
  const [open, setOpen] = useState(true);
  return (
    <section class={`conn-detail${open ? ' open' : ''}`} aria-label="Connection detail">
      <div class="detail-bar">
        <button type="button" class="detail-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} Details
        </button>
        <span class="mono url" title={connection.url}>
          {connection.url}
        </span>
        {diagnosis ? (
          <span class={`diagnosis sev-text sev-${diagnosis.severity}`} data-testid="detail-diagnosis" title={diagnosis.text}>
            {diagnosis.text}
          </span>
        ) : (
          <span class="diagnosis ok" data-testid="detail-diagnosis">
            No problem found
          </span>
        )}
      </div>
      {open && (
        <div class="detail-body" tabIndex={0}>
          <Handshake connection={connection} />
          <CloseExplained connection={connection} />
        </div>
      )}
    </section>
  );
}
