/**
 * The selected frame's payload: JSON as a tree, text wrapped, binary as hex dump / base64 / UTF-8,
 * and the protocol's decoded structure as a tree. Text rendering only (never innerHTML).
 */
import { useMemo, useState } from 'preact/hooks';
import type { DecodedFrame, ProtocolId } from '../../diagnostics/protocols';
import { PROTOCOL_LABELS } from '../../diagnostics/protocols';
import type { Frame } from '../../shared/model';
import { DEFAULT_PAYLOAD_CAP } from '../../shared/protocol';
import { formatBytes, formatClock, formatExactBytes, formatRelative, previewText } from '../format';
import { utf8Length } from '../../shared/wire';
import { base64Length, binaryPreviewReason, hexDump, parseJsonPayload, payloadBytes, truncationNotice, utf8View } from '../payload-format';
import { JsonTree } from './JsonTree';

type Tab = 'json' | 'text' | 'decoded' | 'hex' | 'base64' | 'utf8';

const TAB_LABELS: Record<Tab, string> = {
  json: 'JSON',
  text: 'Text',
  decoded: 'Decoded',
  hex: 'Hex',
  base64: 'Base64',
  utf8: 'UTF-8',
};

const GENERIC: ReadonlySet<ProtocolId> = new Set(['json', 'text', 'binary']);

/** Bidi controls would reorder the text around them: shown as escapes; everything else as is. */
function visibleText(s: string): string {
  return s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The last tab the user chose, kept while it exists for the next frame. */
let preferredTab: Tab | null = null;

interface Props {
  frame: Frame;
  decoded: DecodedFrame;
  start: number;
  onCopy: (text: string, what: string) => void;
  /** The payload to copy: redacted unless Include secrets is on (copy-as.ts payloadText). */
  payloadToCopy: () => string;
  onClose: () => void;
}

export function PayloadView({ frame, decoded, start, onCopy, payloadToCopy, onClose }: Props) {
  const json = useMemo(() => (frame.type === 'text' ? parseJsonPayload(frame.data) : undefined), [frame]);
  const bytes = useMemo(() => (frame.type === 'binary' ? payloadBytes(frame.data) : null), [frame]);
  const specialized = !GENERIC.has(decoded.protocol) && decoded.detail !== null && decoded.detail !== undefined;
  const tabs: Tab[] =
    frame.type === 'binary'
      ? ['hex', 'base64', 'utf8', ...(specialized ? (['decoded'] as Tab[]) : [])]
      : [...(json ? (['json'] as Tab[]) : []), 'text', ...(specialized ? (['decoded'] as Tab[]) : [])];
  const fallback: Tab = frame.type === 'binary' ? 'hex' : json ? 'json' : specialized ? 'decoded' : 'text';
  const [chosen, setChosen] = useState<Tab | null>(preferredTab);
  const tab = chosen !== null && tabs.includes(chosen) ? chosen : fallback;
  const choose = (t: Tab) => {
    preferredTab = t;
    setChosen(t);
  };

  const shownBytes = frame.type === 'binary' ? base64Length(frame.data) : utf8Length(frame.data);
  const reason = frame.type === 'binary' && frame.truncated ? binaryPreviewReason(shownBytes) : null;
  const hexText = useMemo(() => (tab === 'hex' && bytes ? hexDump(bytes) : ''), [tab, bytes]);
  const utf8Text = useMemo(() => (tab === 'utf8' && bytes ? utf8View(bytes) : ''), [tab, bytes]);

  return (
    <section class="payload" aria-label="Payload">
      <div class="payload-bar">
        <div role="tablist" aria-label="Payload views" class="payload-tabs">
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              class="payload-tab"
              aria-selected={t === tab}
              tabIndex={t === tab ? 0 : -1}
              onClick={() => choose(t)}
              onKeyDown={(e) => {
                const i = tabs.indexOf(t);
                const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
                if (!next) return;
                e.preventDefault();
                choose(next);
                const bar = (e.currentTarget as HTMLElement).parentElement;
                queueMicrotask(() => (bar?.querySelector('[aria-selected="true"]') as HTMLElement | null)?.focus());
              }}
            >
              {t === 'decoded' ? `${TAB_LABELS.decoded} (${PROTOCOL_LABELS[decoded.protocol]})` : TAB_LABELS[t]}
            </button>
          ))}
        </div>
        <span class="payload-meta muted">
          {frame.direction === 'send' ? '↑ sent' : '↓ received'} · {formatRelative(frame.time, start)} · {formatClock(frame.time)} ·{' '}
          {formatExactBytes(frame.size)} · {PROTOCOL_LABELS[decoded.protocol]}
        </span>
        <span class="spacer" />
        <button type="button" title="Redacted unless Include secrets is on" onClick={() => onCopy(payloadToCopy(), 'payload')}>
          Copy payload
        </button>
        <button type="button" class="payload-close" aria-label="Close payload" onClick={onClose}>
          ×
        </button>
      </div>
      {frame.truncated && (
        <div class="notice truncation" role="note" data-testid="truncation-notice">
          Truncated: {truncationNotice(shownBytes, frame.size)}
          {reason !== null && (
            <span data-testid="binary-preview-hint">
              {' '}·{' '}
              {reason}
              : tick <em>Whole binary frames</em> in the toolbar to keep up to {formatBytes(DEFAULT_PAYLOAD_CAP)} of the next ones
            </span>
          )}
        </div>
      )}
      <div class="payload-summary">
        <span class="muted">{PROTOCOL_LABELS[decoded.protocol]}:</span> <span data-testid="payload-summary">{previewText(decoded.summary)}</span>
        {decoded.error && <span class="payload-error"> · {previewText(decoded.error)}</span>}
      </div>
      <div class="payload-body" role="tabpanel" aria-label={TAB_LABELS[tab]}>
        {tab === 'json' && json && <JsonTree key={`${frame.time}-json`} value={json.value} label="JSON" onCopy={onCopy} />}
        {tab === 'text' && <pre class="payload-text wrap">{visibleText(frame.data)}</pre>}
        {tab === 'decoded' && (
          <JsonTree key={`${frame.time}-decoded`} value={decoded.detail} label={`Decoded ${PROTOCOL_LABELS[decoded.protocol]}`} openDepth={3} onCopy={onCopy} />
        )}
        {tab === 'hex' && (
          <pre class="payload-text hexdump" data-testid="hex-dump">
            {hexText}
          </pre>
        )}
        {tab === 'base64' && <pre class="payload-text wrap breakall">{frame.data}</pre>}
        {tab === 'utf8' && <pre class="payload-text wrap">{visibleText(utf8Text)}</pre>}
      </div>
    </section>
  );
}
