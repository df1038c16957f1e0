/** Frame filters for the message list: direction, type, text (substring or /regex/), heartbeats, time. */
import type { Frame } from '../../shared/model';
import type { ProtocolId } from './types';
import { isHeartbeat } from './decode';
import { MAX_DECODE_CHARS } from './util';

export interface FrameFilter {
  direction: 'all' | 'send' | 'receive';
  type: 'all' | 'text' | 'binary';
  /** A plain substring (case-insensitive), or /regex/flags. */
  text: string;
  hideHeartbeats: boolean;
  /** Inclusive [from, to] in epoch ms (the frames' `time`), or null for all. */
  timeRange: [number, number] | null;
}

export const EMPTY_FILTER: FrameFilter = Object.freeze({
  direction: 'all',
  type: 'all',
  text: '',
  hideHeartbeats: false,
  timeRange: null,
}) as FrameFilter;

/** A regex or substring is matched against at most this many characters of each payload. */
export const MAX_MATCH_CHARS = MAX_DECODE_CHARS;

export type TextQuery =
  | { kind: 'none' }
  | { kind: 'substring'; needle: string }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'invalid'; error: string };

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;
const VALID_FLAGS = /^[dimsuv]*$/;

/**
 * Nested quantifiers such as `(a+)+`, `(\w*)*`, `(a|aa)+`'s cousin `(x+y?)+`: the shapes that
 * backtrack exponentially. A quantified group that itself contains a quantifier is refused.
 */
export function nestedQuantifier(source: string): boolean {
  // depth → whether the group open at that depth contains a quantifier
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      continue;
    }
    if (ch === '(') {
      stack.push(false);
      continue;
    }
    const quantifier = ch === '*' || ch === '+' || (ch === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i, i + 12)));
    if (ch === ')') {
      const inner = stack.pop() ?? false;
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || (next === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i + 1, i + 13)));
      if (inner && quantified) {
        // `{0,1}`-like bounded repeats of 1 are harmless, unbounded or large ones are not
        const m = next === '{' ? /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i + 1, i + 13)) : null;
        const max = m ? (m[2] === undefined ? Number(m[1]) : m[2] === '' ? Infinity : Number(m[2])) : Infinity;
        if (max > 1) return true;
      }
      if ((inner || quantified) && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if (quantifier && stack.length > 0) stack[stack.length - 1] = true;
  }
  return false;
}

/** Reads the text box: '' → none, `/re/flags` → regex, anything else → case-insensitive substring. */
export function parseTextQuery(q: string): TextQuery {
  if (q.trim() === '') return { kind: 'none' };
  const m = REGEX_LITERAL.exec(q);
  if (m && /^[a-z]*$/.test(m[2]!)) {
    const [, source, rawFlags] = m as unknown as [string, string, string];
    // `/api/v1` is a path, not a regex with flags "v1"
    if (!/^[dgimsuvy]*$/.test(rawFlags)) return { kind: 'substring', needle: q };
    // g and y make test() stateful: dropped
    const flags = rawFlags.replace(/[gy]/g, '');
    if (!VALID_FLAGS.test(flags) || new Set(flags).size !== flags.length) return { kind: 'invalid', error: `invalid flags "${rawFlags}"` };
    let regex: RegExp;
    try {
      regex = new RegExp(source, flags);
    } catch (e) {
      return { kind: 'invalid', error: e instanceof Error ? e.message : String(e) };
    }
    if (nestedQuantifier(source)) {
      return { kind: 'invalid', error: 'nested quantifiers such as (a+)+ can take exponential time: simplify the pattern' };
    }
    return { kind: 'regex', regex };
  }
  return { kind: 'substring', needle: q };
}

export function isFilterActive(f: FrameFilter): boolean {
  return f.direction !== 'all' || f.type !== 'all' || f.text.trim() !== '' || f.hideHeartbeats || f.timeRange !== null;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A payload matcher for a text query; null when the query filters nothing (none or invalid). */
function matcher(q: TextQuery): ((data: string) => boolean) | null {
  if (q.kind === 'substring') {
    const needle = q.needle;
    // no letter to fold: indexOf, the fastest search there is
    if (needle.toLowerCase() === needle.toUpperCase()) return (d) => d.indexOf(needle) >= 0;
    const re = new RegExp(escapeRegex(needle), 'i');
    return (d) => re.test(d);
  }
  if (q.kind === 'regex') {
    const re = q.regex;
    return (d) => {
      re.lastIndex = 0;
      return re.test(d);
    };
  }
  return null;
}

/**
 * Indices of the frames matching a filter, in order. The text query matches the payload as recorded
 * (binary frames: their base64), at most its first 64 KiB. An invalid regex filters nothing.
 */
export function filterFrames(frames: Frame[], filter: FrameFilter, protocol: ProtocolId): number[] {
  const out: number[] = [];
  const dir = filter.direction === 'all' ? null : filter.direction;
  const type = filter.type === 'all' ? null : filter.type;
  const match = matcher(parseTextQuery(filter.text));
  const range = filter.timeRange;
  const from = range ? Math.min(range[0], range[1]) : -Infinity;
  const to = range ? Math.max(range[0], range[1]) : Infinity;
  const hide = filter.hideHeartbeats;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (dir !== null && f.direction !== dir) continue;
    if (type !== null && f.type !== type) continue;
    if (f.time < from || f.time > to) continue;
    if (hide && isHeartbeat(f, protocol)) continue;
    if (match !== null) {
      const d = f.data.length > MAX_MATCH_CHARS ? f.data.slice(0, MAX_MATCH_CHARS) : f.data;
      if (!match(d)) continue;
    }
    out.push(i);
  }
  return out;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Math.abs(s) >= 100 ? s.toFixed(0) : s.toFixed(Math.abs(s) >= 10 ? 1 : 3).replace(/\.?0+$/, '')} s`;
}

/**
 * One line for a filter: "sent · text · /err/i · no heartbeats". The time range is shown relative to
 * `origin` (e.g. the connection's creation) when given, else as its length. '' when nothing is filtered.
 */
export function describeFilter(f: FrameFilter, origin?: number): string {
  const parts: string[] = [];
  if (f.direction === 'send') parts.push('sent');
  else if (f.direction === 'receive') parts.push('received');
  if (f.type !== 'all') parts.push(f.type);
  const q = parseTextQuery(f.text);
  if (q.kind === 'substring') parts.push(`"${q.needle}"`);
  else if (q.kind === 'regex') parts.push(`/${q.regex.source}/${q.regex.flags}`);
  else if (q.kind === 'invalid') parts.push(`${f.text.trim()} (invalid)`);
  if (f.hideHeartbeats) parts.push('no heartbeats');
  if (f.timeRange) {
    const from = Math.min(f.timeRange[0], f.timeRange[1]);
    const to = Math.max(f.timeRange[0], f.timeRange[1]);
    parts.push(origin !== undefined ? `${seconds(from - origin)}–${seconds(to - origin)}` : `${seconds(to - from)} window`);
  }
  return parts.join(' · ');
}
