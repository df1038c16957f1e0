/**
 * The arithmetic of the virtual list, pure. Browsers cap an element's height (about 17.9M px in
 * Firefox, 33.5M px in Chrome), so a list of a million 21-px rows cannot be one tall element.
 * The list's scrollable spacer is capped at MAX_SCROLL_PX and the scroll position is mapped
 * proportionally onto the "virtual" list: scrolled to the end, the last row is at the bottom.
 */

/** Well under both browsers' maximum element height. */
export const MAX_SCROLL_PX = 8_000_000;

export interface VirtualGeometry {
  /** Rows in the list. */
  count: number;
  rowHeight: number;
  /** Height of the viewport (the scrolling element's clientHeight). */
  viewport: number;
  /** Cap of the spacer's height; MAX_SCROLL_PX unless a test says otherwise. */
  maxScroll?: number;
}

/** Height of the whole list if it were laid out in full. */
export function virtualHeight(g: VirtualGeometry): number {
  return Math.max(0, g.count) * g.rowHeight;
}

/** Height to give the scrollable content: the full height, or the cap. */
export function spacerHeight(g: VirtualGeometry): number {
  return Math.min(virtualHeight(g), g.maxScroll ?? MAX_SCROLL_PX);
}

/** The largest scrollTop of the scrolling element. */
export function maxScrollTop(g: VirtualGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewport);
}

/** The largest virtual offset (top of the viewport in the full list). */
function maxVirtualTop(g: VirtualGeometry): number {
  return Math.max(0, virtualHeight(g) - g.viewport);
}

/** The element's scrollTop → the virtual offset of the viewport's top in the full list. */
export function scrollToVirtual(scrollTop: number, g: VirtualGeometry): number {
  const maxS = maxScrollTop(g);
  const maxV = maxVirtualTop(g);
  const s = Math.min(Math.max(0, scrollTop), maxS);
  if (maxS === maxV) return s;
  if (maxS <= 0) return 0;
  return (s / maxS) * maxV;
}

/** A virtual offset → the scrollTop that shows it (the inverse of scrollToVirtual). */
export function virtualToScroll(virtualTop: number, g: VirtualGeometry): number {
  const maxS = maxScrollTop(g);
  const maxV = maxVirtualTop(g);
  const v = Math.min(Math.max(0, virtualTop), maxV);
  if (maxS === maxV) return v;
  if (maxV <= 0) return 0;
  return (v / maxV) * maxS;
}

export interface VisibleRange {
  /** First row to render (inclusive) and last (exclusive), overscan included. */
  first: number;
  last: number;
  /** The viewport's top in the full list: row i is drawn at `i * rowHeight - virtualTop`. */
  virtualTop: number;
}

/** The rows to render for a scroll position. */
export function visibleRange(scrollTop: number, g: VirtualGeometry, overscan = 5): VisibleRange {
  const virtualTop = scrollToVirtual(scrollTop, g);
  if (g.count <= 0 || g.rowHeight <= 0) return { first: 0, last: 0, virtualTop: 0 };
  const first = Math.max(0, Math.floor(virtualTop / g.rowHeight) - overscan);
  const last = Math.min(g.count, Math.ceil((virtualTop + g.viewport) / g.rowHeight) + overscan);
  return { first, last, virtualTop };
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible; null when it is in view. */
export function scrollTopToReveal(index: number, scrollTop: number, g: VirtualGeometry): number | null {
  if (index < 0 || index >= g.count) return null;
  const v = scrollToVirtual(scrollTop, g);
  const top = index * g.rowHeight;
  const bottom = top + g.rowHeight;
  let target: number;
  if (top < v) target = top;
  else if (bottom > v + g.viewport) target = bottom - g.viewport;
  else return null;
  // A mapped scrollTop can land a fraction of a pixel off: round towards showing the row.
  const s = virtualToScroll(target, g);
  return top < v ? Math.floor(s) : Math.ceil(s);
}

/** Whether the viewport is at (or within a row of) the end: the list then follows new rows. */
export function atEnd(scrollTop: number, g: VirtualGeometry): boolean {
  return scrollTop >= maxScrollTop(g) - Math.max(2, g.rowHeight * (spacerHeight(g) / Math.max(1, virtualHeight(g))));
}
