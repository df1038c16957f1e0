import { describe, expect, it } from 'vitest';
import { channelLabel, decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { text } from './frames';

const CHAT = '"{\\"channel\\":\\"ChatChannel\\",\\"room\\":\\"lobby\\"}"';

// @rails/actioncable against a Rails 7 app.
const SESSION: [Direction, string, string, string, boolean][] = [
  ['receive', '{"type":"welcome"}', 'welcome', 'welcome', false],
  ['send', `{"command":"subscribe","identifier":${CHAT}}`, 'subscribe', 'subscribe ChatChannel room=lobby', false],
  ['receive', `{"identifier":${CHAT},"type":"confirm_subscription"}`, 'confirm_subscription', 'confirm_subscription ChatChannel room=lobby', false],
  ['receive', '{"identifier":"{\\"channel\\":\\"AdminChannel\\"}","type":"reject_subscription"}', 'reject_subscription', 'reject_subscription AdminChannel', false],
  ['receive', '{"type":"ping","message":1735732800}', 'ping', 'ping 1735732800', true],
  ['send', `{"command":"message","identifier":${CHAT},"data":"{\\"message\\":\\"hi\\",\\"action\\":\\"speak\\"}"}`, 'message', 'message ChatChannel room=lobby · speak', false],
  ['receive', `{"identifier":${CHAT},"message":{"type":"new_message","body":"hi","user":"alice"}}`, 'message', 'message ChatChannel room=lobby · new_message', false],
  ['receive', `{"identifier":${CHAT},"message":"plain string"}`, 'message', 'message ChatChannel room=lobby', false],
  ['send', `{"command":"unsubscribe","identifier":${CHAT}}`, 'unsubscribe', 'unsubscribe ChatChannel room=lobby', false],
  ['receive', '{"type":"disconnect","reason":"unauthorized","reconnect":false}', 'disconnect', 'disconnect: unauthorized · no reconnect', false],
  ['receive', '{"type":"disconnect","reason":"server_restart","reconnect":true}', 'disconnect', 'disconnect: server_restart · will reconnect', false],
  ['receive', '{"type":"disconnect","reason":"remote","reconnect":true}', 'disconnect', 'disconnect: remote · will reconnect', false],
];

describe('Action Cable', () => {
  it.each(SESSION)('%s %s', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'action-cable');
    expect(d).toMatchObject({ protocol: 'action-cable', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'action-cable')).toBe(heartbeat);
  });

  it('parses the identifier and data JSON strings for the tree view', () => {
    const d = decodeFrame(text(`{"command":"message","identifier":${CHAT},"data":"{\\"action\\":\\"speak\\"}"}`, 'send'), 'action-cable');
    expect(d.detail).toEqual({ command: 'message', identifier: { channel: 'ChatChannel', room: 'lobby' }, data: { action: 'speak' } });
  });

  it.each([
    ['unknown type', '{"type":"hello"}', 'unknown', /unknown message type/],
    ['unknown command', `{"command":"perform","identifier":${CHAT}}`, 'perform', /unknown command/],
    ['subscribe without identifier', '{"command":"subscribe"}', 'subscribe', /without an identifier/],
    ['nothing recognisable', '{"foo":1}', 'unknown', /no type, command or identifier/],
    ['bad JSON', '{"type":"welcome"', 'welcome', /invalid JSON/],
  ])('%s', (_, data, kind, error) => {
    const d = decodeFrame(text(data), 'action-cable');
    expect(d).toMatchObject({ protocol: 'action-cable', kind });
    expect(d.error).toMatch(error);
  });

  it('a truncated channel message keeps its channel', () => {
    const d = decodeFrame(text(`{"identifier":${CHAT},"message":{"html":"<div>aaaa`, 'receive', { truncated: true }), 'action-cable');
    expect(d).toMatchObject({ protocol: 'action-cable', kind: 'message', summary: 'message ChatChannel room=lobby (partial)' });
    expect(d.error).toMatch(/^truncated/);
  });

  it.each([
    ['{"channel":"ChatChannel"}', 'ChatChannel'],
    ['{"channel":"Doc","id":7,"mode":"ro","x":1}', 'Doc id=7 mode=ro x=1'],
    ['not json', 'not json'],
  ])('channelLabel(%s)', (id, label) => {
    expect(channelLabel(id).label).toBe(label);
  });
});
