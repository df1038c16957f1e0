import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  atEnd,
  maxScrollTop,
  scrollToVirtual,
  scrollTopToReveal,
  spacerHeight,
  virtualToScroll,
  visibleRange,
} from '../../../src/panel/virtual-math';

const small = { count: 100, rowHeight: 20, viewport: 200 };
const million = { count: 1_000_000, rowHeight: 21, viewport: 400 };

describe('virtual list math', () => {
  it('maps 1:1 when the list fits under the cap', () => {
    expect(spacerHeight(small)).toBe(2000);
    expect(maxScrollTop(small)).toBe(1800);
    expect(scrollToVirtual(500, small)).toBe(500);
    expect(virtualToScroll(500, small)).toBe(500);
    expect(visibleRange(500, small, 0)).toEqual({ first: 25, last: 35, virtualTop: 500 });
    expect(visibleRange(500, small)).toEqual({ first: 20, last: 40, virtualTop: 500 });
  });

  it('caps the spacer for a million rows, below both browsers’ maximum element height', () => {
    expect(spacerHeight(million)).toBe(MAX_SCROLL_PX);
    expect(MAX_SCROLL_PX).toBeLessThan(16_000_000);
  });

  it('reaches the first and the last row of a million', () => {
    const top = visibleRange(0, million, 0);
    expect(top.first).toBe(0);
    const end = visibleRange(maxScrollTop(million), million, 0);
    expect(end.last).toBe(1_000_000);
    // the last row ends exactly at the viewport's bottom
    expect(999_999 * 21 - end.virtualTop + 21).toBeCloseTo(million.viewport, 6);
  });

  it('maps proportionally and invertibly in between', () => {
    const mid = maxScrollTop(million) / 2;
    const v = scrollToVirtual(mid, million);
    expect(v).toBeCloseTo((1_000_000 * 21 - 400) / 2, 3);
    expect(virtualToScroll(v, million)).toBeCloseTo(mid, 6);
    // every row has some scroll position that shows it
    for (const row of [1, 12_345, 500_000, 999_998]) {
      const s = scrollTopToReveal(row, 0, million)!;
      const r = visibleRange(s, million, 0);
      expect(row).toBeGreaterThanOrEqual(r.first);
      expect(row).toBeLessThan(r.last);
    }
  });

  it('clamps out-of-range scroll positions', () => {
    expect(scrollToVirtual(-50, small)).toBe(0);
    expect(scrollToVirtual(1e9, small)).toBe(1800);
    expect(visibleRange(0, { count: 0, rowHeight: 20, viewport: 200 })).toEqual({ first: 0, last: 0, virtualTop: 0 });
  });

  it('reveals a row by moving as little as possible', () => {
    expect(scrollTopToReveal(5, 0, small)).toBeNull(); // in view
    expect(scrollTopToReveal(10, 0, small)).toBe(20); // just below: its bottom at the viewport's bottom
    expect(scrollTopToReveal(3, 500, small)).toBe(60); // above: its top at the viewport's top
    expect(scrollTopToReveal(-1, 0, small)).toBeNull();
    expect(scrollTopToReveal(100, 0, small)).toBeNull();
  });

  it('knows when the view is at the end (to follow new rows)', () => {
    expect(atEnd(1800, small)).toBe(true);
    expect(atEnd(1700, small)).toBe(false);
    expect(atEnd(maxScrollTop(million), million)).toBe(true);
    expect(atEnd(maxScrollTop(million) - 100, million)).toBe(false);
    expect(atEnd(0, { count: 3, rowHeight: 20, viewport: 200 })).toBe(true);
  });
});
