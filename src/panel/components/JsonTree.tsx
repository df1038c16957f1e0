/**
 * A JSON value as a collapsible tree (text rendering only). Selecting a node shows its path
 * (`$.data.items[3].id`) with Copy path and Copy value.
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { copyValueText, jsonPath } from '../payload-format';

type Path = (string | number)[];

/** Children shown per object or array before "Show more". */
const PAGE = 200;
/** Characters of a string shown in the tree (Copy value copies all of it). */
const STRING_PREVIEW = 500;

/** Bidi and other invisible controls would reorder or hide the text around them: shown as escapes. */
function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return v !== null && typeof v === 'object';
}

function preview(v: unknown): { text: string; cls: string } {
  if (v === null) return { text: 'null', cls: 'j-null' };
  if (v === undefined) return { text: 'undefined', cls: 'j-null' };
  if (typeof v === 'string') {
    const s = v.length > STRING_PREVIEW ? `${v.slice(0, STRING_PREVIEW)}…` : v;
    return { text: visible(JSON.stringify(s)), cls: 'j-string' };
  }
  if (typeof v === 'number' || typeof v === 'bigint') return { text: String(v), cls: 'j-number' };
  if (typeof v === 'boolean') return { text: String(v), cls: 'j-bool' };
  if (Array.isArray(v)) return { text: `Array(${v.length})`, cls: 'j-meta' };
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    return { text: visible(`{${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}}`), cls: 'j-meta' };
  }
  return { text: String(v), cls: 'j-meta' };
}

function entries(v: Record<string, unknown> | unknown[]): [string | number, unknown][] {
  return Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
}

interface Props {
  value: unknown;
  label: string;
  /** Depth to which containers start expanded. */
  openDepth?: number;
  onCopy: (text: string, what: string) => void;
}

export function JsonTree({ value, label, openDepth = 2, onCopy }: Props) {
  // Toggled paths (relative to the default: open above openDepth).
  const [toggled, setToggled] = useState<Set<string>>(() => new Set());
  const [shownCounts, setShownCounts] = useState<Map<string, number>>(() => new Map());
  const [selected, setSelected] = useState<{ path: Path; value: unknown } | null>(null);

  const isOpen = (key: string, depth: number) => (depth < openDepth) !== toggled.has(key);
  const toggle = (key: string) => {
    const next = new Set(toggled);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setToggled(next);
  };

  const node = (name: string | number | null, v: unknown, path: Path, depth: number): VNode => {
    const key = jsonPath(path);
    const container = isContainer(v);
    const open = container && isOpen(key, depth);
    const p = preview(v);
    const isSelected = selected !== null && jsonPath(selected.path) === key;
    let children: VNode | null = null;
    if (open) {
      const all = entries(v);
      const limit = shownCounts.get(key) ?? PAGE;
      children = (
        <div role="group">
          {all.slice(0, limit).map(([k, child]) => node(k, child, [...path, k], depth + 1))}
          {all.length > limit && (
            <button type="button" class="j-more" onClick={() => setShownCounts(new Map(shownCounts).set(key, limit + PAGE))}>
              Show {Math.min(PAGE, all.length - limit).toLocaleString('en-US')} more of {(all.length - limit).toLocaleString('en-US')}
            </button>
          )}
        </div>
      );
    }
    return (
      <div
        key={key}
        role="treeitem"
        aria-expanded={container ? open : undefined}
        aria-selected={isSelected}
        data-path={key}
        class="j-node"
      >
        <div class={`j-line${isSelected ? ' selected' : ''}`} style={{ paddingLeft: `${depth * 12}px` }}>
          {container ? (
            <button type="button" class="j-toggle" aria-label={open ? `Collapse ${key}` : `Expand ${key}`} onClick={() => toggle(key)}>
              {open ? '▾' : '▸'}
            </button>
          ) : (
            <span class="j-toggle-space" />
          )}
          <button type="button" class="j-label" onClick={() => setSelected({ path, value: v })} title={key}>
            {name !== null && <span class={typeof name === 'number' ? 'j-index' : 'j-key'}>{typeof name === 'number' ? `${name}` : visible(name)}</span>}
            {name !== null && <span class="j-colon">: </span>}
            <span class={p.cls}>{p.text}</span>
          </button>
        </div>
        {children}
      </div>
    );
  };

  return (
    <div class="json-tree">
      <div class="j-bar">
        {selected ? (
          <>
            <code class="j-path" data-testid="json-path">
              {jsonPath(selected.path)}
            </code>
            <button type="button" onClick={() => onCopy(jsonPath(selected.path), 'path')}>
              Copy path
            </button>
            <button type="button" onClick={() => onCopy(copyValueText(selected.value), 'value')}>
              Copy value
            </button>
          </>
        ) : (
          <span class="muted">Select a value to copy it or its path.</span>
        )}
      </div>
      <div role="tree" aria-label={label} class="j-tree">
        {node(null, value, [], 0)}
      </div>
    </div>
  );
}
