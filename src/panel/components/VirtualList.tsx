import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

interface Props<T> {
  items: T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ComponentChildren;
  label: string;
  /** Keep the view pinned to the newest row while the user is at the bottom. */
  follow?: boolean;
}

/** Renders only the rows in view, so 100,000 rows cost as much as 50. */
export function VirtualList<T>({ items, rowHeight, renderRow, label, follow = true }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const pinned = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (el && follow && pinned.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [items.length, follow]);

  const total = items.length * rowHeight;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - 5);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + 5);
  const visible = [];
  for (let i = first; i < last; i++) {
    visible.push(
      <div key={i} class="vrow" style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }} role="row">
        {renderRow(items[i]!, i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      class="vlist"
      role="grid"
      aria-label={label}
      aria-rowcount={items.length}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        setScrollTop(el.scrollTop);
      }}
    >
      <div class="vspacer" style={{ height: `${total}px` }}>
        {visible}
      </div>
    </div>
  );
}
