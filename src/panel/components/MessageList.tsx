import { closeCodeLabel } from '../../diagnostics';
import type { Connection, Frame, LifecycleEvent } from '../../shared/model';
import { formatExactBytes, formatRelative, previewBinary, previewText } from '../format';
import type { MessageRow } from '../rows';
import { messageRows } from '../rows';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 21;

function eventText(e: LifecycleEvent, protocol: string): { label: string; text: string } {
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

function FrameCells({ frame, start }: { frame: Frame; start: number }) {
  const preview = frame.type === 'text' ? previewText(frame.data) : previewBinary(frame.data, frame.size);
  return (
    <>
      <span class={`cell dir ${frame.direction}`} role="gridcell" aria-label={frame.direction === 'send' ? 'sent' : 'received'}>
        {frame.direction === 'send' ? '↑' : '↓'}
      </span>
      <span class="cell time" role="gridcell">
        {formatRelative(frame.time, start)}
      </span>
      <span class="cell type" role="gridcell">
        {frame.type}
      </span>
      <span class="cell size" role="gridcell" title={formatExactBytes(frame.size)}>
        {formatExactBytes(frame.size)}
        {frame.truncated && <span class="tag" title="Payload truncated: only the start was kept"> truncated</span>}
      </span>
      <span class="cell preview" role="gridcell">
        {preview}
      </span>
    </>
  );
}

function EventCells({ event, start, protocol }: { event: LifecycleEvent; start: number; protocol: string }) {
  const { label, text } = eventText(event, protocol);
  return (
    <>
      <span class="cell dir" role="gridcell">
        •
      </span>
      <span class="cell time" role="gridcell">
        {formatRelative(event.time, start)}
      </span>
      <span class={`cell type event-${event.kind}`} role="gridcell">
        {label}
      </span>
      <span class="cell size" role="gridcell" />
      <span class="cell preview" role="gridcell">
        {text}
      </span>
    </>
  );
}

export function MessageList({ connection, revision }: { connection: Connection; revision: number }) {
  void revision;
  const rows = messageRows(connection);
  const start = connection.createdAt;
  return (
    <section class="messages" aria-label="Messages">
      <div class="messages-head" role="row">
        <span class="cell dir">⇅</span>
        <span class="cell time">Time</span>
        <span class="cell type">Type</span>
        <span class="cell size">Size</span>
        <span class="cell preview">Data</span>
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
      <VirtualList<MessageRow>
        items={rows}
        rowHeight={ROW_HEIGHT}
        label="Frames"
        renderRow={(row) =>
          row.kind === 'frame' ? (
            <div class={`msg frame ${row.frame.direction}`} data-kind="frame" data-direction={row.frame.direction}>
              <FrameCells frame={row.frame} start={start} />
            </div>
          ) : (
            <div class={`msg event ${row.event.kind}`} data-kind={row.event.kind}>
              <EventCells event={row.event} start={start} protocol={connection.protocol} />
            </div>
          )
        }
      />
    </section>
  );
}
