import { describe, expect, it } from 'vitest';
import { decodeFrame, isHeartbeat } from '../../../../src/diagnostics/protocols';
import type { Direction } from '../../../../src/shared/model';
import { binary, text } from './frames';

// A @stomp/stompjs session against RabbitMQ's Web-STOMP plugin.
const SESSION: [Direction, string, string, string, boolean][] = [
  ['send', 'CONNECT\naccept-version:1.2,1.1,1.0\nheart-beat:10000,10000\nhost:/\nlogin:guest\npasscode:guest\n\n\0', 'connect', 'CONNECT / · heart-beat 10000,10000', false],
  ['receive', 'CONNECTED\nserver:RabbitMQ/3.13.0\nsession:session-abc\nheart-beat:10000,10000\nversion:1.2\n\n\0', 'connected', 'CONNECTED version 1.2 · heart-beat 10000,10000', false],
  ['send', 'SUBSCRIBE\nid:sub-0\ndestination:/topic/prices\nack:client-individual\n\n\0', 'subscribe', 'SUBSCRIBE /topic/prices · sub sub-0', false],
  ['receive', 'MESSAGE\nsubscription:sub-0\ndestination:/topic/prices\nmessage-id:T_sub-0@@session-abc@@1\ncontent-type:application/json\ncontent-length:25\n\n{"sym":"ACME","px":12.5}\n\0', 'message', 'MESSAGE /topic/prices · sub sub-0', false],
  ['send', 'ACK\nid:T_sub-0@@session-abc@@1\n\n\0', 'ack', 'ACK T_sub-0@@session-abc@@1', false],
  ['send', 'SEND\ndestination:/queue/orders\ncontent-type:text/plain\nreceipt:r-7\n\nbuy 10\0', 'send', 'SEND /queue/orders · receipt r-7', false],
  ['receive', 'RECEIPT\nreceipt-id:r-7\n\n\0', 'receipt', 'RECEIPT r-7', false],
  ['receive', '\n', 'heartbeat', 'heart-beat', true],
  ['send', '\r\n', 'heartbeat', 'heart-beat', true],
  ['send', 'UNSUBSCRIBE\nid:sub-0\n\n\0', 'unsubscribe', 'UNSUBSCRIBE sub sub-0', false],
  ['send', 'BEGIN\ntransaction:tx1\n\n\0', 'begin', 'BEGIN tx1', false],
  ['send', 'DISCONNECT\nreceipt:77\n\n\0', 'disconnect', 'DISCONNECT receipt 77', false],
  ['receive', 'ERROR\nmessage:Bad CONNECT\ncontent-type:text/plain\n\nAccess refused for user \'guest\'\0', 'error', 'ERROR Bad CONNECT', false],
  ['receive', 'ERROR\n\nno message header, body only\0', 'error', 'ERROR no message header, body only', false],
  // CRLF line endings (STOMP 1.2)
  ['receive', 'MESSAGE\r\ndestination:/topic/a\r\nsubscription:s1\r\n\r\nx\0', 'message', 'MESSAGE /topic/a · sub s1', false],
  // a frame followed by heart-beat EOLs
  ['receive', 'RECEIPT\nreceipt-id:1\n\n\0\n\n', 'receipt', 'RECEIPT 1', false],
  // two frames in one WebSocket message
  ['receive', 'MESSAGE\ndestination:/a\nsubscription:s\n\n1\0MESSAGE\ndestination:/a\nsubscription:s\n\n2\0', 'message', 'MESSAGE /a · sub s (+1 frame)', false],
];

describe('STOMP', () => {
  it.each(SESSION)('%s %j', (direction, data, kind, summary, heartbeat) => {
    const f = text(data, direction);
    const d = decodeFrame(f, 'stomp');
    expect(d).toMatchObject({ protocol: 'stomp', kind, summary, heartbeat });
    expect(d.error).toBeUndefined();
    expect(isHeartbeat(f, 'stomp')).toBe(heartbeat);
  });

  it('decodes headers (1.2 escapes) and the body', () => {
    const d = decodeFrame(text('MESSAGE\ndestination:/topic/a\\cb\nx-note:line1\\nline2\nsubscription:s\n\nhello\0'), 'stomp');
    expect(d.detail).toEqual({
      command: 'MESSAGE',
      headers: [
        ['destination', '/topic/a:b'],
        ['x-note', 'line1\nline2'],
        ['subscription', 's'],
      ],
      body: 'hello',
    });
    expect(d.summary).toBe('MESSAGE /topic/a:b · sub s');
  });

  it('content-length lets the body hold NULs', () => {
    const d = decodeFrame(text('MESSAGE\ndestination:/a\ncontent-length:3\n\na\0b\0'), 'stomp');
    expect((d.detail as { body: string }).body).toBe('a\0b');
    expect(d.error).toBeUndefined();
  });

  it.each([
    ['no NUL', text('SEND\ndestination:/q\n\nbody'), /not terminated by NUL/],
    ['truncated', text('MESSAGE\ndestination:/q\nsubscription:s\n\n{"big":"', 'receive', { truncated: true }), /^truncated/],
    ['headers cut', text('SEND\ndestination:/q'), /no blank line/],
    ['unknown command', text('FOO\nx:y\n\n\0'), null],
  ])('%s', (_, f, error) => {
    const d = decodeFrame(f, 'stomp');
    if (error === null) {
      expect(d.protocol).toBe('text');
    } else {
      expect(d.protocol).toBe('stomp');
      expect(d.error).toMatch(error);
    }
  });

  it('a STOMP frame in a binary message', () => {
    const d = decodeFrame(binary('MESSAGE\ndestination:/topic/bin\nsubscription:s\ncontent-length:3\n\n\u0001\u0002\u0003\0'), 'stomp');
    expect(d).toMatchObject({ protocol: 'stomp', kind: 'message' });
    expect(d.summary).toMatch(/^MESSAGE \/topic\/bin · sub s · binary \d+ B$/);
    expect(decodeFrame(binary(new Uint8Array([0, 1, 2])), 'stomp')).toMatchObject({ protocol: 'binary', summary: 'binary · 3 B' });
  });

  it.each(['\n\n', '\r\n\r\n'])('%j is a heart-beat', (data) => {
    expect(isHeartbeat(text(data), 'stomp')).toBe(true);
  });

  it.each(['', ' ', '\r', 'SEND\n'])('%j is not a heart-beat', (data) => {
    expect(isHeartbeat(text(data), 'stomp')).toBe(false);
  });
});
