/**
 * The findings strip: what went wrong, why, what to do; errors first. Text only: a
 * finding's title and detail quote page data (close reasons, headers), never markup.
 */
import { batch } from '@preact/signals';
import { useState } from 'preact/hooks';
import type { Severity } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import type { ShownFinding } from '../findings-store';
import { findingsOf } from '../findings-store';
import { detailTabForFinding } from '../detail-tab';
import type { Store } from '../store';

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** "/chat?room=1" for a button; the whole URL goes in its title. */
export function shortUrl(url: string): string {
  try {
    const u = new URL(url);
    const rest = `${u.pathname}${u.search}`;
    const text = rest === '/' ? u.host : rest;
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  } catch {
    return url.length > 40 ? `${url.slice(0, 39)}…` : url || '(unknown URL)';
  }
}

function count(findings: ShownFinding[], severity: Severity): number {
  let n = 0;
  for (const f of findings) if (f.severity === severity) n++;
  return n;
}

function FindingItem({
  finding,
  byId,
  order,
  selectedId,
  onSelect,
}: {
  finding: ShownFinding;
  byId: Map<string, Connection>;
  order: Map<string, number>;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const ids = [...new Set(finding.connectionIds)];
  const shown = ids.slice(0, 8);
  return (
    <li
      class={`finding sev-${finding.severity}${expanded ? ' expanded' : ''}${selectedId !== null && ids.includes(selectedId) ? ' current' : ''}`}
      data-finding-id={finding.id}
      data-severity={finding.severity}
    >
      <span class={`sev sev-${finding.severity}`} title={SEVERITY_LABEL[finding.severity]}>
        {SEVERITY_LABEL[finding.severity]}
      </span>
      <div class="finding-body">
        <div class="finding-head">
          <button
            type="button"
            class="finding-title"
            aria-expanded={expanded}
            title={expanded ? 'Show less' : 'Show the whole explanation'}
            onClick={() => setExpanded(!expanded)}
          >
            {/* A visible disclosure mark: the explanation below is cut to one line until opened. */}
            <span class="chevron" aria-hidden="true">
              {expanded ? '▾' : '▸'}
            </span>
            {finding.title}
          </button>
          <span class="finding-id">{finding.id}</span>
          <span class="finding-conns">
            {shown.map((id) => {
              const c = byId.get(id);
              const n = order.get(id);
              return (
                <button
                  type="button"
                  key={id}
                  class={`conn-ref${id === selectedId ? ' on' : ''}`}
                  data-connection-id={id}
                  title={c ? `Select ${c.url}` : 'Connection not in this session'}
                  disabled={!c}
                  aria-pressed={id === selectedId}
                  onClick={() => onSelect(id)}
                >
                  {n !== undefined ? `#${n + 1} ` : ''}
                  {c ? shortUrl(c.url) : id}
                </button>
              );
            })}
            {ids.length > shown.length && <span class="more">+{ids.length - shown.length} more</span>}
          </span>
        </div>
        <p class="finding-detail">{finding.detail}</p>
      </div>
    </li>
  );
}

export function Findings({ store }: { store: Store }) {
  const [open, setOpen] = useState(true);
  const [showInfo, setShowInfo] = useState(true);
  const state = findingsOf(store);
  const findings = state.findings.value;
  const byId = state.byId.value;
  const selectedId = store.selectedId.value;
  if (store.connections.value.length === 0 && findings.length === 0) return null;
  const errors = count(findings, 'error');
  const warnings = count(findings, 'warning');
  const infos = count(findings, 'info');
  const order = new Map(store.connections.value.map((c, i) => [c.id, i]));
  const listed = showInfo ? findings : findings.filter((f) => f.severity !== 'info');
  const imported = store.view.value.kind === 'imported';
  return (
    <section class={`findings${open ? ' open' : ''}`} aria-label="Findings">
      <div class="findings-bar">
        <button type="button" class="findings-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} Findings
        </button>
        <span class="findings-counts" data-testid="findings-counts">
          {errors + warnings === 0 ? (
            <span class="ok">No errors or warnings</span>
          ) : (
            <>
              {errors > 0 && <span class="sev-text sev-error">{errors} error{errors === 1 ? '' : 's'}</span>}
              {warnings > 0 && <span class="sev-text sev-warning">{warnings} warning{warnings === 1 ? '' : 's'}</span>}
            </>
          )}
          {infos > 0 && <span class="sev-text sev-info">{infos} info</span>}
          {imported && <span class="muted"> · as computed when the file was saved</span>}
        </span>
        <span class="spacer" />
        {open && infos > 0 && (
          <label class="check">
            <input type="checkbox" checked={showInfo} onChange={(e) => setShowInfo((e.currentTarget as HTMLInputElement).checked)} />
            Show info
          </label>
        )}
      </div>
      {open && listed.length > 0 && (
        <ul class="finding-list">
          {listed.map((f, i) => (
            <FindingItem
              key={`${f.id}:${f.connectionIds.join(',')}:${i}`}
              finding={f}
              byId={byId}
              order={order}
              selectedId={selectedId}
              onSelect={(id) =>
                batch(() => {
                  store.selectedId.value = id;
                  store.detailTab.value = detailTabForFinding(f.id) ?? store.detailTab.value;
                })
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}
