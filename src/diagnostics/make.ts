/**
 * Building findings. Each finding also carries a short cause (a few words) for the
 * one-line diagnosis of a connection row; it is kept aside so Finding stays as documented.
 */
import type { Finding, FindingId, FrameRef, Severity } from './types';

const shortCauses = new WeakMap<Finding, string>();

export interface FindingInput {
  id: FindingId;
  severity: Severity;
  title: string;
  detail: string;
  connectionIds: string[];
  /** A few words for the connection row, e.g. "the server requires authentication". */
  short: string;
  frames?: FrameRef[];
  time?: number | null;
}

export function finding(input: FindingInput): Finding {
  const f: Finding = {
    id: input.id,
    severity: input.severity,
    title: input.title,
    detail: input.detail,
    connectionIds: input.connectionIds,
  };
  if (input.frames && input.frames.length > 0) f.frames = input.frames;
  if (input.time !== undefined && input.time !== null && Number.isFinite(input.time)) f.time = input.time;
  shortCauses.set(f, input.short);
  return f;
}

export function shortCause(f: Finding): string {
  return shortCauses.get(f) ?? '';
}

/** Joins sentences, dropping empty ones. */
export function sentences(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join(' ');
}

export function quote(s: string, max = 120): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return `"${cut}"`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
