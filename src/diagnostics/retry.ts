/**
 * Reconnect behaviour worth flagging, per endpoint: storms, retries without backoff,
 * and retries that cannot succeed (a credential already refused, or an expired JWT).
 * Sockets a page opens side by side that stay open are not retries.
 */
import type { Connection } from '../shared/model';
import type { ReconnectGroup } from './cadence';
import { IMMEDIATE_MS, classifyIntervals } from './cadence';
import type { Credential } from './credentials';
import { whereFound } from './credentials';
import { humanDuration } from './duration';
import { finding, plural, sentences } from './make';
import { authRejected, authRejection, endedAt, failed, stayedOpen } from './outcome';
import type { Finding } from './types';

export const STORM_WINDOW_MS = 10_000;
export const STORM_ATTEMPTS = 5;
export const STORM_FAST_MS = 500;
export const STORM_FAST_INTERVALS = 3;
export const NO_BACKOFF_INTERVALS = 4;

const list = (xs: number[]): string => xs.map(humanDuration).join(', ');

/** The attempts of a storm, or null: ≥5 attempts within 10 s, or ≥3 consecutive intervals under 500 ms, all but the last having failed. */
function storm(group: Connection[]): { from: number; to: number; reason: string } | null {
  const t = group.map((c) => c.createdAt);
  // failedBefore[k]: how many of the first k attempts failed (so "all of i..j-1 failed" costs O(1)).
  const failedBefore = [0];
  for (const c of group) failedBefore.push(failedBefore[failedBefore.length - 1]! + (failed(c) ? 1 : 0));
  for (let i = 0, j = 0; i < group.length; i++) {
    j = Math.max(j, i);
    while (j + 1 < group.length && t[j + 1]! - t[i]! <= STORM_WINDOW_MS) j++;
    const count = j - i + 1;
    if (count >= STORM_ATTEMPTS && failedBefore[j]! - failedBefore[i]! === j - i) {
      return { from: i, to: j, reason: `${count} attempts within ${humanDuration(t[j]! - t[i]!)}` };
    }
  }
  let run = 0;
  for (let k = 1; k < group.length; k++) {
    const fast = t[k]! - t[k - 1]! < STORM_FAST_MS && failed(group[k - 1]!);
    run = fast ? run + 1 : 0;
    if (run >= STORM_FAST_INTERVALS) {
      return { from: k - run, to: k, reason: `${run} consecutive reconnects less than ${humanDuration(STORM_FAST_MS)} apart` };
    }
  }
  return null;
}

/**
 * The longest run of attempts in which every attempt but the last failed. A connection that stayed
 * open and then dropped (lived STABLE_MS) starts a run afresh: the drop may start an outage, but
 * reconnecting soon after each of several connections that lived (a server's maximum connection
 * age, an idle drop) is not retrying through one.
 */
function failureRun(group: Connection[]): Connection[] {
  let best: Connection[] = [];
  let current: Connection[] = [];
  for (const c of group) {
    current.push(c);
    if (current.length > best.length) best = [...current];
    if (!failed(c)) current = [];
    else if (stayedOpen(c)) current = [c];
  }
  return best;
}

function stormFinding(group: Connection[], g: ReconnectGroup, s: { from: number; to: number; reason: string }): Finding {
  const part = group.slice(s.from, s.to + 1);
  const intervals = g.intervals.slice(s.from, s.to);
  return finding({
    id: 'reconnect-storm',
    severity: 'error',
    title: 'Reconnect storm',
    short: s.reason,
    detail: sentences(
      `The page reconnected to ${g.key} in a tight loop: ${s.reason}, each failing (intervals ${list(intervals)}).`,
      'A storm hammers the server (every client does the same during an outage, so it cannot recover) and drains battery.',
      'Reconnect with exponential backoff and jitter (e.g. 1 s, 2 s, 4 s... capped at 30 s, each randomised), and stop retrying on authentication refusals.',
      g.recoveredAfter !== null ? `It recovered after ${humanDuration(g.recoveredAfter)}.` : 'It had not recovered by the end of the recording.',
    ),
    connectionIds: part.map((c) => c.id),
    time: part[0]!.createdAt,
  });
}

