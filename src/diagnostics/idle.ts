/**
 * Idle timeouts: a connection closed after a silence that repeats across connections of
 * the same endpoint (±10%), or that matches a known proxy or load balancer default (±3 s).
 */
import type { Connection } from '../shared/model';
import { humanDuration } from './duration';
import { finding, plural, sentences } from './make';
import type { Finding, FrameRef } from './types';

export interface IdleDefault {
  ms: number;
  who: string;
  source: string;
}

/** Idle timeouts of common proxies and load balancers, in their default configuration. */
export const IDLE_DEFAULTS: readonly IdleDefault[] = [
  { ms: 30_000, who: 'Google Cloud load balancer backend service timeout (30 s default)', source: 'on Google Cloud it limits the whole life of a WebSocket, not just silence: raise the backend service timeout' },
  { ms: 55_000, who: 'Heroku router (55 s without data)', source: 'send data at least every 55 s' },
  { ms: 60_000, who: 'nginx proxy_read_timeout (60 s default)', source: 'nginx counts only data from the server; raise proxy_read_timeout or have the server send pings' },
  { ms: 60_000, who: 'AWS Application Load Balancer idle timeout (60 s default)', source: 'raise the ALB idle timeout or send a heartbeat more often' },
  { ms: 100_000, who: 'Cloudflare proxy (100 s idle)', source: 'send a heartbeat more often than every 100 s' },
  { ms: 240_000, who: 'Azure Load Balancer idle timeout (4 min default)', source: 'raise the idle timeout or enable TCP keepalive/heartbeats' },
  { ms: 600_000, who: 'AWS API Gateway WebSocket idle timeout (10 min)', source: 'send a heartbeat more often than every 10 min' },
];

export const DEFAULT_TOLERANCE_MS = 3_000;
export const REPEAT_TOLERANCE = 0.1;
/** Silences shorter than this are not called an idle timeout when they merely repeat. */
export const MIN_REPEAT_SILENCE_MS = 5_000;
const GCP_LIFETIME_MS = 30_000;

interface Candidate {
  c: Connection;
  silence: number;
  lastFrame: number | null;
}

function candidate(c: Connection): Candidate | null {
  if (!c.hooked || !c.close || c.openedAt === null || c.closedAt === null) return null;
  if (c.close.code === 1000 && c.close.initiator === 'client') return null;
  if (c.frames.length === 0 && c.droppedFrames > 0) return null; // the last activity is unknown
  const lastIndex = c.frames.length - 1;
  const last = c.frames[lastIndex];
  const since = Math.max(c.openedAt, last?.time ?? -Infinity);
  return { c, silence: c.closedAt - since, lastFrame: last ? lastIndex : null };
}

export function matchingDefaults(ms: number): IdleDefault[] {
  return IDLE_DEFAULTS.filter((d) => Math.abs(ms - d.ms) <= DEFAULT_TOLERANCE_MS);
}

function similar(a: number, b: number): boolean {
  return Math.abs(a - b) <= REPEAT_TOLERANCE * Math.max(a, b);
}

/** Groups candidates whose silences are within ±10% of the cluster's first (sorted) silence. */
function clusters(candidates: Candidate[]): Candidate[][] {
  const sorted = [...candidates].sort((a, b) => a.silence - b.silence);
  const out: Candidate[][] = [];
  for (const cand of sorted) {
    const current = out[out.length - 1];
    if (current && similar(current[0]!.silence, cand.silence)) current.push(cand);
    else out.push([cand]);
  }
  return out;
}

function benign(c: Connection): boolean {
  const close = c.close!;
  return close.wasClean && (close.code === 1000 || close.code === 1001 || close.code === 1005);
}

