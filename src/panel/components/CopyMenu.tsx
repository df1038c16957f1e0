/** "Copy as" for the selected connection: websocat, wscat, the connection as JSON, the selected payload. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Connection, Frame } from '../../shared/model';
import { connectionJson, payloadText, websocatCommand, wscatCommand } from '../copy-as';

interface Props {
  connection: Connection;
  frame: Frame | null;
  includeSecrets: boolean;
  onCopy: (text: string, what: string) => void;
}

export function CopyMenu({ connection, frame, includeSecrets, onCopy }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    (root.current?.querySelector('[role="menuitem"]:not([disabled])') as HTMLElement | null)?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const opts = { includeSecrets };
  const items: { label: string; what: string; run: (() => string) | null }[] = [
    { label: 'Copy as websocat', what: 'websocat command', run: () => websocatCommand(connection, opts) },
    { label: 'Copy as wscat', what: 'wscat command', run: () => wscatCommand(connection, opts) },
    { label: 'Copy connection as JSON', what: 'connection JSON', run: () => connectionJson(connection, opts) },
    { label: 'Copy payload', what: 'payload', run: frame ? () => payloadText(frame, connection, opts) : null },
  ];

  return (
    <div
      class="copy-menu"
      ref={root}
      onKeyDown={(e) => {
        if (!open) return;
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          (root.current?.querySelector('.copy-menu-button') as HTMLElement | null)?.focus();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const list = Array.from(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? []);
          const at = list.indexOf(document.activeElement as HTMLElement);
          list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
        }
      }}
    >
      <button type="button" class="copy-menu-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        Copy as… ▾
      </button>
      {open && (
        <div role="menu" aria-label="Copy as" class="menu">
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              disabled={item.run === null}
              onClick={() => {
                setOpen(false);
                if (item.run) onCopy(item.run(), item.what);
              }}
            >
              {item.label}
            </button>
          ))}
          <div class="menu-note muted">{includeSecrets ? 'Secrets included' : 'Credentials redacted (Include secrets to keep them)'}</div>
        </div>
      )}
    </div>
  );
}
