import type { VNode } from 'preact';

/** Where a row is drawn: absolute, relative to the viewport. */
export type RowStyle = Record<string, string>;
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VirtualGeometry } from '../virtual-math';
import { atEnd, maxScrollTop, scrollTopToReveal, spacerHeight, visibleRange } from '../virtual-math';

interface Props {
  /** Number of rows. */
  count: number;
  rowHeight: number;
  /** Renders row `index`, positioned with `style` (absolute, relative to the viewport). */
  renderRow: (index: number, style: RowStyle) => VNode;
  label: string;
  /** Keep the view pinned to the newest row while the user is at the bottom. */
  follow?: boolean;
  /** The selected row: kept in view when it changes. */
  activeIndex?: number | null;
  /** Id of the active row's element (for aria-activedescendant), when it is rendered. */
  activeId?: string;
  /** Arrow keys, Page Up/Down, Home/End: the row to select. */
  onNavigate?: (index: number) => void;
  /** Enter (or Space) on the list. */
  onEnter?: () => void;
}

/**
 * Renders only the rows in view, so a million rows cost as much as 50. The scrollable height is
 * capped (browsers cap an element's height) and the scroll position maps proportionally onto the
 * rows (virtual-math.ts); the rows are drawn in a sticky window the size of the viewport.
 */
export function VirtualList({ count, rowHeight, renderRow, label, follow = true, activeIndex = null, activeId, onNavigate, onEnter }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const pinned = useRef(true);
  const geometry: VirtualGeometry = { count, rowHeight, viewport: height };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Follow the newest row while pinned to the bottom.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && follow && pinned.current) {
      el.scrollTop = maxScrollTop({ count, rowHeight, viewport: el.clientHeight });
      setScrollTop(el.scrollTop);
    }
  }, [count, follow, height]);

  // Keep the selected row in view.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || activeIndex === null) return;
    const target = scrollTopToReveal(activeIndex, el.scrollTop, { count, rowHeight, viewport: el.clientHeight });
    if (target === null) return;
    el.scrollTop = target;
    pinned.current = atEnd(el.scrollTop, { count, rowHeight, viewport: el.clientHeight });
    setScrollTop(el.scrollTop);
  }, [activeIndex]);

  const { first, last, virtualTop } = visibleRange(scrollTop, geometry);
  const visible: VNode[] = [];
  for (let i = first; i < last; i++) {
    visible.push(renderRow(i, { top: `${Math.round(i * rowHeight - virtualTop)}px`, height: `${rowHeight}px` }));
  }
  const spacer = spacerHeight(geometry);
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' || e.key === ' ') {
      if (!onEnter) return;
      e.preventDefault();
      onEnter();
      return;
    }
    if (!onNavigate || count === 0) return;
    const at = activeIndex;
    let next: number;
    switch (e.key) {
      case 'ArrowDown':
        next = at === null ? 0 : at + 1;
        break;
      case 'ArrowUp':
        next = at === null ? count - 1 : at - 1;
        break;
      case 'PageDown':
        next = (at ?? -1) + page;
        break;
      case 'PageUp':
        next = (at ?? count) - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    onNavigate(Math.min(count - 1, Math.max(0, next)));
  };

  return (
    <div
      ref={ref}
      class="vlist"
      role="grid"
      aria-label={label}
      aria-rowcount={count}
      aria-activedescendant={activeId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        pinned.current = atEnd(el.scrollTop, { count, rowHeight, viewport: el.clientHeight });
        setScrollTop(el.scrollTop);
      }}
    >
      <div class="vwindow" role="rowgroup" style={{ height: `${height}px` }}>
        {visible}
      </div>
      <div class="vspacer" role="presentation" style={{ height: `${Math.max(0, spacer - height)}px` }} />
    </div>
  );
}
