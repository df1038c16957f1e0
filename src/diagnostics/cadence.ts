/**
 * Reconnect cadence: connections grouped by endpoint, the intervals between their
 * creation times, and the shape of those intervals (fixed, linear, exponential...).
 */
import type { Connection, Session } from '../shared/model';
import { endpointKey } from './endpoint';
import { endedAt, failed, stayedOpen } from './outcome';

export type ReconnectPattern = 'single' | 'immediate' | 'fixed' | 'linear' | 'exponential' | 'jittered' | 'capped' | 'irregular';

export interface ReconnectGroup {
  key: string;
  /** Connections to this endpoint, in creation order. */
  connectionIds: string[];
  /** createdAt of each attempt. */
  attempts: number[];
  /** Milliseconds between consecutive attempts. */
  intervals: number[];
  pattern: ReconnectPattern;
  /** Time from the first failure to the opening of a connection that stayed open, or null. */
  recoveredAfter: number | null;
}

export const IMMEDIATE_MS = 100;
const FIXED_CV = 0.2;
const LINEAR_CV = 0.15;
const RATIO_MIN = 1.4;
const RATIO_MAX = 3.2;
const PLATEAU_CV = 0.25;

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Coefficient of variation: standard deviation over mean (0 for constant series). */
export function cv(xs: number[]): number {
  const m = mean(xs);
  if (m === 0) return 0;
  const variance = xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length;
  return Math.sqrt(variance) / Math.abs(m);
}

const growth = (ratio: number): boolean => ratio >= RATIO_MIN && ratio <= RATIO_MAX;

function ratios(xs: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < xs.length; i++) out.push(xs[i - 1]! > 0 ? xs[i]! / xs[i - 1]! : Infinity);
  return out;
}

/** Spearman rank correlation of the series with its index: 1 when it only grows. */
function rankCorrelation(xs: number[]): number {
  const n = xs.length;
  const ranks = new Array<number>(n);
  xs.map((x, i) => ({ x, i }))
    .sort((a, b) => a.x - b.x)
    .forEach((e, rank) => (ranks[e.i] = rank));
  const d2 = ranks.reduce((sum, rank, i) => sum + (rank - i) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** Classifies the intervals between attempts. */
export function classifyIntervals(intervals: number[]): ReconnectPattern {
  const n = intervals.length;
  if (n === 0) return 'single';
  if (intervals.every((i) => i < IMMEDIATE_MS)) return 'immediate';
  if (n === 1) return 'fixed';
  if (cv(intervals) < FIXED_CV) return 'fixed';
  const r = ratios(intervals);
  const diffs = r.map((_, i) => intervals[i + 1]! - intervals[i]!);
  if (n >= 3 && diffs.every((d) => d > 0) && cv(diffs) < LINEAR_CV) return 'linear';
  if (r.every(growth)) return 'exponential';
  const leading = r.findIndex((x) => !growth(x));
  if (leading >= 2) {
    const plateau = intervals.slice(leading);
    if (plateau.length >= 2 && cv(plateau) < PLATEAU_CV && r.slice(leading).every((x) => x <= RATIO_MIN)) return 'capped';
  }
  if (n >= 3) {
    const half = Math.floor(n / 2);
    const first = mean(intervals.slice(0, half));
    const last = mean(intervals.slice(n - half));
    if (last >= 1.5 * first && rankCorrelation(intervals) >= 0.5) return 'jittered';
  }
  return 'irregular';
}

function recovery(group: Connection[]): number | null {
  let firstFailureIndex = -1;
  let firstFailureTime = Infinity;
  group.forEach((c, i) => {
    if (!failed(c)) return;
    const t = endedAt(c) ?? c.createdAt;
    if (firstFailureIndex === -1) {
      firstFailureIndex = i;
      firstFailureTime = t;
    }
  });
  if (firstFailureIndex === -1) return null;
  for (let i = firstFailureIndex + 1; i < group.length; i++) {
    const c = group[i]!;
    if (stayedOpen(c)) return Math.max(0, c.openedAt! - firstFailureTime);
  }
  return null;
}

/** Connections grouped by endpointKey, each group in creation order; groups in order of first attempt. */
export function groupByEndpoint(session: Session): { key: string; connections: Connection[] }[] {
  const groups = new Map<string, Connection[]>();
  for (const c of session.connections) {
    const key = endpointKey(c.url);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const out = [...groups].map(([key, connections]) => ({
    key,
    connections: connections.map((c, i) => ({ c, i })).sort((a, b) => a.c.createdAt - b.c.createdAt || a.i - b.i).map((x) => x.c),
  }));
  return out.sort((a, b) => a.connections[0]!.createdAt - b.connections[0]!.createdAt);
}

export function describeGroup(key: string, connections: Connection[]): ReconnectGroup {
  const attempts = connections.map((c) => c.createdAt);
  const intervals = attempts.slice(1).map((t, i) => t - attempts[i]!);
  return {
    key,
    connectionIds: connections.map((c) => c.id),
    attempts,
    intervals,
    pattern: classifyIntervals(intervals),
    recoveredAfter: recovery(connections),
  };
}

export function reconnectGroups(session: Session): ReconnectGroup[] {
  return groupByEndpoint(session).map(({ key, connections }) => describeGroup(key, connections));
}
