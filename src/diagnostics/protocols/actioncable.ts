/**
 * Rails Action Cable (`actioncable-v1-json`). Server: {"type":"welcome"}, {"type":"ping","message":ts},
 * {"type":"confirm_subscription"|"reject_subscription","identifier":…}, {"type":"disconnect","reason","reconnect"},
 * and channel messages {"identifier":…, "message":{…}}. Client: {"command":"subscribe"|"unsubscribe"|"message",
 * "identifier":"{\"channel\":\"ChatChannel\"}", "data":"{\"action\":\"speak\",…}"}.
 */
import type { Frame } from '../../shared/model';
import type { DecodedFrame } from './types';
import { OPEN_BRACE, brief, firstCode, isObject, oneLine, parseJson, peekObject, str } from './util';

/** The identifier's channel and other params: `{"channel":"ChatChannel","room":"1"}` → "ChatChannel room=1". */
export function channelLabel(identifier: unknown): { label: string; parsed: unknown } {
  if (typeof identifier !== 'string') return { label: identifier === undefined ? '' : brief(identifier, 60), parsed: identifier };
  let parsed: unknown;
  try {
    parsed = JSON.parse(identifier);
  } catch {
    return { label: oneLine(identifier, 60), parsed: identifier };
  }
  if (!isObject(parsed)) return { label: oneLine(identifier, 60), parsed };
  const channel = str(parsed.channel) ?? '?';
  const params = Object.entries(parsed)
    .filter(([k]) => k !== 'channel')
    .slice(0, 3)
    .map(([k, v]) => `${k}=${brief(v, 30)}`);
  return { label: oneLine([channel, ...params].join(' '), 100), parsed };
}

function withChannel(what: string, identifier: unknown): string {
  const { label } = channelLabel(identifier);
  return label ? `${what} ${label}` : what;
}

function decodeObject(m: Record<string, unknown>): DecodedFrame {
  const detail: Record<string, unknown> = { ...m };
  if (typeof m.identifier === 'string') detail.identifier = channelLabel(m.identifier).parsed;
  const type = str(m.type);
  const command = str(m.command);
  let out: DecodedFrame;
  if (type !== undefined) {
    switch (type) {
      case 'welcome':
        out = { protocol: 'action-cable', summary: 'welcome', kind: 'welcome', heartbeat: false, detail };
        break;
      case 'ping':
        out = { protocol: 'action-cable', summary: `ping${m.message !== undefined ? ` ${brief(m.message, 20)}` : ''}`, kind: 'ping', heartbeat: true, detail };
        break;
      case 'confirm_subscription':
      case 'reject_subscription':
        out = { protocol: 'action-cable', summary: withChannel(type, m.identifier), kind: type, heartbeat: false, detail };
        break;
      case 'disconnect': {
        const reason = str(m.reason);
        const reconnect = m.reconnect === false ? ' · no reconnect' : m.reconnect === true ? ' · will reconnect' : '';
        out = { protocol: 'action-cable', summary: `disconnect${reason ? `: ${oneLine(reason, 60)}` : ''}${reconnect}`, kind: 'disconnect', heartbeat: false, detail };
        break;
      }
      default:
        out = { protocol: 'action-cable', summary: oneLine(type, 60), kind: 'unknown', heartbeat: false, detail, error: `unknown message type "${oneLine(type, 40)}"` };
    }
  } else if (command !== undefined) {
    let summary = withChannel(command, m.identifier);
    if (command === 'message' && typeof m.data === 'string') {
      try {
        const data: unknown = JSON.parse(m.data);
        detail.data = data;
        const action = isObject(data) ? str(data.action) : undefined;
        if (action) summary += ` · ${oneLine(action, 60)}`;
      } catch {
        // data stays a string
      }
    }
    out = { protocol: 'action-cable', summary, kind: command, heartbeat: false, detail };
    if (!['subscribe', 'unsubscribe', 'message'].includes(command)) out.error = `unknown command "${oneLine(command, 40)}"`;
    else if (m.identifier === undefined) out.error = `"${command}" without an identifier`;
  } else if (m.identifier !== undefined && 'message' in m) {
    const msg = m.message;
    const t = isObject(msg) ? (str(msg.type) ?? str(msg.action) ?? str(msg.event)) : undefined;
    out = { protocol: 'action-cable', summary: withChannel('message', m.identifier) + (t ? ` · ${oneLine(t, 60)}` : ''), kind: 'message', heartbeat: false, detail };
  } else {
    out = { protocol: 'action-cable', summary: brief(m, 80), kind: 'unknown', heartbeat: false, detail, error: 'no type, command or identifier' };
  }
  return out;
}

export function decodeActionCableFrame(frame: Frame): DecodedFrame | null {
  if (frame.type !== 'text' || firstCode(frame.data) !== OPEN_BRACE) return null;
  const r = parseJson(frame.data, frame);
  if (!r.ok) {
    const partial = peekObject(frame.data, ['type', 'command', 'identifier']);
    // a channel message: its body is what got cut
    if (partial.type === undefined && partial.command === undefined && partial.identifier !== undefined && frame.data.includes('"message"')) partial.message = null;
    const d = Object.keys(partial).length > 0 ? decodeObject(partial) : undefined;
    return {
      protocol: 'action-cable',
      summary: d ? `${d.summary} (partial)` : oneLine(frame.data, 80),
      kind: d?.kind ?? 'unknown',
      heartbeat: false,
      detail: partial,
      error: r.error,
    };
  }
  if (!isObject(r.value)) return { protocol: 'action-cable', summary: brief(r.value, 80), kind: 'unknown', heartbeat: false, detail: r.value, error: 'not a JSON object' };
  return decodeObject(r.value);
}

const PING = /^\s*\{\s*"type"\s*:\s*"ping"/;

export function isActionCableHeartbeat(frame: Frame): boolean {
  return frame.type === 'text' && frame.data.length < 256 && PING.test(frame.data);
}
