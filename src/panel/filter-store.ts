/**
 * The frame filter of the panel: one signal, shared by the filter bar (which edits its
 * fields) and the timeline (which sets its time range). Reset when the selection changes
 * view; the filtered rows are derived, never stored.
 */
import { signal } from '@preact/signals';
import type { FrameFilter } from '../diagnostics/protocols';
import { EMPTY_FILTER } from '../diagnostics/protocols';

export const frameFilter = signal<FrameFilter>(EMPTY_FILTER);

export function setFilter(patch: Partial<FrameFilter>): void {
  frameFilter.value = { ...frameFilter.value, ...patch };
}

export function clearFilter(): void {
  frameFilter.value = EMPTY_FILTER;
}
