/**
 * JSON-RPC 2.0: request {jsonrpc, method, params?, id}, notification (no id), response {id, result}
 * or {id, error{code, message, data?}}, and batches (arrays of those).
 * Summaries: "→ method (id 3)", "→ method (notification)", "← result (id 3)", "← error -32601 Method not found (id 3)".
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { OPEN_BRACE, OPEN_BRACKET, brief, firstCode, idText, isObject, oneLine, parseJson, peekObject, str } from './util';

export const JSON_RPC_ERRORS: Readonly<Record<number, string>> = {
  [-32700]: 'Parse error',
  [-32600]: 'Invalid Request',
  [-32601]: 'Method not found',
  [-32602]: 'Invalid params',
  [-32603]: 'Internal error',
};

const HEARTBEAT_METHODS = /^(?:[\w.]*[._])?(?:ping|pong|heartbeat|keepalive|keep_alive|keep-alive)$/i;

interface One {
  kind: 'request' | 'notification' | 'result' | 'error' | 'invalid';
  summary: string;
  heartbeat: boolean;
  error?: string;
}

function idPart(m: Record<string, unknown>): string {
  if (!('id' in m)) return '';
  const id = m.id === null ? 'null' : (idText(m.id) ?? brief(m.id, 20));
  return ` (id ${oneLine(id, 40)})`;
}

function one(m: unknown): One {
  if (!isObject(m)) return { kind: 'invalid', summary: brief(m, 60), heartbeat: false, error: 'not a JSON-RPC object' };
  let error: string | undefined = m.jsonrpc === '2.0' ? undefined : 'missing "jsonrpc": "2.0"';
  let out: One;
  const method = str(m.method);
  if (method !== undefined) {
    const notification = !('id' in m);
    out = {
      kind: notification ? 'notification' : 'request',
      summary: `→ ${oneLine(method, 80)}${notification ? ' (notification)' : idPart(m)}`,
      heartbeat: HEARTBEAT_METHODS.test(method),
    };
  } else if ('error' in m) {
    const e = m.error;
    const code = isObject(e) && typeof e.code === 'number' ? e.code : undefined;
    const message = isObject(e) ? str(e.message) : str(e);
    const text = [code !== undefined ? String(code) : '', message ?? (code !== undefined ? (JSON_RPC_ERRORS[code] ?? '') : '')].filter(Boolean).join(' ');
    out = { kind: 'error', summary: `← error${text ? ` ${oneLine(text, 100)}` : ''}${idPart(m)}`, heartbeat: false };
    if (!isObject(e) || code === undefined) error ??= 'error object without a numeric code';
  } else if ('result' in m) {
    const r = m.result;
    const heartbeat = typeof r === 'string' && /^(?:pong|ping)$/i.test(r);
    out = { kind: 'result', summary: `← result${idPart(m)}`, heartbeat };
  } else {
    out = { kind: 'invalid', summary: brief(m, 60), heartbeat: false };
    error ??= 'neither a request (method) nor a response (result or error)';
  }
  if (error) out.error = error;
  return out;
}

export function decodeJsonRpcFrame(frame: Frame): DecodedFrame | null {
  if (frame.type !== 'text') return null;
  const c = firstCode(frame.data);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return null;
  const r = parseJson(frame.data, frame);
  if (!r.ok) {
    const partial = c === OPEN_BRACE ? peekObject(frame.data, ['jsonrpc', 'method', 'id']) : {};
    let summary = oneLine(frame.data, 80);
    let kind = 'unknown';
    if (typeof partial.method === 'string') {
      const o = one(partial);
      summary = `${o.summary} (partial)`;
      kind = o.kind;
    } else if ('id' in partial) {
      summary = `← response${idPart(partial)} (partial)`;
      kind = 'response';
    } else if (c === OPEN_BRACKET) {
      summary = 'batch (partial)';
      kind = 'batch';
    }
    return { protocol: 'json-rpc', summary, kind, heartbeat: false, detail: partial, error: r.error };
  }
  const v = r.value;
  if (Array.isArray(v)) {
    if (v.length === 0) return { protocol: 'json-rpc', summary: 'batch (empty)', kind: 'batch', heartbeat: false, detail: v, error: 'an empty batch is invalid' };
    const items = v.map(one);
    const shown = items.slice(0, 3).map((i) => i.summary).join(', ');
    const out: DecodedFrame = {
      protocol: 'json-rpc',
      summary: `batch (${v.length}): ${shown}${v.length > 3 ? ', …' : ''}`,
      kind: 'batch',
      heartbeat: items.every((i) => i.heartbeat),
      detail: v,
    };
    const err = items.find((i) => i.error)?.error;
    if (err) out.error = err;
    return out;
  }
  const o = one(v);
  const out: DecodedFrame = { protocol: 'json-rpc', summary: o.summary, kind: o.kind, heartbeat: o.heartbeat, detail: v };
  if (o.error) out.error = o.error;
  return out;
}

export function isJsonRpcHeartbeat(frame: Frame): boolean {
  const d = frame.data;
  if (frame.type !== 'text' || d.length > 1024 || !/ping|pong|heartbeat|keep.?alive/i.test(d)) return false;
  return decodeJsonRpcFrame(frame)?.heartbeat ?? false;
}
