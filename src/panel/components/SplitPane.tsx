/**
 * Two panes with a draggable separator between them (top | bottom, or left | right).
 * The separator is focusable (`role="separator"`): arrows move it by 5 %, Home/End to
 * the limits. The first pane's share is remembered in localStorage under `storageKey`.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

const STEP = 0.05;

function load(key: string, fallback: number): number {
  try {
    const v = Number(localStorage.getItem(key));
    return Number.isFinite(v) && v > 0 && v < 1 ? v : fallback;
  } catch {
    return fallback;
  }
}

function save(key: string, value: number): void {
  try {
    localStorage.setItem(key, value.toFixed(4));
  } catch {
    // Storage unavailable (a sandboxed viewer): sizes just are not remembered.
  }
}

export function SplitPane({
  storageKey,
  direction,
  label,
  initial = 0.4,
  min = 0.1,
  max = 0.9,
  first,
  second,
  fitFirst = false,
}: {
  storageKey: string;
  /** 'vertical': first above second; 'horizontal': first left of second. */
  direction: 'vertical' | 'horizontal';
  label: string;
  initial?: number;
  min?: number;
  max?: number;
  first: ComponentChildren;
  second: ComponentChildren;
  /** The first pane takes no more than its content needs (a table of six rows), up to its share. */
  fitFirst?: boolean;
}) {
  const [share, setShare] = useState(() => Math.min(max, Math.max(min, load(storageKey, initial))));
  const root = useRef<HTMLDivElement>(null);
  const firstId = `${storageKey.replace(/[^a-z0-9-]/gi, '-')}-first`;
  const clamp = (v: number): number => Math.min(max, Math.max(min, v));
  const update = (v: number): void => {
    const next = clamp(v);
    setShare(next);
    save(storageKey, next);
  };
  const dragging = useRef(false);
  const vertical = direction === 'vertical';
  // With fitFirst the share is a ceiling: the first pane's content may need less (a table of
  // three rows). The smaller of the two is what the separator reports and where its keys start.
  const [fitted, setFitted] = useState<number | null>(null);
  useEffect(() => {
    const el = root.current;
    const content = el?.firstElementChild?.firstElementChild as HTMLElement | null | undefined;
    if (!fitFirst || !el || !content) return;
    const measure = (): void => {
      const total = vertical ? el.clientHeight : el.clientWidth;
      const size = vertical ? content.scrollHeight : content.scrollWidth;
      setFitted(total > 0 ? size / total : null);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    observer.observe(content);
    if (content.firstElementChild) observer.observe(content.firstElementChild);
    return () => observer.disconnect();
  }, [fitFirst, direction]);

  useEffect(() => {
    const onMove = (e: PointerEvent): void => {
      if (!dragging.current || !root.current) return;
      const r = root.current.getBoundingClientRect();
      const v = direction === 'vertical' ? (e.clientY - r.top) / r.height : (e.clientX - r.left) / r.width;
      setShare(clamp(v));
    };
    const onUp = (): void => {
      if (!dragging.current) return;
      dragging.current = false;
      document.body.classList.remove('resizing');
      setShare((v) => {
        save(storageKey, v);
        return v;
      });
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
  });

  const shown = fitted !== null && fitted < share ? clamp(fitted) : share;
  const percent = Math.round(shown * 100);
  const template = fitFirst
    ? `fit-content(${(share * 100).toFixed(2)}%) auto minmax(0, 1fr)`
    : `minmax(0, ${share}fr) auto minmax(0, ${1 - share}fr)`;
  return (
    <div
      ref={root}
      class={`split-pane ${direction}`}
      style={vertical ? { gridTemplateRows: template } : { gridTemplateColumns: template }}
    >
      <div class="split-first" id={firstId}>
        {first}
      </div>
      <div
        class="split-separator"
        role="separator"
        tabIndex={0}
        aria-label={label}
        aria-controls={firstId}
        // The separator line runs across the split: horizontal between top and bottom panes.
        aria-orientation={vertical ? 'horizontal' : 'vertical'}
        aria-valuenow={percent}
        aria-valuemin={Math.round(min * 100)}
        aria-valuemax={Math.round(max * 100)}
        title="Drag to resize; arrow keys when focused"
        onPointerDown={(e) => {
          e.preventDefault();
          dragging.current = true;
          document.body.classList.add('resizing');
          (e.currentTarget as HTMLElement).focus();
        }}
        onKeyDown={(e) => {
          const less = vertical ? 'ArrowUp' : 'ArrowLeft';
          const more = vertical ? 'ArrowDown' : 'ArrowRight';
          if (e.key === less) update(shown - STEP);
          else if (e.key === more) update(shown + STEP);
          else if (e.key === 'Home') update(min);
          else if (e.key === 'End') update(max);
          else return;
          e.preventDefault();
        }}
      />
      <div class="split-second">{second}</div>
    </div>
  );
}
