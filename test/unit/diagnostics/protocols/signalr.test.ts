import { describe, expect, it } from 'vitest';
import { decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { binary, text } from './frames';

const RS = '\u001e';

// @microsoft/signalr against an ASP.NET Core hub, JSON protocol.
const SESSION: [Direction, string, string, string, boolean][] = [
  ['send', `{"protocol":"json","version":1}${RS}`, 'handshake', 'handshake · json v1', false],
  ['receive', `{}${RS}`, 'handshake-ok', 'handshake ok', false],
  ['receive', `{"error":"Requested protocol 'messagepack' is not available."}${RS}`, 'handshake-error', "handshake error · Requested protocol 'messagepack' is not available.", false],
  ['receive', `{"type":6}${RS}`, 'ping', 'Ping', true],
  ['send', `{"type":6}${RS}`, 'ping', 'Ping', true],
  ['send', `{"arguments":["alice","hi"],"invocationId":"0","target":"SendMessage","type":1}${RS}`, 'invocation', 'Invocation SendMessage #0 · 2 args', false],
  ['receive', `{"type":1,"target":"ReceiveMessage","arguments":["alice","hi"]}${RS}`, 'invocation', 'Invocation ReceiveMessage · 2 args · no reply expected', false],
  ['receive', `{"type":3,"invocationId":"0","result":null}${RS}`, 'completion', 'Completion #0 · result', false],
  ['receive', `{"type":3,"invocationId":"1"}${RS}`, 'completion', 'Completion #1', false],
  ['receive', `{"type":3,"invocationId":"2","error":"Failed to invoke 'SendMessage' because user is unauthorized"}${RS}`, 'completion', "Completion #2 · error: Failed to invoke 'SendMessage' because user is unauthorized", false],
  ['send', `{"type":4,"invocationId":"3","target":"Counter","arguments":[10,500]}${RS}`, 'streamInvocation', 'StreamInvocation Counter #3 · 2 args', false],
  ['receive', `{"type":2,"invocationId":"3","item":0}${RS}`, 'streamItem', 'StreamItem #3', false],
  ['send', `{"type":5,"invocationId":"3"}${RS}`, 'cancelInvocation', 'CancelInvocation #3', false],
  ['receive', `{"type":7,"error":"Connection closed with an error. InvalidDataException: Invalid payload.","allowReconnect":false}${RS}`, 'close', 'Close · Connection closed with an error. InvalidDataException: Invalid payload.', false],
  ['receive', `{"type":7,"error":"Server timeout elapsed","allowReconnect":true}${RS}`, 'close', 'Close · Server timeout elapsed · may reconnect', false],
  ['receive', `{"type":7}${RS}`, 'close', 'Close', false],
  ['receive', `{"type":8,"sequenceId":14}${RS}`, 'ack', 'Ack 14', false],
  ['send', `{"type":9,"sequenceId":15}${RS}`, 'sequence', 'Sequence 15', false],
  // several records in one message: the handshake answer and a first ping
  ['receive', `{}${RS}{"type":6}${RS}`, 'handshake-ok', 'handshake ok (+1 more)', false],
  ['receive', `{"type":6}${RS}{"type":6}${RS}`, 'ping', 'Ping (+1 more)', true],
];

describe('SignalR JSON hub protocol', () => {
  it.each(SESSION)('%s %j', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'signalr');
    expect(d).toMatchObject({ protocol: 'signalr', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'signalr')).toBe(heartbeat);
  });

  it('several records decode to a list', () => {
    const d = decodeFrame(text(`{"type":1,"target":"A","arguments":[]}${RS}{"type":6}${RS}`), 'signalr');
    expect(d.detail).toEqual([{ type: 1, target: 'A', arguments: [] }, { type: 6 }]);
  });

  it.each([
    ['no record separator', text('{"type":1,"target":"A","arguments":[]}'), 'invocation', /not terminated by 0x1E/],
    ['truncated invocation', text('{"type":1,"target":"ReceiveBatch","arguments":[[{"id":1},{"id":', 'receive', { truncated: true }), 'invocation', /^truncated/],
    ['bad JSON', text(`{"type":1,${RS}`), 'unknown', /invalid JSON/],
    ['unknown type', text(`{"type":42}${RS}`), 'unknown', /unknown message type 42/],
    ['invocation without target', text(`{"type":1,"arguments":[]}${RS}`), 'invocation', /without a target/],
    ['record without type', text(`{"foo":1}${RS}`), 'unknown', /without a type/],
  ])('%s', (_, f, kind, error) => {
    const d = decodeFrame(f, 'signalr');
    expect(d).toMatchObject({ protocol: 'signalr', kind });
    expect(d.error).toMatch(error);
  });

  it('the truncated invocation keeps its target in the summary', () => {
    const d = decodeFrame(text('{"type":1,"target":"ReceiveBatch","arguments":[[{"id":1},{"id":', 'receive', { truncated: true }), 'signalr');
    expect(d.summary).toBe('Invocation ReceiveBatch (partial)');
  });

  it('MessagePack (binary) frames stay binary', () => {
    expect(decodeFrame(binary(new Uint8Array([0x02, 0x91, 0x06])), 'signalr')).toMatchObject({ protocol: 'binary', summary: 'binary · 3 B' });
  });

  it('plain text in a SignalR connection decodes as text', () => {
    expect(decodeFrame(text('hello'), 'signalr').protocol).toBe('text');
  });
});