function noBackoff(group: Connection[], g: ReconnectGroup): Finding | null {
  const run = failureRun(group);
  // The wait after each failure, from its end to the next attempt: attempts that each take 30 s to
  // time out, retried after 1, 2, 4, 8 s, back off (their start-to-start intervals barely grow).
  const intervals = run.slice(1).map((c, i) => Math.max(0, c.createdAt - (endedAt(run[i]!) ?? run[i]!.createdAt)));
  if (intervals.length < NO_BACKOFF_INTERVALS) return null;
  const first = intervals[0]!;
  if (!intervals.every((x) => x <= 1.25 * Math.max(first, IMMEDIATE_MS))) return null;
  const pattern = classifyIntervals(intervals);
  return finding({
    id: 'no-backoff',
    severity: 'warning',
    title: 'Reconnects without backoff',
    short: `retried ${plural(intervals.length, 'time')} without backing off`,
    detail: sentences(
      `After failing, the page reconnected to ${g.key} ${plural(intervals.length, 'time')} at a ${pattern === 'immediate' ? 'immediate' : 'constant'} pace (waiting ${list(intervals)} after each failure) and each attempt failed.`,
      'Without growing delays, every client retries at full speed during an outage. Use exponential backoff with jitter and a cap.',
    ),
    connectionIds: run.map((c) => c.id),
    time: run[1]!.createdAt,
  });
}

const bare = (v: string): string => v.replace(/^\s*(?:bearer|jwt|token)\s+/i, '').trim();

function futile(group: Connection[], g: ReconnectGroup, credentialsOf: (c: Connection) => Credential[]): Finding | null {
  const refused: Connection[] = [];
  const reused: Connection[] = [];
  const expired: Connection[] = [];
  const where = new Set<string>();
  let refusal = '';
  // Linear in the attempts (a long retry loop has thousands): the refused connections so far, by each
  // credential value they sent, with their value sets; and whether any attempt so far failed.
  const refusedBy = new Map<string, { c: Connection; values: Set<string> }[]>();
  const noteRefused = (r: Connection, values: Set<string>): void => {
    if (!authRejected(r)) return;
    const entry = { c: r, values };
    for (const v of values) {
      const list = refusedBy.get(v);
      if (list) list.push(entry);
      else refusedBy.set(v, [entry]);
    }
  };
  const valuesIn = (creds: Credential[]): Set<string> => new Set(creds.map((x) => bare(x.value)));
  const valuesOf = (c: Connection): Set<string> => valuesIn(credentialsOf(c));
  let anyFailed = failed(group[0]!);
  noteRefused(group[0]!, valuesOf(group[0]!));
  for (let i = 1; i < group.length; i++) {
    const c = group[i]!;
    const failedSoFar = anyFailed;
    anyFailed ||= failed(c);
    if (stayedOpen(c)) {
      noteRefused(c, valuesOf(c));
      continue;
    }
    const creds = credentialsOf(c);
    const values = valuesIn(creds);
    // The first earlier refused connection that sent every value this one sends.
    const first = values.values().next();
    const match = first.done ? undefined : refusedBy.get(first.value)?.find((r) => [...values].every((v) => r.values.has(v)))?.c;
    noteRefused(c, values);
    if (match) {
      if (!refused.includes(match)) refused.push(match);
      reused.push(c);
      refusal ||= authRejection(match);
      for (const cred of creds) where.add(whereFound(cred));
      continue;
    }
    const stale = creds.find((x) => x.jwt?.exp !== undefined && x.jwt.exp * 1000 < c.createdAt);
    if (stale && failedSoFar) {
      expired.push(c);
      where.add(whereFound(stale));
    }
  }
  if (reused.length === 0 && expired.length === 0) return null;
  const ids = [...new Set([...refused, ...reused, ...expired].map((c) => c.id))];
  const first = [...reused, ...expired].sort((a, b) => a.createdAt - b.createdAt)[0]!;
  return finding({
    id: 'futile-retry',
    severity: 'error',
    title: 'Retrying with a rejected credential',
    short: reused.length > 0 ? 'reconnects reuse a credential the server refused' : 'reconnects use an expired token',
    detail: sentences(
      reused.length > 0 &&
        `${plural(reused.length, 'reconnect')} to ${g.key} re-sent the same credential (${[...where].join(', ')}) that the server had already refused with ${refusal}.`,
      expired.length > 0 && `${plural(expired.length, 'reconnect')} carried a JWT that had already expired.`,
      'Retrying cannot succeed until the credential changes: on an authentication refusal, refresh the token (or send the user to sign in) before reconnecting, and do not retry blindly.',
    ),
    connectionIds: ids,
    time: first.createdAt,
  });
}

export function retryFindings(group: Connection[], g: ReconnectGroup, credentialsOf: (c: Connection) => Credential[]): Finding[] {
  const out: Finding[] = [];
  if (group.length < 2) return out;
  const s = storm(group);
  if (s) out.push(stormFinding(group, g, s));
  else {
    const nb = noBackoff(group, g);
    if (nb) out.push(nb);
  }
  const f = futile(group, g, credentialsOf);
  if (f) out.push(f);
  return out;
}
