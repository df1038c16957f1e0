/**
 * The selected connection's frames and lifecycle events: filter bar, columns (direction, time,
 * type, size, decoded summary, data), a virtual list that reaches every row, and the payload pane
 * of the selected row. Rows are decoded only when drawn.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { closeCodeLabel, humanDuration } from '../../diagnostics';
import type { ProtocolId } from '../../diagnostics/protocols';
import { PROTOCOL_LABELS } from '../../diagnostics/protocols';
import type { Connection, Frame, LifecycleEvent } from '../../shared/model';
import { eventCount } from '../../shared/model';
import { formatClock, formatExactBytes, formatRelative, previewBinary, previewText } from '../format';
import type { RowRef } from '../frame-list-store';
import { decodedFrame, frameListOf, refOfRow, timeMode } from '../frame-list-store';
import { copyText } from '../io';
import { payloadText } from '../copy-as';
import type { Store } from '../store';
import { CopyMenu } from './CopyMenu';
import { FrameFilterBar } from './FrameFilterBar';
import { PayloadView } from './PayloadView';
import type { RowStyle } from './VirtualList';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 21;

function eventText(e: LifecycleEvent, protocol: string): { label: string; text: string } {
  const { label, text } = eventTextOnce(e, protocol);
  const more = eventCount(e) - 1;
  if (more === 0) return { label, text };
  const bytes = e.kind === 'send-discarded' && e.repeatedBytes ? ` (${formatExactBytes(e.repeatedBytes)})` : '';
  return { label, text: `${text} · and ${more.toLocaleString('en-US')} more like it${bytes}, counted here (not listed one by one)` };
}

function eventTextOnce(e: LifecycleEvent, protocol: string): { label: string; text: string } {
  switch (e.kind) {
    case 'open':
      return {
        label: 'open',
        text: `Connection open${e.protocol ? ` · subprotocol ${e.protocol}` : ''}${e.extensions ? ` · ${e.extensions}` : ''}`,
      };
    case 'error':
      return { label: 'error', text: 'error event (the browser gives no reason; see the close below)' };
    case 'close-call':
      return {
        label: 'close()',
        text:
          `Page called close(${e.code ?? ''}${e.reason !== undefined ? `, "${previewText(e.reason)}"` : ''})` +
          (e.error ? ` · threw ${e.error}` : ''),
      };
    case 'send-error':
      return { label: 'send()', text: `send() threw ${e.error}` };
    case 'send-discarded':
      return { label: 'send()', text: `send() after close: ${formatExactBytes(e.size)} silently discarded` };
    case 'close':
      return {
        label: 'close',
        text: `Closed ${closeCodeLabel(e.code, { protocol })}${e.reason ? ` · "${previewText(e.reason)}"` : ''} · wasClean ${e.wasClean} · initiated by ${e.initiator}`,
      };
  }
}

function timeText(time: number, start: number, absolute: boolean): string {
  return absolute ? formatClock(time) : formatRelative(time, start);
}

function FrameRow(props: {
  frame: Frame;
  protocol: ProtocolId;
  start: number;
  absolute: boolean;
  index: number;
  selected: boolean;
  style: RowStyle;
  onSelect: () => void;
}) {
  const { frame, protocol, start, absolute, index, selected, style, onSelect } = props;
  const d = decodedFrame(frame, protocol);
  const preview = frame.type === 'text' ? previewText(frame.data) : previewBinary(frame.data, frame.size);
  const size = formatExactBytes(frame.size);
  return (
    <div
      id={`frame-row-${index}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      class={`vrow msg frame ${frame.direction}${index % 2 ? ' odd' : ''}${d.heartbeat ? ' heartbeat' : ''}${selected ? ' selected' : ''}`}
      style={style}
      data-kind="frame"
      data-direction={frame.direction}
      data-heartbeat={d.heartbeat ? 'true' : undefined}
      onClick={onSelect}
    >
      <span class={`cell dir ${frame.direction}`} role="gridcell" aria-label={frame.direction === 'send' ? 'sent' : 'received'}>
        {frame.direction === 'send' ? '↑' : '↓'}
      </span>
      <span class="cell time" role="gridcell">
        {timeText(frame.time, start, absolute)}
      </span>
      <span class="cell type" role="gridcell">
        {frame.type}
      </span>
      <span class="cell size" role="gridcell" title={size}>
        {size}
        {frame.truncated && <span class="tag" title="Payload truncated: only the start was kept"> truncated</span>}
      </span>
      <span class={`cell summary${d.error ? ' decode-error' : ''}`} role="gridcell" title={previewText(d.error ?? d.summary)} data-testid="frame-summary">
        {previewText(d.summary)}
      </span>
      <span class="cell preview" role="gridcell">
        {preview}
      </span>
    </div>
  );
}

function EventRow(props: {
  event: LifecycleEvent;
  protocol: string;
  start: number;
  absolute: boolean;
  index: number;
  selected: boolean;
  style: RowStyle;
  onSelect: () => void;
}) {
  const { event, protocol, start, absolute, index, selected, style, onSelect } = props;
  const { label, text } = eventText(event, protocol);
  return (
    <div
      id={`frame-row-${index}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      class={`vrow msg event ${event.kind}${index % 2 ? ' odd' : ''}${selected ? ' selected' : ''}`}
      style={style}
      data-kind={event.kind}
      onClick={onSelect}
    >
      <span class="cell dir" role="gridcell">
        •
      </span>
      <span class="cell time" role="gridcell">
        {timeText(event.time, start, absolute)}
      </span>
      <span class={`cell type event-${event.kind}`} role="gridcell">
        {label}
      </span>
      <span class="cell size" role="gridcell" />
      <span class="cell summary wide" role="gridcell">
        {text}
      </span>
    </div>
  );
}

function useCopyStatus(): [string | null, (text: string, what: string) => void] {
  const [status, setStatus] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = (text: string, what: string) => {
    copyText(text).then(
      () => setStatus(`Copied ${what}`),
      (e: unknown) => setStatus(`Could not copy: ${e instanceof Error ? e.message : String(e)}`),
    );
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(null), 2500);
  };
  return [status, copy];
}

export function MessageList({ store, connection, revision }: { store: Store; connection: Connection; revision?: number }) {
  void revision;
  const list = frameListOf(store);
  const protocol = list.protocol.value;
  const f = list.filtered.value;
  const selectedRow = list.selectedRow.value;
  const selectedFrame = list.selectedFrame.value;
  const selectedEvent = list.selectedEvent.value;
  const hint = list.heartbeatHint.value;
  const absolute = timeMode.value === 'absolute';
  const [paneOpen, setPaneOpen] = useState(true);
  const [copyStatus, copy] = useCopyStatus();
  const start = connection.createdAt;
  const rows = f.connection === connection ? f.rows : new Int32Array(0);

  const select = (ref: RowRef | null) => {
    list.selection.value = ref ? { connectionId: connection.id, ref } : null;
    setPaneOpen(true);
  };
  const selectRow = (row: number) => select(refOfRow(f, row));

  const renderRow = (i: number, style: RowStyle) => {
    const v = rows[i]!;
    if (v >= 0) {
      const frame = connection.frames[v]!;
      return (
        <FrameRow
          key={`f${v + connection.droppedFrames}`}
          frame={frame}
          protocol={protocol}
          start={start}
          absolute={absolute}
          index={i}
          selected={i === selectedRow}
          style={style}
          onSelect={() => selectRow(i)}
        />
      );
    }
    const event = connection.events[-1 - v]!;
    return (
      <EventRow
        key={`e${-1 - v}`}
        event={event}
        protocol={connection.protocol}
        start={start}
        absolute={absolute}
        index={i}
        selected={i === selectedRow}
        style={style}
        onSelect={() => selectRow(i)}
      />
    );
  };

  const pane =
    paneOpen && selectedFrame ? (
      <PayloadView
        key={`${connection.id}-${list.selection.value?.ref.kind}-${list.selection.value?.ref.kind === 'frame' ? list.selection.value.ref.abs : ''}`}
        frame={selectedFrame}
        decoded={decodedFrame(selectedFrame, protocol)}
        start={start}
        onCopy={copy}
        payloadToCopy={() => payloadText(selectedFrame, connection, { includeSecrets: store.includeSecrets.value })}
        onClose={() => setPaneOpen(false)}
      />
    ) : paneOpen && selectedEvent ? (
      <section class="payload" aria-label="Payload">
        <div class="payload-bar">
          <strong>{eventText(selectedEvent, connection.protocol).label}</strong>
          <span class="muted">
            {formatRelative(selectedEvent.time, start)} · {formatClock(selectedEvent.time)}
          </span>
          <span class="spacer" />
          <button type="button" class="payload-close" aria-label="Close payload" onClick={() => setPaneOpen(false)}>
            ×
          </button>
        </div>
        <pre class="payload-text wrap">{eventText(selectedEvent, connection.protocol).text}</pre>
      </section>
    ) : null;

  return (
    <section class={`messages${pane ? ' with-payload' : ''}`} aria-label="Messages">
      {/* One row when the panel is wide enough: the filters, then what the list is and what can be copied from it. */}
      <div class="messages-top">
        <FrameFilterBar
          shown={f.connection === connection ? f.shown : 0}
          total={connection.frames.length}
          events={connection.events.reduce((n, e) => n + eventCount(e), 0)}
          origin={start}
        />
        <div class="frames-head">
          <span class="protocol-label" data-testid="frames-protocol">
            {PROTOCOL_LABELS[protocol]}
          </span>
          {hint && (
            <span class="heartbeat-hint" data-testid="heartbeat-hint" title={`Heartbeats came about every ${humanDuration(hint.intervalMs)}`}>
              heartbeats stopped {humanDuration(hint.gapMs)} before the close
            </span>
          )}
          <span class="spacer" />
          {copyStatus && (
            <span class="copy-status" role="status">
              {copyStatus}
            </span>
          )}
          <CopyMenu connection={connection} frame={selectedFrame} includeSecrets={store.includeSecrets.value} onCopy={copy} />
        </div>
      </div>
      {connection.droppedFrames > 0 && (
        <div class="notice" role="status">
          {connection.droppedFrames.toLocaleString('en-US')} older frames of this connection were dropped by the
          per-tab cap.
        </div>
      )}
      {!connection.hooked && (
        <div class="notice" role="status">
          Frames not visible: this socket was seen only from its handshake (for example, made in a Worker).
        </div>
      )}
      <div class="messages-head">
        <span class="cell dir">⇅</span>
        <span class="cell time">
          <button
            type="button"
            class="time-toggle"
            title={absolute ? 'Showing time of day: show time since the connection was created' : 'Showing time since the connection was created: show time of day'}
            onClick={() => (timeMode.value = absolute ? 'relative' : 'absolute')}
          >
            {absolute ? 'Time of day' : 'Time'}
          </button>
        </span>
        <span class="cell type">Type</span>
        <span class="cell size">Size</span>
        <span class="cell summary">Summary</span>
        <span class="cell preview">Data</span>
      </div>
      <VirtualList
        count={rows.length}
        rowHeight={ROW_HEIGHT}
        label="Frames"
        renderRow={renderRow}
        activeIndex={selectedRow}
        activeId={selectedRow !== null ? `frame-row-${selectedRow}` : undefined}
        onNavigate={selectRow}
        onEnter={() => {
          if (selectedRow === null) {
            if (rows.length > 0) selectRow(0);
          } else setPaneOpen(true);
        }}
      />
      {rows.length === 0 && connection.frames.length > 0 && (
        <div class="empty" role="status">
          No frame matches the filter.
        </div>
      )}
      {pane}
    </section>
  );
}