function silenceFinding(cluster: Candidate[], defaults: IdleDefault[]): Finding {
  const silences = cluster.map((x) => x.silence);
  const median = [...silences].sort((a, b) => a - b)[Math.floor(silences.length / 2)]!;
  const repeated = cluster.length >= 2;
  const closes = [...new Set(cluster.map((x) => x.c.close!.code))].join(', ');
  const frames: FrameRef[] = cluster
    .filter((x) => x.lastFrame !== null)
    .map((x) => ({ connectionId: x.c.id, index: x.lastFrame! }));
  const title = `Idle timeout after ${humanDuration(median)}`;
  return finding({
    id: 'idle-timeout',
    severity: cluster.every((x) => benign(x.c)) ? 'info' : 'warning',
    title,
    short:
      defaults.length > 0
        ? `closed after ${humanDuration(median)} of silence, matching the ${defaults[0]!.who.split(' (')[0]}`
        : `closed after ${humanDuration(median)} of silence each time`,
    detail: sentences(
      repeated
        ? `${plural(cluster.length, 'connection')} to this endpoint closed (code ${closes}) after the same silence: ${silences.map(humanDuration).join(', ')} without a message in either direction.`
        : `The connection closed (code ${closes}) after ${humanDuration(median)} without a message in either direction.`,
      defaults.length > 0
        ? `That matches ${defaults.map((d) => `the ${d.who}`).join(' or ')}: ${defaults.map((d) => d.source).join('; ')}.`
        : 'A proxy, load balancer or the server closes connections that stay silent that long.',
      'Send an application-level heartbeat (a small message every half of that time) or raise the timeout. WebSocket pings sent by the server are invisible to the page: if the server sends them, this timer is elsewhere.',
    ),
    connectionIds: cluster.map((x) => x.c.id),
    frames,
    time: cluster.reduce((min, x) => Math.min(min, x.c.closedAt!), Infinity),
  });
}

function lifetimeFinding(list: Connection[]): Finding {
  return finding({
    id: 'idle-timeout',
    severity: 'warning',
    title: `Closed after ${humanDuration(GCP_LIFETIME_MS)} open`,
    short: 'closed after 30 s open, like a Google Cloud load balancer timeout',
    detail: sentences(
      `${plural(list.length, 'connection')} dropped (1006) about 30 s after opening, whether or not messages flowed.`,
      'That matches the Google Cloud load balancer backend service timeout (30 s default), which limits the whole life of a WebSocket, not just its silence: raise the backend service timeout (timeoutSec).',
    ),
    connectionIds: list.map((c) => c.id),
    time: list.reduce((min, c) => Math.min(min, c.closedAt!), Infinity),
  });
}

/** Idle-timeout findings for the connections of one endpoint. */
export function idleFindings(group: Connection[]): Finding[] {
  const out: Finding[] = [];
  const candidates = group.map(candidate).filter((x): x is Candidate => x !== null && x.silence > 0);
  const covered = new Set<string>();
  for (const cluster of clusters(candidates)) {
    const median = cluster[Math.floor(cluster.length / 2)]!.silence;
    const defaults = matchingDefaults(median);
    const repeated = cluster.length >= 2 && cluster[0]!.silence >= MIN_REPEAT_SILENCE_MS;
    if (defaults.length > 0) {
      // Only the connections whose own silence is within the tolerance of the default.
      const exact = cluster.filter((x) => matchingDefaults(x.silence).length > 0);
      const use = repeated ? cluster : exact;
      out.push(silenceFinding(use, defaults));
      for (const x of use) covered.add(x.c.id);
    } else if (repeated) {
      out.push(silenceFinding(cluster, []));
      for (const x of cluster) covered.add(x.c.id);
    }
  }
  const lifetime = group.filter(
    (c) =>
      !covered.has(c.id) &&
      c.close?.code === 1006 &&
      c.close.initiator !== 'client' &&
      c.openedAt !== null &&
      c.closedAt !== null &&
      Math.abs(c.closedAt - c.openedAt - GCP_LIFETIME_MS) <= DEFAULT_TOLERANCE_MS,
  );
  if (lifetime.length > 0) out.push(lifetimeFinding(lifetime));
  return out;
}
