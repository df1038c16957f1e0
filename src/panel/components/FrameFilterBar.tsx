/**
 * The filter bar above the frame list: direction, type, text or /regex/, Hide heartbeats, and the
 * time range the timeline sets; a summary of the filter with Clear filters, and "N of M frames".
 * All of it reads and writes the one frameFilter signal (filter-store.ts).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FrameFilter } from '../../diagnostics/protocols';
import { describeFilter, isFilterActive, parseTextQuery } from '../../diagnostics/protocols';
import { clearFilter, frameFilter, setFilter } from '../filter-store';

/** Typing is applied after this pause, so a 100,000-frame list is filtered once per word, not per key. */
export const TEXT_DEBOUNCE_MS = 150;

export function FrameFilterBar({ shown, total, events, origin }: { shown: number; total: number; events: number; origin: number }) {
  const filter = frameFilter.value;
  const [text, setText] = useState(filter.text);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Cleared or set elsewhere (Clear filters, a finding): show it.
  useEffect(() => {
    if (timer.current === undefined) setText(filter.text);
  }, [filter.text]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onText = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setFilter({ text: value });
    }, TEXT_DEBOUNCE_MS);
  };
  const query = parseTextQuery(text);
  const invalid = query.kind === 'invalid' ? query.error : null;
  const active = isFilterActive(filter);
  const summary = describeFilter(filter, origin);

  return (
    <div class="frame-filters" role="search" aria-label="Frame filters">
      <label class="filter-field">
        <span class="visually-hidden">Direction</span>
        <select
          aria-label="Direction"
          value={filter.direction}
          onChange={(e) => setFilter({ direction: (e.currentTarget as HTMLSelectElement).value as FrameFilter['direction'] })}
        >
          <option value="all">All directions</option>
          <option value="send">Sent ↑</option>
          <option value="receive">Received ↓</option>
        </select>
      </label>
      <label class="filter-field">
        <span class="visually-hidden">Type</span>
        <select
          aria-label="Frame type"
          value={filter.type}
          onChange={(e) => setFilter({ type: (e.currentTarget as HTMLSelectElement).value as FrameFilter['type'] })}
        >
          <option value="all">All types</option>
          <option value="text">Text</option>
          <option value="binary">Binary</option>
        </select>
      </label>
      <input
        id="frame-filter"
        class={`filter-text${invalid ? ' invalid' : ''}`}
        type="search"
        aria-label="Filter frames"
        placeholder="Filter: text or /regex/i"
        spellcheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={invalid ? 'true' : undefined}
        aria-describedby={invalid ? 'frame-filter-error' : undefined}
        onInput={(e) => onText((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text !== '') {
            e.preventDefault();
            e.stopPropagation();
            clearTimeout(timer.current);
            timer.current = undefined;
            setText('');
            setFilter({ text: '' });
          }
        }}
      />
      {invalid && (
        <span id="frame-filter-error" class="filter-error" role="alert">
          Invalid regex: {invalid}
        </span>
      )}
      <label class="check">
        <input type="checkbox" checked={filter.hideHeartbeats} onChange={(e) => setFilter({ hideHeartbeats: (e.currentTarget as HTMLInputElement).checked })} />
        Hide heartbeats
      </label>
      {filter.timeRange && (
        <span class="filter-chip" data-testid="filter-time-range">
          Time range
          <button type="button" class="chip-clear" aria-label="Clear time range" onClick={() => setFilter({ timeRange: null })}>
            ×
          </button>
        </span>
      )}
      <span class="spacer" />
      {active && (
        <span class="filter-summary" data-testid="filter-summary" title={summary}>
          {summary}
        </span>
      )}
      <button type="button" class="clear-filters" disabled={!active} onClick={() => clearFilter()}>
        Clear filters
      </button>
      <span class="frame-count" data-testid="frame-count">
        {`${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} frames`}
        {/* The list also shows open, error, close() and close: counted apart, so "0 of 0 frames" above two rows is not a puzzle. */}
        {events > 0 && ` · ${events.toLocaleString('en-US')} ${events === 1 ? 'event' : 'events'}`}
      </span>
    </div>
  );
}
