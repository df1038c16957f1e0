import { describe, expect, it } from 'vitest';
import type { CloseInitiator } from '../../../src/shared/model';
import { conn, findings, MIN, SEC, session, summary } from './factory';
import { diagnose } from '../../../src/diagnostics';
import { firstClause } from '../../../src/diagnostics/closing';

const closed = (code: number, initiator?: CloseInitiator, extra: Parameters<typeof conn>[0] = {}) =>
  session(
    conn({
      frames: [[1000, 'send', 'hello'], [1100, 'receive', 'world']],
      ...extra,
      close: { at: 2000, code, reason: extra.close?.reason ?? '', ...(initiator ? { initiator } : {}) },
    }),
  );

describe('close-code: one per closed connection, severity by code and initiator', () => {
  it.each([
    [1000, 'server', 'info', '1000 Normal Closure'],
    [1000, 'client', 'info', '1000 Normal Closure'],
    [1001, 'server', 'info', '1001 Going Away'],
    [1005, 'server', 'info', '1005 No Status Received'],
    // The abnormal-closure finding beside it is the error (with the checklist).
    [1006, 'browser', 'info', '1006 Abnormal Closure'],
    [1006, 'unknown', 'info', '1006 Abnormal Closure'],
    [1002, 'server', 'error', '1002 Protocol Error'],
    [1003, 'server', 'error', '1003 Unsupported Data'],
    [1004, 'server', 'error', '1004 Reserved'],
    [1007, 'server', 'error', '1007 Invalid Frame Payload Data'],
    [1008, 'server', 'error', '1008 Policy Violation'],
    [1009, 'server', 'error', '1009 Message Too Big'],
    [1010, 'server', 'error', '1010 Mandatory Extension'],
    [1011, 'server', 'error', '1011 Internal Error'],
    [1012, 'server', 'warning', '1012 Service Restart'],
    [1013, 'server', 'warning', '1013 Try Again Later'],
    [1014, 'server', 'error', '1014 Bad Gateway'],
    [1015, 'browser', 'error', '1015 TLS Handshake'],
    [1016, 'server', 'error', '1016 Reserved'],
    [2000, 'server', 'error', '2000 Reserved for extensions'],
    [999, 'server', 'error', '999 Invalid'],
    [5000, 'server', 'error', '5000 Invalid'],
    [3000, 'server', 'error', '3000 Unauthorized'],
    [3003, 'server', 'error', '3003 Forbidden'],
    [3008, 'server', 'warning', '3008 Timeout'],
    [3500, 'server', 'warning', '3500 Unassigned'],
    [4000, 'server', 'warning', '4000 Private (application-defined)'],
    [4001, 'server', 'error', '4001 Private (application-defined)'],
    [4999, 'server', 'warning', '4999 Private (application-defined)'],
    [4000, 'client', 'info', '4000 Private (application-defined)'],
    [3000, 'client', 'info', '3000 Unauthorized'],
  ] as const)('%d by %s → %s', (code, initiator, severity, title) => {
    const [f] = findings(closed(code, initiator), 'close-code');
    expect(f).toMatchObject({ severity, title, time: expect.any(Number) });
  });

  it('names graphql-ws codes from the negotiated subprotocol', () => {
    const s = closed(4401, 'server', { protocols: ['graphql-transport-ws'], protocol: 'graphql-transport-ws' });
    const [f] = findings(s, 'close-code');
    expect(f).toMatchObject({ title: '4401 Unauthorized', severity: 'error' });
    expect(f!.detail).toMatch(/graphql-ws convention/);
    const [t] = findings(closed(4499, 'server', { protocol: 'graphql-transport-ws' }), 'close-code');
    expect(t).toMatchObject({ title: '4499 Terminated', severity: 'warning' });
  });

  it('names graphql-ws codes from the messages when the protocol is unknown', () => {
    const s = closed(4408, 'server', { frames: [[100, 'send', '{"type":"subscribe","id":"1","payload":{"query":"{a}"}}']] });
    expect(findings(s, 'close-code')[0]!.title).toBe('4408 Connection initialisation timeout');
  });

  it('says who closed, the reason, cleanliness and how long it lived', () => {
    const [f] = findings(closed(1011, 'server', { close: { at: 0, code: 0, reason: 'db down' } }), 'close-code');
    expect(f!.detail).toMatch(/Closed by the server with code 1011 and reason "db down", cleanly/);
    expect(f!.detail).toMatch(/open for 2\.0 s|open for 2 s/);
    expect(f!.detail).toMatch(/Typical causes/);
  });

  it.each([
    ['a rejected handshake', { handshake: { status: 403 } }],
    ['a failed handshake', { handshake: { error: 'net::ERR_CONNECTION_REFUSED' } }],
  ])('a 1006 before opening is info when %s explains it: the handshake finding is the error', (_name, extra) => {
    const s = session(conn({ open: null, ...extra, close: { at: 40, code: 1006 } }));
    const [f] = findings(s, 'close-code');
    expect(f).toMatchObject({ severity: 'info', title: '1006 Abnormal Closure' });
    expect(f!.detail).toMatch(/Here the cause is known/);
    expect(diagnose(s).filter((x) => x.severity === 'error').map((x) => x.id)).toEqual([expect.stringMatching(/^handshake-/)]);
  });

  it('a 1006 the page caused by closing before open is info, after open a warning', () => {
    const before = session(conn({ open: null, closeCall: 5, close: { at: 10, code: 1006 } }));
    expect(summary(before)).toEqual(['close-code:info']);
    const after = session(conn({ closeCall: 500, close: { at: 1500, code: 1006 } }));
    expect(summary(after)).toEqual(['close-code:warning']);
  });

  it('gives no close-code to connections still open or handshake-only', () => {
    expect(findings(session(conn()), 'close-code')).toEqual([]);
    expect(findings(session(conn({ hooked: false, handshake: { status: 101 } })), 'close-code')).toEqual([]);
  });
});

