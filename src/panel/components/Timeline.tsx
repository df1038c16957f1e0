/**
 * The timeline: one lane per connection on a shared time axis. Each lane shows the
 * connecting span (thin), the open span (bar), frame ticks (sent above the middle,
 * received below; aggregated per pixel column, never one shape per frame) and a close
 * marker coloured by the connection's worst finding, with its code. Reconnect groups
 * (connections to one endpoint) sit in adjacent lanes under a header with the number of
 * attempts, the cadence and the intervals.
 *
 * Painted on one canvas, at most once per animation frame and only when something it
 * shows changed (revision, range, size, scroll, selection, theme). The lane labels are
 * DOM (buttons that select the connection).
 *
 * Mouse: wheel zooms around the pointer, Shift+wheel scrolls the lanes, horizontal
 * wheel or dragging the axis (or Shift+drag) pans; dragging over the lanes selects a
 * time range, which becomes the frame filter's time range. Keys (canvas focused): + and
 * - zoom, arrows pan, 0 fits, Esc clears the range.
 */
import { useComputed, useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ReconnectGroup, Severity } from '../../diagnostics';
import { closeCodeLabel, humanDuration, reconnectGroups } from '../../diagnostics';
import type { Connection } from '../../shared/model';
import { frameFilter, setFilter } from '../filter-store';
import { findingsOf } from '../findings-store';
import type { Store } from '../store';
import { theme } from '../theme';
import { shortUrl } from './Findings';

const LANE_H = 18;
const AXIS_H = 18;
const MAX_BODY_H = 200;
const OPEN_KEY = 'ws-triage:timeline-open';
const MIN_SPAN_MS = 5;

type Row =
  | { kind: 'group'; group: ReconnectGroup; label: string; title: string }
  | { kind: 'lane'; connection: Connection; index: number; grouped: boolean };

const PATTERN_TEXT: Record<ReconnectGroup['pattern'], string> = {
  single: 'single',
  immediate: 'immediate',
  fixed: 'fixed interval',
  linear: 'linear backoff',
  exponential: 'exponential',
  jittered: 'jittered',
  capped: 'capped backoff',
  irregular: 'irregular',
};

/** "5 attempts · exponential" and, for the title, the intervals. */
export function groupLabel(g: ReconnectGroup): { label: string; title: string } {
  const intervals = g.intervals.map((ms) => humanDuration(ms));
  const head = `${g.connectionIds.length} attempts · ${PATTERN_TEXT[g.pattern]}`;
  const shown = intervals.length > 4 ? [...intervals.slice(0, 4), '…'] : intervals;
  return {
    label: intervals.length > 0 ? `${head} · ${shown.join(', ')}` : head,
    title: `${head} to ${g.key}${intervals.length > 0 ? `\nIntervals: ${intervals.join(', ')}` : ''}`,
  };
}

/** Lanes in group order: a header row for each endpoint with more than one attempt. */
export function timelineRows(connections: Connection[], groups: ReconnectGroup[]): Row[] {
  const byId = new Map(connections.map((c, i) => [c.id, { c, i }]));
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    const members = g.connectionIds.map((id) => byId.get(id)).filter((x) => x !== undefined);
    if (members.length === 0) continue;
    const grouped = members.length > 1;
    if (grouped) rows.push({ kind: 'group', group: g, ...groupLabel(g) });
    for (const { c, i } of members) {
      seen.add(c.id);
      rows.push({ kind: 'lane', connection: c, index: i, grouped });
    }
  }
  connections.forEach((c, i) => {
    if (!seen.has(c.id)) rows.push({ kind: 'lane', connection: c, index: i, grouped: false });
  });
  return rows;
}

/** First index in frames (sorted by time) with time >= t. */
function lowerBound(frames: Connection['frames'], t: number): number {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Axis label for an offset from the first socket. */
export function axisLabel(ms: number, step: number): string {
  if (step < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000 || step < 10_000) return `${(ms / 1000).toFixed(step < 1000 ? 1 : 0)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}:${String(s).padStart(2, '0')}`;
}

interface Palette {
  fg: string;
  muted: string;
  border: string;
  rowAlt: string;
  selected: string;
  send: string;
  receive: string;
  error: string;
  warn: string;
  info: string;
  ok: string;
  range: string;
}

function palette(): Palette {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => s.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1f1f1f'),
    muted: v('--muted', '#5f6368'),
    border: v('--border', '#cbcdd1'),
    rowAlt: v('--row-alt', '#f5f7fa'),
    selected: v('--selected', '#cfe8fc'),
    send: v('--send', '#0b7a3e'),
    receive: v('--receive', '#1a5fb4'),
    error: v('--error', '#c5221f'),
    warn: v('--warn', '#a05a00'),
    info: v('--info', '#5f6368'),
    ok: v('--ok', '#0b7a3e'),
    range: v('--range', 'rgba(26, 95, 180, 0.18)'),
  };
}

