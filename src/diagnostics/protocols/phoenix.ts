/**
 * Phoenix channels. Serializer v2 (`vsn=2.0.0`): `[join_ref, ref, topic, event, payload]`;
 * v1: `{topic, event, payload, ref, join_ref?}`. The heartbeat is topic "phoenix" event "heartbeat",
 * answered by a `phx_reply` on the same topic. Replies: `phx_reply` with payload {status, response}.
 * v2 also has a binary format: kind byte 0 push, 1 reply, 2 broadcast, then string sizes, the strings
 * and the data (a client push has join_ref, ref, topic, event; a server push no ref).
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { OPEN_BRACE, OPEN_BRACKET, base64Bytes, brief, bytes, firstCode, idText, isObject, oneLine, parseJson, str, utf8Text } from './util';

export interface PhoenixMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
  /** 1 (object) or 2 (array) serializer. */
  vsn: 1 | 2;
}

const KIND: Readonly<Record<string, string>> = {
  phx_join: 'join',
  phx_leave: 'leave',
  phx_reply: 'reply',
  phx_error: 'channel-error',
  phx_close: 'channel-close',
  heartbeat: 'heartbeat',
};

function refText(v: unknown): string | null {
  return idText(v) ?? null;
}

function fromArray(a: unknown[]): PhoenixMessage | string {
  if (a.length !== 5) return `expected 5 elements [join_ref, ref, topic, event, payload], got ${a.length}`;
  const [joinRef, ref, topic, event, payload] = a;
  if (typeof topic !== 'string' || typeof event !== 'string') return 'topic and event must be strings';
  return { joinRef: refText(joinRef), ref: refText(ref), topic, event, payload, vsn: 2 };
}

function fromObject(o: Record<string, unknown>): PhoenixMessage | string {
  const topic = str(o.topic);
  const event = str(o.event);
  if (topic === undefined || event === undefined) return 'missing topic or event';
  return { joinRef: refText(o.join_ref), ref: refText(o.ref), topic, event, payload: o.payload, vsn: 1 };
}

function summarize(m: PhoenixMessage): { summary: string; kind: string; heartbeat: boolean } {
  const heartbeat = m.topic === 'phoenix' && (m.event === 'heartbeat' || m.event === 'phx_reply');
  const ref = m.ref !== null ? ` (ref ${oneLine(m.ref, 20)})` : '';
  if (m.topic === 'phoenix' && m.event === 'heartbeat') return { summary: `heartbeat${ref}`, kind: 'heartbeat', heartbeat };
  let what = m.event;
  if (m.event === 'phx_reply' && isObject(m.payload)) {
    const status = str(m.payload.status);
    if (status) what += ` ${status}`;
    const resp = m.payload.response;
    if (status && status !== 'ok' && isObject(resp)) {
      const reason = str(resp.reason) ?? str(resp.message) ?? str(resp.error);
      if (reason) what += `: ${oneLine(reason, 80)}`;
    }
  }
  return {
    summary: `${oneLine(m.topic, 60)} ${oneLine(what, 100)}${ref}`,
    kind: KIND[m.event] ?? (m.ref === null ? 'broadcast' : 'push'),
    heartbeat,
  };
}

function decoded(m: PhoenixMessage): DecodedFrame {
  const s = summarize(m);
  const out: DecodedFrame = { protocol: 'phoenix', summary: s.summary, kind: s.kind, heartbeat: s.heartbeat, detail: m };
  if (m.event === 'phx_reply' && !(isObject(m.payload) && typeof m.payload.status === 'string')) out.error = 'phx_reply without a status';
  return out;
}

/** v2 binary: [kind, sizes…, strings…, data]. */
function decodeBinary(frame: Frame): DecodedFrame | null {
  const head = base64Bytes(frame.data, 4096);
  if (!head || head.length < 3) return null;
  const kind = head[0]!;
  // a client push has a ref, a server push has none
  const clientPush = kind === 0 && frame.direction === 'send';
  const sizes = kind === 0 ? (clientPush ? 4 : 3) : kind === 1 ? 4 : kind === 2 ? 2 : -1;
  if (sizes < 0 || head.length < 1 + sizes) return null;
  let at = 1 + sizes;
  const fields: string[] = [];
  for (let i = 0; i < sizes; i++) {
    const n = head[1 + i]!;
    if (at + n > head.length) return null;
    fields.push(utf8Text(head.subarray(at, at + n)));
    at += n;
  }
  let m: PhoenixMessage;
  if (clientPush) m = { joinRef: fields[0] || null, ref: fields[1] || null, topic: fields[2]!, event: fields[3]!, payload: null, vsn: 2 };
  else if (kind === 0) m = { joinRef: fields[0] || null, ref: null, topic: fields[1]!, event: fields[2]!, payload: null, vsn: 2 };
  else if (kind === 1) m = { joinRef: fields[0] || null, ref: fields[1] || null, topic: fields[2]!, event: 'phx_reply', payload: { status: fields[3] }, vsn: 2 };
  else m = { joinRef: null, ref: null, topic: fields[0]!, event: fields[1]!, payload: null, vsn: 2 };
  const dataBytes = Math.max(0, frame.size - at);
  const s = summarize(m);
  return {
    protocol: 'phoenix',
    summary: `${s.summary} · binary ${bytes(dataBytes)}`,
    kind: s.kind,
    heartbeat: false,
    detail: { ...m, payload: { binary: true, size: dataBytes } },
  };
}

export function decodePhoenixFrame(frame: Frame): DecodedFrame | null {
  if (frame.type === 'binary') return decodeBinary(frame);
  const c = firstCode(frame.data);
  if (c !== OPEN_BRACKET && c !== OPEN_BRACE) return null;
  const r = parseJson(frame.data, frame);
  if (!r.ok) {
    // truncated: topic and event are near the start
    const m = /^\s*\[\s*(null|"[^"]*"|\d+)\s*,\s*(null|"[^"]*"|\d+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"/.exec(frame.data.slice(0, 2048));
    const topic = m ? m[3] : str(/"topic"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(frame.data.slice(0, 2048))?.[1]);
    const event = m ? m[4] : str(/"event"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(frame.data.slice(0, 2048))?.[1]);
    return {
      protocol: 'phoenix',
      summary: topic !== undefined && event !== undefined ? `${topic} ${event} (partial)` : oneLine(frame.data, 80),
      kind: event !== undefined ? (KIND[event] ?? 'push') : 'unknown',
      heartbeat: false,
      detail: { topic, event },
      error: r.error,
    };
  }
  const m = Array.isArray(r.value) ? fromArray(r.value) : isObject(r.value) ? fromObject(r.value) : 'not an array or object';
  if (typeof m === 'string') return { protocol: 'phoenix', summary: brief(r.value, 80), kind: 'unknown', heartbeat: false, detail: r.value, error: m };
  return decoded(m);
}

const V2_HEARTBEAT = /^\[\s*(?:null|"[^"]*")\s*,\s*(?:null|"[^"]*")\s*,\s*"phoenix"\s*,\s*"(?:heartbeat|phx_reply)"\s*,/;

/** Cheap: mentions topic "phoenix" with heartbeat or phx_reply. */
export function isPhoenixHeartbeat(frame: Frame): boolean {
  const d = frame.data;
  if (frame.type !== 'text' || d.length > 512 || !d.includes('"phoenix"')) return false;
  if (V2_HEARTBEAT.test(d)) return true;
  return decodePhoenixFrame(frame)?.heartbeat ?? false;
}