describe('abnormal-closure', () => {
  it('is raised for an unexplained 1006 after opening, with a checklist', () => {
    const s = session(conn({ frames: [[100, 'receive', 'x']], close: { at: 5 * MIN, code: 1006 } }));
    const [f] = findings(s, 'abnormal-closure');
    expect(f).toMatchObject({ severity: 'error', title: '1006: dropped without a Close frame' });
    for (const cause of [/idle timeout/, /crashed/, /network change/, /tab was suspended/, /TLS/, /killed/]) expect(f!.detail).toMatch(cause);
    expect(f!.detail).toMatch(/nothing was exchanged for 5 min/);
  });

  it('gives a connect checklist when it never opened, and says when the handshake was not captured', () => {
    const s = session(conn({ open: null, close: { at: 30, code: 1006 } }));
    const [f] = findings(s, 'abnormal-closure');
    expect(f!.title).toBe('1006: failed before opening');
    expect(f!.detail).toMatch(/failed before opening/);
    expect(f!.detail).toMatch(/handshake was not captured/);
    const accepted = session(conn({ open: null, close: { at: 30, code: 1006 }, handshake: { status: 101 } }));
    expect(findings(accepted, 'abnormal-closure')[0]!.detail).toMatch(/Sec-WebSocket-Accept/);
  });

  it.each([
    ['a rejected handshake', { handshake: { status: 403 } }],
    ['a failed handshake', { handshake: { error: 'net::ERR_CONNECTION_REFUSED' } }],
    ['the page closing', { closeCall: 10 }],
  ])('is not raised when %s explains it', (_name, extra) => {
    const s = session(conn({ open: null, ...extra, close: { at: 40, code: 1006 } }));
    expect(findings(s, 'abnormal-closure')).toEqual([]);
  });

  it("has a title of its own, not the code's name again: the close-code finding names the code", () => {
    const s = session(conn({ frames: [[100, 'receive', 'x']], close: { at: 900, code: 1006 } }));
    // One error for one drop: the code is named by an info finding that points at this one.
    expect(summary(s).sort()).toEqual(['abnormal-closure:error', 'close-code:info']);
    expect(findings(s, 'close-code')[0]!.detail).toContain('see "1006: dropped without a Close frame"');
    const titles = diagnose(s).map((f) => f.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('is not raised for other codes', () => {
    expect(findings(closed(1011), 'abnormal-closure')).toEqual([]);
  });
});

describe('message-too-big', () => {
  it('points at the largest message sent before a 1009', () => {
    const s = session(
      conn({
        id: 'big',
        frames: [[100, 'send', 'small'], [200, 'send', 'x'.repeat(10), 200_000], [300, 'receive', 'y', 500_000], [400, 'send', 'mid', 1000]],
        close: { at: 500, code: 1009 },
      }),
    );
    const [f] = findings(s, 'message-too-big');
    expect(f).toMatchObject({ severity: 'error', frames: [{ connectionId: 'big', index: 1 }] });
    expect(f!.detail).toMatch(/largest message the page sent was 195 KiB/);
  });

  it('uses the limit stated in the close reason, with any code', () => {
    const s = session(
      conn({
        id: 'lim',
        frames: [[100, 'send', 'a', 70_000], [200, 'send', 'b', 1000], [300, 'send', 'c', 65_537]],
        close: { at: 500, code: 1008, reason: 'max payload 65536' },
      }),
    );
    const [f] = findings(s, 'message-too-big');
    expect(f!.frames).toEqual([
      { connectionId: 'lim', index: 0 },
      { connectionId: 'lim', index: 2 },
    ]);
    expect(f!.detail).toMatch(/64 KiB \(65536 bytes\)/);
    expect(f!.detail).toMatch(/2 messages the page sent exceeded it/);
  });

  it('is not raised when a stated limit was not exceeded, or no limit is stated', () => {
    const within = session(conn({ frames: [[100, 'send', 'a', 100]], close: { at: 500, code: 1008, reason: 'max payload 65536' } }));
    expect(findings(within, 'message-too-big')).toEqual([]);
    const noLimit = session(conn({ frames: [[100, 'send', 'a', 1e6]], close: { at: 500, code: 1011, reason: 'oops' } }));
    expect(findings(noLimit, 'message-too-big')).toEqual([]);
  });

  it('still explains a 1009 whose frames were not retained', () => {
    const s = session(conn({ close: { at: 5 * SEC, code: 1009, reason: 'too big' } }));
    expect(findings(s, 'message-too-big')[0]!.detail).toMatch(/not among the retained frames/);
  });
});

describe('firstClause (a close code row without a reason)', () => {
  it.each([
    ['The TLS handshake failed (e.g. the certificate could not be verified). The browser reports 1015.', 'the TLS handshake failed'],
    ['An endpoint received something that breaks the WebSocket protocol.', 'an endpoint received something that breaks the WebSocket protocol'],
    ['graphql-ws: the server failed while handling the connection.', 'the server failed while handling the connection'],
    ['An application-defined code (4000–4999): the server and the page agree on its meaning.', 'an application-defined code (4000–4999)'],
    ['TLS is required.', 'TLS is required'],
  ])('%j → %j', (meaning, short) => {
    expect(firstClause(meaning)).toBe(short);
  });
});
