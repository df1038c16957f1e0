/**
 * The selected connection's detail: its one-line diagnosis and three tabs, its messages (the
 * frame list), its handshake and its close explained.
 */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { describeCloseCode, humanDuration } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import { connectionState } from '../../shared/model';
import { endedWithoutClose, handshakeStatus } from '../format';
import type { RowDiagnosis } from '../findings-store';
import type { DetailTab } from '../detail-tab';
import { DETAIL_TABS, DETAIL_TAB_LABELS, detailTabFromKey } from '../detail-tab';
import type { Store } from '../store';
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

/** A short mark beside a tab's name: what the tab holds, readable before opening it. */
function tabBadge(tab: DetailTab, c: Connection): { text: string; tone: 'ok' | 'bad' | 'plain' } | null {
  switch (tab) {
    case 'messages':
      return { text: COUNT.format(c.frames.length), tone: 'plain' };
    case 'handshake': {
      const status = handshakeStatus(c);
      return status && { text: status.text, tone: status.ok ? 'ok' : 'bad' };
    }
    case 'close':
      if (c.close) return { text: String(c.close.code), tone: NORMAL_CLOSES.has(c.close.code) ? 'plain' : 'bad' };
      return null;
  }
}

const COUNT = new Intl.NumberFormat('en-US');
/** Codes of an ordinary end (as the close-code finding rates them: info), not shown in red. */
const NORMAL_CLOSES = new Set([1000, 1001, 1005]);

/**
 * The selected connection: a bar with its tabs, URL and one-line diagnosis, then the chosen
 * tab's panel (its messages, its handshake, or its close explained). The tab is the store's,
 * kept from one connection to the next; a finding's connection link picks the tab it is about.
 */
export function ConnectionDetail({
  store,
  connection,
  diagnosis,
  messages,
}: {
  store: Store;
  connection: Connection;
  diagnosis: RowDiagnosis | undefined;
  messages: ComponentChildren;
}) {
  const tab = store.detailTab.value;
  const tabs = useRef<Partial<Record<DetailTab, HTMLButtonElement | null>>>({});
  const choose = (t: DetailTab, focus: boolean): void => {
    store.detailTab.value = t;
    if (focus) tabs.current[t]?.focus();
  };
  return (
    <section class="conn-detail" aria-label="Connection detail">
      <div class="detail-bar">
        <div class="detail-tabs" role="tablist" aria-label="Connection detail">
          {DETAIL_TABS.map((t) => {
            const badge = tabBadge(t, connection);
            return (
              <button
                key={t}
                ref={(el) => {
                  tabs.current[t] = el;
                }}
                type="button"
                role="tab"
                id={`detail-tab-${t}`}
                class="detail-tab"
                aria-selected={t === tab}
                aria-controls={`detail-panel-${t}`}
                tabIndex={t === tab ? 0 : -1}
                onClick={() => choose(t, false)}
                onKeyDown={(e) => {
                  const next = detailTabFromKey(t, e.key);
                  if (next === null) return;
                  e.preventDefault();
                  choose(next, true);
                }}
              >
                {DETAIL_TAB_LABELS[t]}
                {badge && <span class={`tab-badge ${badge.tone}`}>{badge.text}</span>}
              </button>
            );
          })}
        </div>
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
      {/* Messages stays mounted (hidden, still laid out) while another tab shows: the frame list keeps
          its scroll position and the payload pane its state. */}
      <div class="detail-panels">
        <div
          class="detail-panel"
          role="tabpanel"
          id="detail-panel-messages"
          aria-labelledby="detail-tab-messages"
          tabIndex={-1}
          hidden={tab !== 'messages'}
        >
          {messages}
        </div>
        {/* Handshake and Close hold nothing focusable: their panel is the scroller, and takes focus so the keyboard can scroll it. */}
        {tab !== 'messages' && (
          <div class="detail-panel scroll" role="tabpanel" id={`detail-panel-${tab}`} aria-labelledby={`detail-tab-${tab}`} tabIndex={0}>
            <div class="detail-body">{tab === 'handshake' ? <Handshake connection={connection} /> : <CloseExplained connection={connection} />}</div>
          </div>
        )}
      </div>
    </section>
  );
}
