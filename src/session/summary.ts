/**
 * A Markdown summary of a session to paste into a ticket or chat: the page, one table
 * row per connection, and the findings. Redacted unless `includeSecrets`. Every value
 * from the page is escaped, so a URL holding `<img onerror>` or `|` stays plain text.
 */
import type { Connection, Session } from '../shared/model';
import { connectionState } from '../shared/model';
import type { ExportedFinding } from './format';
import { redactSession } from './redact';

export interface SummaryOptions {
  includeSecrets: boolean;
}

const SEVERITY_LABEL: Record<ExportedFinding['severity'], string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

/** Escapes text for Markdown (inline and table cells): no HTML, no formatting, one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A code span that can hold any text (backticks, pipes, HTML) as is, on one line. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  if (oneLine === '') return '(none)';
  let fence = '`';
  while (oneLine.includes(fence)) fence += '`';
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString();
}

export function connectionResult(c: Connection): string {
  const h = c.handshake;
  if (h?.error) return `failed: ${h.error}`;
  if (h && h.status !== null && h.status !== 101) return `refused: HTTP ${h.status}${h.statusText ? ` ${h.statusText}` : ''}`;
  if (c.close) {
    const reason = c.close.reason ? ` "${truncate(c.close.reason, 80)}"` : '';
    return `closed ${c.close.code}${reason} by ${c.close.initiator}${c.close.wasClean ? '' : ' (not clean)'}`;
  }
  switch (connectionState(c)) {
    case 'closed':
      return 'closed';
    case 'closing':
      return 'closing';
    case 'open':
      return 'open';
    case 'connecting':
      return 'connecting';
  }
}

export function sessionSummaryMarkdown(
  session: Session,
  findings: readonly ExportedFinding[],
  opts: SummaryOptions,
): string {
  const { session: s, findings: fs } = opts.includeSecrets
    ? { session, findings }
    : redactSession(session, findings);
  const lines: string[] = [];
  const frames = s.connections.reduce((n, c) => n + c.frames.length, 0);
  lines.push('# WS Triage session summary', '');
  lines.push(`- **Page:** ${codeSpan(s.page.url)}${s.page.title ? ` — ${escapeMarkdown(truncate(s.page.title, 200))}` : ''}`);
  lines.push(
    `- **Recorded from:** ${iso(s.startedAt)}; ${s.connections.length} connection${s.connections.length === 1 ? '' : 's'}, ${frames} frame${frames === 1 ? '' : 's'} retained${s.droppedFrames ? ` (${s.droppedFrames} dropped)` : ''}`,
  );
  lines.push(`- **Secrets:** ${opts.includeSecrets ? 'included (not redacted)' : 'redacted'}`);
  lines.push('', '## Connections', '');

  const rowOf = new Map<string, number>();
  if (s.connections.length === 0) {
    lines.push('No WebSocket connections were recorded.');
  } else {
    lines.push('| # | URL | Result | Handshake | Subprotocol | Frames sent / received | Duration |');
    lines.push('|---|-----|--------|-----------|-------------|------------------------|----------|');
    s.connections.forEach((c, i) => {
      rowOf.set(c.id, i + 1);
      const h = c.handshake;
      const handshake = h ? (h.status !== null ? String(h.status) : h.error ? 'no answer' : 'pending') : c.hooked ? 'not seen' : '—';
      const end = c.closedAt ?? c.frames[c.frames.length - 1]?.time ?? null;
      const dur = end !== null ? duration(Math.max(0, end - c.createdAt)) : '—';
      const frameCount = c.hooked
        ? `${c.stats.framesSent} / ${c.stats.framesReceived}`
        : 'not visible';
      lines.push(
        `| ${i + 1} | ${codeSpan(truncate(c.url, 200))} | ${escapeMarkdown(connectionResult(c))} | ${escapeMarkdown(handshake)} | ${c.protocol ? codeSpan(c.protocol) : '—'} | ${frameCount} | ${dur} |`,
      );
    });
  }

  lines.push('', '## Findings', '');
  if (fs.length === 0) {
    lines.push('No findings.');
  } else {
    fs.forEach((f, i) => {
      const rows = f.connectionIds.map((id) => rowOf.get(id)).filter((n): n is number => n !== undefined);
      const where = rows.length ? ` (connection${rows.length === 1 ? '' : 's'} ${rows.map((n) => `#${n}`).join(', ')})` : '';
      lines.push(`${i + 1}. **${SEVERITY_LABEL[f.severity] ?? 'Info'}:** ${escapeMarkdown(f.title)}${where}`);
      if (f.detail) lines.push(`   ${escapeMarkdown(f.detail)}`);
    });
  }
  lines.push('');
  return lines.join('\n');
}