const SEVERITY_COLOR: Record<Severity, keyof Palette> = { error: 'error', warning: 'warn', info: 'info' };

function fmtOffset(t: number, origin: number): string {
  const d = t - origin;
  return d < 1000 ? `${Math.round(d)} ms` : `${(d / 1000).toFixed(2)} s`;
}

type Drag =
  | { mode: 'pan'; x0: number; range0: [number, number] }
  | { mode: 'select'; x0: number; t0: number; t1: number; moved: boolean; y0: number };

export function Timeline({ store }: { store: Store }) {
  const open = useSignal(readOpen());
  /** The visible time range, or null to fit everything. */
  const view = useSignal<[number, number] | null>(null);
  const drag = useSignal<Drag | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const gutterRef = useRef<HTMLDivElement>(null);
  const scrollTop = useSignal(0);

  const rows = useComputed(() => {
    const connections = store.connections.value;
    return timelineRows(connections, reconnectGroups(store.view.value.session));
  });
  /** The whole extent: first creation to the last end (now for open sockets). */
  const extent = useComputed<{ origin: number; range: [number, number] } | null>(() => {
    const connections = store.connections.value;
    if (connections.length === 0) return null;
    const now = store.view.value.kind === 'live' ? store.now.value : 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const c of connections) {
      lo = Math.min(lo, c.createdAt);
      const last = c.frames.length > 0 ? c.frames[c.frames.length - 1]!.time : c.createdAt;
      const end = c.closedAt ?? Math.max(c.openedAt ?? c.createdAt, last, now);
      hi = Math.max(hi, end, last);
    }
    const span = Math.max(hi - lo, 100);
    return { origin: lo, range: [lo - span * 0.02, lo + span * 1.04] };
  });
  const range = useComputed<[number, number] | null>(() => view.value ?? extent.value?.range ?? null);

  // Everything the painter reads, kept current for the next animation frame.
  const latest = useRef({ store, rows: rows.value, range: range.value, origin: 0 });
  latest.current = {
    store,
    rows: rows.value,
    range: range.value,
    origin: extent.value?.origin ?? 0,
  };
  const painted = useRef('');
  const frame = useRef(0);

  const paint = (): void => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const { rows: lanes, range: r, origin } = latest.current;
    if (!canvas || !r) return;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const d = drag.value;
    const filterRange = frameFilter.value.timeRange;
    const key = [
      store.revision.value,
      store.view.value.kind === 'live' ? store.now.value : 0,
      r[0],
      r[1],
      w,
      h,
      scrollTop.value,
      store.selectedId.value,
      theme.value,
      filterRange?.join('-'),
      d && d.mode === 'select' ? `${d.t0}-${d.t1}` : '',
      lanes.length,
      store.activeViewId.value,
    ].join('|');
    if (key === painted.current || w === 0 || h === 0) return;
    painted.current = key;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const p = palette();
    const [from, to] = r;
    const scale = w / (to - from);
    const x = (t: number): number => (t - from) * scale;
    ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'middle';

    // Axis.
    const step = niceStep((to - from) / Math.max(1, w / 90));
    const firstTick = Math.ceil((from - origin) / step) * step;
    ctx.fillStyle = p.rowAlt;
    ctx.fillRect(0, 0, w, AXIS_H);
    ctx.strokeStyle = p.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let off = firstTick; origin + off <= to; off += step) {
      const tx = Math.round(x(origin + off)) + 0.5;
      ctx.moveTo(tx, AXIS_H - 5);
      ctx.lineTo(tx, h);
    }
    ctx.moveTo(0, AXIS_H - 0.5);
    ctx.lineTo(w, AXIS_H - 0.5);
    ctx.stroke();
    ctx.fillStyle = p.muted;
    for (let off = firstTick; origin + off <= to; off += step) {
      if (off < 0) continue;
      ctx.fillText(axisLabel(off, step), Math.round(x(origin + off)) + 3, AXIS_H / 2);
    }

    // Lanes.
    const top = AXIS_H - scrollTop.value;
    const selectedId = store.selectedId.value;
    const diagnoses = findingsOf(store).diagnoses.value;
    const now = store.view.value.kind === 'live' ? store.now.value : to;
    const counts = new Uint32Array(Math.max(1, Math.ceil(w)));
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, AXIS_H, w, h - AXIS_H);
    ctx.clip();
    lanes.forEach((row, i) => {
      const y = top + i * LANE_H;
      if (y + LANE_H < AXIS_H || y > h) return;
      const mid = y + LANE_H / 2;
      if (row.kind === 'group') {
        ctx.fillStyle = p.rowAlt;
        ctx.fillRect(0, y, w, LANE_H);
        // Attempts as ticks, and the interval between each pair where there is room.
        const g = row.group;
        ctx.strokeStyle = p.muted;
        ctx.beginPath();
        for (const t of g.attempts) {
          const ax = Math.round(x(t)) + 0.5;
          ctx.moveTo(ax, y + 4);
          ctx.lineTo(ax, y + LANE_H);
        }
        ctx.stroke();
        ctx.fillStyle = p.muted;
        for (let k = 0; k < g.intervals.length; k++) {
          const a = x(g.attempts[k]!);
          const b = x(g.attempts[k + 1]!);
          const text = humanDuration(g.intervals[k]!);
          const tw = ctx.measureText(text).width;
          if (b - a > tw + 6) ctx.fillText(text, (a + b) / 2 - tw / 2, mid);
        }
        return;
      }
      const c = row.connection;
      if (c.id === selectedId) {
        ctx.fillStyle = p.selected;
        ctx.fillRect(0, y, w, LANE_H);
      }
      const end = c.closedAt ?? now;
      // Connecting: a thin line from creation to open (or to the end when it never opened).
      const connectEnd = c.openedAt ?? end;
      ctx.fillStyle = p.muted;
      ctx.fillRect(x(c.createdAt), mid - 1, Math.max(1, x(connectEnd) - x(c.createdAt)), 2);
      if (c.openedAt !== null) {
        ctx.globalAlpha = 0.35;
        ctx.fillStyle = p.receive;
        ctx.fillRect(x(c.openedAt), mid - 4, Math.max(1, x(end) - x(c.openedAt)), 8);
        ctx.globalAlpha = 1;
      }
      // Frame ticks, counted per pixel column: sent up, received down.
      const frames = c.frames;
      const i0 = lowerBound(frames, from);
      const i1 = lowerBound(frames, to);
      for (const direction of ['send', 'receive'] as const) {
        counts.fill(0);
        let any = false;
        for (let k = i0; k < i1; k++) {
          const f = frames[k]!;
          if (f.direction !== direction) continue;
          const col = Math.min(counts.length - 1, Math.max(0, Math.floor(x(f.time))));
          counts[col]!++;
          any = true;
        }
        if (!any) continue;
        ctx.fillStyle = direction === 'send' ? p.send : p.receive;
        ctx.beginPath();
        for (let col = 0; col < counts.length; col++) {
          const n = counts[col]!;
          if (n === 0) continue;
          const hgt = Math.min(LANE_H / 2 - 1, 4 + Math.log2(n) * 1.5);
          if (direction === 'send') ctx.rect(col, mid - hgt, 1.5, hgt);
          else ctx.rect(col, mid, 1.5, hgt);
        }
        ctx.fill();
      }
      // Close marker, coloured by the connection's worst finding.
      if (c.closedAt !== null) {
        const diagnosis = diagnoses.get(c.id);
        const color = diagnosis ? p[SEVERITY_COLOR[diagnosis.severity]] : c.close?.code === 1000 ? p.ok : p.muted;
        const cx = Math.round(x(c.closedAt));
        ctx.fillStyle = color;
        ctx.fillRect(cx - 1, y + 2, 3, LANE_H - 4);
        if (c.close) {
          ctx.font = 'bold 10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
          ctx.fillText(String(c.close.code), cx + 4, mid);
          ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
        }
      }
      ctx.fillStyle = p.border;
      ctx.fillRect(0, y + LANE_H - 1, w, 1);
    });
    ctx.restore();

    // The selected range (being dragged, or the filter's).
    const shown: [number, number] | null = d && d.mode === 'select' && d.moved ? [Math.min(d.t0, d.t1), Math.max(d.t0, d.t1)] : filterRange;
    if (shown) {
      const a = x(shown[0]);
      const b = x(shown[1]);
      ctx.fillStyle = p.range;
      ctx.fillRect(a, 0, Math.max(1, b - a), h);
      ctx.fillStyle = p.receive;
      ctx.fillRect(Math.round(a), 0, 1, h);
      ctx.fillRect(Math.round(b), 0, 1, h);
    }
  };

  const schedule = (): void => {
    if (frame.current === 0) frame.current = requestAnimationFrame(paint);
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  // Repaint after each render (the painter skips when nothing it shows changed).
  useLayoutEffect(() => schedule());

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => schedule());
    observer.observe(canvas);
    // Wheel must be non-passive to zoom instead of scrolling the panel.
    const onWheel = (e: WheelEvent): void => {
      const r = latest.current.range;
      if (!r) return;
      e.preventDefault();
      if (e.shiftKey) {
        if (gutterRef.current) gutterRef.current.scrollTop += e.deltaY;
        return;
      }
      const rect = canvas.getBoundingClientRect();
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        pan(r, (e.deltaX / rect.width) * (r[1] - r[0]));
        return;
      }
      const at = r[0] + ((e.clientX - rect.left) / rect.width) * (r[1] - r[0]);
      zoom(r, Math.exp(e.deltaY * 0.002), at);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      canvas.removeEventListener('wheel', onWheel);
    };
    // The canvas exists only while the timeline is open and has a connection: a panel opened
    // before any socket must observe the canvas that appears with the first one.
  }, [open.value, store.connections.value.length > 0]);

  const zoom = (r: [number, number], factor: number, at = (r[0] + r[1]) / 2): void => {
    const span = Math.max(MIN_SPAN_MS, (r[1] - r[0]) * factor);
    const ratio = (at - r[0]) / (r[1] - r[0]);
    view.value = [at - span * ratio, at - span * ratio + span];
  };
  const pan = (r: [number, number], by: number): void => {
    view.value = [r[0] + by, r[1] + by];
  };

  const connections = store.connections.value;
  // Read here so a theme change re-renders, and so repaints, the canvas.
  void theme.value;
  void store.selectedId.value;
  if (connections.length === 0) return null;
  const r = range.value!;
  const lanes = rows.value;
  const bodyH = Math.min(MAX_BODY_H, AXIS_H + lanes.length * LANE_H);
  const filterRange = frameFilter.value.timeRange;
  const origin = latest.current.origin;
  const groups = lanes.filter((l) => l.kind === 'group').length;

  const timeAt = (clientX: number): number => {
    const canvas = canvasRef.current!;
    const rect = canvas.getBoundingClientRect();
    return r[0] + ((clientX - rect.left) / rect.width) * (r[1] - r[0]);
  };
  const laneAt = (clientY: number): Row | undefined => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const y = clientY - rect.top - AXIS_H + scrollTop.value;
    return y < 0 ? undefined : lanes[Math.floor(y / LANE_H)];
  };

  return (
    <section class={`timeline${open.value ? ' open' : ''}`} aria-label="Timeline">
      <div class="tl-bar">
        <button
          type="button"
          class="tl-toggle"
          aria-expanded={open.value}
          onClick={() => {
            open.value = !open.value;
            writeOpen(open.value);
          }}
        >
          {open.value ? '▾' : '▸'} Timeline
        </button>
        <span class="muted">
          {connections.length} lane{connections.length === 1 ? '' : 's'}
          {groups > 0 && ` · ${groups} reconnect group${groups === 1 ? '' : 's'}`}
        </span>
        {filterRange && (
          <span class="tl-range" data-testid="timeline-range" data-from={filterRange[0]} data-to={filterRange[1]}>
            Frames from {fmtOffset(filterRange[0], origin)} to {fmtOffset(filterRange[1], origin)}
            <button type="button" class="tl-btn" onClick={() => setFilter({ timeRange: null })}>
              Clear range
            </button>
          </span>
        )}
        <span class="spacer" />
        {open.value && (
          <span class="tl-controls" role="group" aria-label="Timeline zoom and pan">
            <button type="button" class="tl-btn" aria-label="Pan left" title="Pan left" onClick={() => pan(r, -(r[1] - r[0]) / 4)}>
              ◀
            </button>
            <button type="button" class="tl-btn" aria-label="Zoom out" title="Zoom out (-)" onClick={() => zoom(r, 1.5)}>
              −
            </button>
            <button type="button" class="tl-btn" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoom(r, 1 / 1.5)}>
              +
            </button>
            <button type="button" class="tl-btn" aria-label="Pan right" title="Pan right" onClick={() => pan(r, (r[1] - r[0]) / 4)}>
              ▶
            </button>
            <button type="button" class="tl-btn" aria-label="Fit all" title="Fit all (0)" disabled={view.value === null} onClick={() => (view.value = null)}>
              Fit
            </button>
          </span>
        )}
      </div>
      {open.value && (
        <div class="tl-body" style={{ height: `${bodyH}px` }}>
          <div class="tl-axis-head muted">{axisUnitText(r)}</div>
          <div
            class="tl-gutter"
            ref={gutterRef}
            onScroll={(e) => {
              scrollTop.value = (e.currentTarget as HTMLElement).scrollTop;
              schedule();
            }}
          >
            {lanes.map((row) =>
              row.kind === 'group' ? (
                <div class="tl-group" key={`g:${row.group.key}`} title={row.title} data-group={row.group.key}>
                  {row.label}
                </div>
              ) : (
                <button
                  type="button"
                  key={row.connection.id}
                  class={`tl-lane${row.grouped ? ' grouped' : ''}${row.connection.id === store.selectedId.value ? ' selected' : ''}`}
                  data-lane=""
                  data-connection-id={row.connection.id}
                  aria-pressed={row.connection.id === store.selectedId.value}
                  title={`Select ${row.connection.url}`}
                  onClick={() => (store.selectedId.value = row.connection.id)}
                >
                  <span class="num">#{row.index + 1}</span> {shortUrl(row.connection.url)}
                  {row.connection.close && <span class="visually-hidden"> closed {closeCodeLabel(row.connection.close.code)}</span>}
                </button>
              ),
            )}
          </div>
          <canvas
            ref={canvasRef}
            class="tl-canvas"
            role="img"
            tabIndex={0}
            aria-label={`Timeline of ${connections.length} connection${connections.length === 1 ? '' : 's'} over ${humanDuration(r[1] - r[0])}. Drag to select a time range; + and - zoom, arrows pan, 0 fits.`}
            onPointerDown={(e) => {
              const canvas = e.currentTarget as HTMLCanvasElement;
              canvas.setPointerCapture?.(e.pointerId);
              const rect = canvas.getBoundingClientRect();
              if (e.shiftKey || e.clientY - rect.top < AXIS_H || e.button === 1) {
                drag.value = { mode: 'pan', x0: e.clientX, range0: r };
              } else {
                const t = timeAt(e.clientX);
                drag.value = { mode: 'select', x0: e.clientX, y0: e.clientY, t0: t, t1: t, moved: false };
              }
            }}
            onPointerMove={(e) => {
              const d = drag.value;
              if (!d) return;
              if (d.mode === 'pan') {
                const rect = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
                const by = -((e.clientX - d.x0) / rect.width) * (d.range0[1] - d.range0[0]);
                view.value = [d.range0[0] + by, d.range0[1] + by];
              } else {
                drag.value = { ...d, t1: timeAt(e.clientX), moved: d.moved || Math.abs(e.clientX - d.x0) > 3 };
                schedule();
              }
            }}
            onPointerUp={(e) => {
              const d = drag.value;
              drag.value = null;
              if (!d || d.mode !== 'select') return;
              if (d.moved) {
                setFilter({ timeRange: [Math.min(d.t0, d.t1), Math.max(d.t0, d.t1)] });
              } else {
                const row = laneAt(e.clientY);
                if (row?.kind === 'lane') store.selectedId.value = row.connection.id;
              }
            }}
            onPointerCancel={() => (drag.value = null)}
            onKeyDown={(e) => {
              if (e.key === '+' || e.key === '=') zoom(r, 1 / 1.5);
              else if (e.key === '-' || e.key === '_') zoom(r, 1.5);
              else if (e.key === 'ArrowLeft') pan(r, -(r[1] - r[0]) / 8);
              else if (e.key === 'ArrowRight') pan(r, (r[1] - r[0]) / 8);
              else if (e.key === '0') view.value = null;
              else if (e.key === 'Escape' && filterRange) setFilter({ timeRange: null });
              else return;
              e.preventDefault();
              e.stopPropagation();
            }}
          />
        </div>
      )}
    </section>
  );
}

function axisUnitText(r: [number, number]): string {
  return `time (${humanDuration(r[1] - r[0])} shown)`;
}

function readOpen(): boolean {
  try {
    return localStorage.getItem(OPEN_KEY) !== '0';
  } catch {
    return true;
  }
}

function writeOpen(open: boolean): void {
  try {
    localStorage.setItem(OPEN_KEY, open ? '1' : '0');
  } catch {
    // not remembered
  }
}
