/** Builds frames and connections for the protocol tests. */
import type { Connection, Direction, Frame } from '../../../../src/shared/model';
import { newConnection } from '../../../../src/shared/apply';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

const enc = new TextEncoder();

/** A text frame; `truncated` cuts nothing, it says the recorder cut the payload (size is then larger). */
export function text(data: string, direction: Direction = 'receive', opts: { time?: number; truncated?: boolean; size?: number } = {}): Frame {
  const bytes = enc.encode(data).length;
  return {
    time: opts.time ?? T0,
    direction,
    type: 'text',
    size: opts.size ?? (opts.truncated ? bytes * 2 + 100 : bytes),
    data,
    encoding: 'utf8',
    truncated: opts.truncated ?? false,
  };
}

/** A binary frame from bytes (or a UTF-8 string), stored as base64 like the recorder does. */
export function binary(content: Uint8Array | string, direction: Direction = 'receive', time = T0): Frame {
  const b = typeof content === 'string' ? enc.encode(content) : content;
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return { time, direction, type: 'binary', size: b.length, data: btoa(s), encoding: 'base64', truncated: false };
}

/** `[direction, data]` pairs → frames one second apart. */
export function seq(specs: [Direction, string][], start = T0, step = 1000): Frame[] {
  return specs.map(([d, data], i) => text(data, d, { time: start + i * step }));
}

export function connection(spec: { url?: string; protocol?: string; requested?: string[]; frames?: Frame[]; closeAt?: number } = {}): Connection {
  const c = newConnection('c1', spec.url ?? 'wss://app.example.com/ws', T0);
  c.protocol = spec.protocol ?? '';
  c.protocolsRequested = spec.requested ?? [];
  c.frames = spec.frames ?? [];
  c.openedAt = T0;
  if (spec.closeAt !== undefined) {
    c.closedAt = spec.closeAt;
    c.close = { code: 1006, reason: '', wasClean: false, initiator: 'browser' };
    c.events.push({ kind: 'close', time: spec.closeAt, code: 1006, reason: '', wasClean: false, initiator: 'browser' });
  }
  return c;
}
