import { describe, expect, it } from 'vitest';
import { exportHar } from '../../../src/session/har-export';
import { isWebSocketEntry } from '../../../src/session/har-import';
import { importFile } from '../../../src/session/import';
import { T0, SECRETS, URL_JWT, readFixture, richSession } from './helpers';

const OPTS = { includeSecrets: true, toolVersion: '0.1.0', now: new Date(T0 + 60_000) };

describe('exportHar', () => {
  const har = exportHar(richSession(), OPTS);
  const log = har.log;

  it('has the HAR 1.2 log fields', () => {
    expect(log.version).toBe('1.2');
    expect(log.creator).toEqual({ name: 'ws-triage', version: '0.1.0' });
    expect(log.pages).toHaveLength(1);
    for (const p of log.pages) {
      expect(p).toEqual(expect.objectContaining({ startedDateTime: expect.any(String), id: 'page_1', title: expect.any(String), pageTimings: expect.any(Object) }));
      expect(Number.isNaN(Date.parse(p.startedDateTime))).toBe(false);
    }
    expect(log.entries).toHaveLength(3);
  });

  it.each([0, 1, 2])('entry %i has every required HAR 1.2 field and Chrome\'s WebSocket fields', (i) => {
    const e = log.entries[i]!;
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'pageref', '_resourceType', '_webSocketMessages']));
    expect(e._resourceType).toBe('websocket');
    expect(new Date(e.startedDateTime).toISOString()).toBe(e.startedDateTime);
    expect(e.time).toBeGreaterThanOrEqual(0);
    expect(e.request).toEqual(expect.objectContaining({ method: 'GET', url: expect.any(String), httpVersion: 'HTTP/1.1', headers: expect.any(Array), queryString: expect.any(Array), cookies: expect.any(Array), headersSize: -1, bodySize: 0 }));
    expect(e.response).toEqual(expect.objectContaining({ status: expect.any(Number), statusText: expect.any(String), httpVersion: expect.any(String), headers: expect.any(Array), cookies: expect.any(Array), content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1 }));
    expect(e.cache).toEqual({});
    for (const k of ['send', 'wait', 'receive'] as const) expect(e.timings[k]).toBeGreaterThanOrEqual(0);
    for (const m of e._webSocketMessages!) {
      expect(Object.keys(m).slice(0, 4)).toEqual(['type', 'time', 'opcode', 'data']);
      // Error rows as Chrome writes them: opcode -1, no data.
      expect(['send', 'receive', 'error']).toContain(m.type);
      expect(m.type === 'error' ? [-1] : [1, 2]).toContain(m.opcode);
    }
  });

  it('maps status, times, opcodes and query strings', () => {
    const [c1, c2, c3] = log.entries;
    const s = richSession();
    expect(c1!.response.status).toBe(101);
    expect(c1!.response.statusText).toBe('Switching Protocols');
    expect(c2!.response.status).toBe(403);
    expect(c3!.response.status).toBe(0);
    expect(c3!.response._error).toBe('net::ERR_CONNECTION_REFUSED');
    expect(c1!.timings.wait).toBe(119); // answeredAt - requestedAt
    const frames = s.connections[0]!.frames;
    expect(c1!._webSocketMessages!.map((m) => m.time)).toEqual(frames.map((f) => f.time / 1000));
    expect(c1!._webSocketMessages!.map((m) => m.opcode)).toEqual(frames.map((f) => (f.type === 'binary' ? 2 : 1)));
    expect(c1!._webSocketMessages![3]!.data).toBe(frames[3]!.data); // binary stays base64
    expect(c1!._webSocketMessages![5]).toMatchObject({ _truncated: true, _size: 70000 });
    expect(c1!.request.queryString).toEqual([
      { name: 'room', value: '42' },
      { name: 'token', value: URL_JWT },
      { name: 'api_key', value: SECRETS.apiKey },
    ]);
    expect(c1!.request.cookies.map((c) => c.name)).toEqual(['sid', 'csrf', 'theme']);
    expect(c1!.response.cookies[0]).toMatchObject({ name: 'sid', path: '/', httpOnly: true, secure: true });
  });

  it('redacts like the session file unless includeSecrets', () => {
    const redacted = JSON.stringify(exportHar(richSession(), { ...OPTS, includeSecrets: false }));
    for (const s of [URL_JWT, SECRETS.apiKey, SECRETS.cookieSid, SECRETS.basic]) expect(redacted).not.toContain(s);
    expect(redacted).toContain('"_wsTriageRedacted":true');
    expect(JSON.stringify(har)).toContain(SECRETS.apiKey);
  });

  it('re-imports into the same connections (lossless for what HAR and _wsTriage carry)', () => {
    const session = richSession();
    const { session: back, meta } = importFile(JSON.stringify(exportHar(session, OPTS)), 'x.har');
    expect(meta.source).toBe('har');
    expect(meta.redacted).toBe(false);
    expect(back.page).toEqual(session.page);
    expect(back.connections).toHaveLength(3);
    back.connections.forEach((c, i) => {
      const o = session.connections[i]!;
      expect(c.id).toBe(o.id);
      expect(c.url).toBe(o.url);
      expect(c.frames).toEqual(o.frames);
      expect(c.handshake).toEqual(o.handshake);
      expect(c.close).toEqual(o.close);
      expect([c.openedAt, c.closedAt, c.closeCalledAt, c.createdAt]).toEqual([o.openedAt, o.closedAt, o.closeCalledAt, o.createdAt]);
      expect([c.protocolsRequested, c.protocol, c.extensions, c.hooked, c.listeners]).toEqual([o.protocolsRequested, o.protocol, o.extensions, o.hooked, o.listeners]);
      expect(c.stats).toEqual(o.stats);
      // Error events travel as Chrome's error rows.
      expect(c.events.filter((e) => e.kind === 'error')).toEqual(o.events.filter((e) => e.kind === 'error'));
    });
    expect(session.connections.some((c) => c.events.some((e) => e.kind === 'error'))).toBe(true);
  });
});

describe('HAR import', () => {
  it('Chrome DevTools HAR', () => {
    const { session, findings, meta } = importFile(readFixture('har', 'chrome.har'), 'chrome.har');
    expect(meta).toMatchObject({ source: 'har-chrome', toolVersion: 'WebInspector 537.36', exportedAt: null, redacted: false });
    expect(findings).toEqual([]);
    expect(session.page).toEqual({ url: 'https://app.example.com/dashboard', title: '' });
    expect(session.connections.map((c) => c.url)).toEqual(['wss://rt.example.com/graphql?room=42', 'wss://rt.example.com:8443/legacy']);
    const [ok, refused] = session.connections;
    expect(ok!.id).toBe('har-1');
    expect(ok!.handshake!.status).toBe(101);
    expect(ok!.protocolsRequested).toEqual(['graphql-transport-ws']);
    expect(ok!.protocol).toBe('graphql-transport-ws');
    expect(ok!.extensions).toBe('permessage-deflate');
    expect(ok!.createdAt).toBe(Date.parse('2024-05-14T09:21:07.345Z'));
    expect(ok!.openedAt).toBeCloseTo(ok!.createdAt + 1.2 + 118.417, 6);
    expect(ok!.hooked).toBe(true);
    expect(ok!.frames).toHaveLength(5);
    expect(ok!.frames[0]).toMatchObject({ direction: 'send', type: 'text', encoding: 'utf8', truncated: false });
    expect(ok!.frames[0]!.time).toBeCloseTo(1715678467512.345, 3);
    expect(ok!.frames[3]).toMatchObject({ direction: 'receive', type: 'binary', encoding: 'base64', data: 'AAECAwT/', size: 6 });
    expect(ok!.frames[4]!.size).toBe(Buffer.byteLength(ok!.frames[4]!.data)); // UTF-8 bytes (the € sign)
    expect(ok!.stats).toEqual({ framesSent: 2, bytesSent: ok!.frames[0]!.size + ok!.frames[2]!.size, framesReceived: 3, bytesReceived: ok!.frames[1]!.size + 6 + ok!.frames[4]!.size });
    expect(ok!.events[0]).toMatchObject({ kind: 'open', protocol: 'graphql-transport-ws' });
    expect(refused!.handshake).toMatchObject({ status: null, error: 'net::ERR_CONNECTION_REFUSED' });
    expect(refused!.openedAt).toBeNull();
    expect(refused!.closedAt).not.toBeNull();
    expect(session.startedAt).toBe(Date.parse('2024-05-14T09:21:06.912Z'));
    expect(session.retainedFrames).toBe(5);
  });

  it('Firefox HAR (no messages: handshake only)', () => {
    const { session, meta } = importFile(readFixture('har', 'firefox.har'), 'firefox.har');
    expect(meta.source).toBe('har-firefox');
    expect(session.connections).toHaveLength(2);
    const [ok, forbidden] = session.connections;
    expect(ok!.url).toBe('wss://rt.example.com/graphql?room=42'); // https → wss
    expect(ok!.hooked).toBe(false);
    expect(ok!.frames).toEqual([]);
    expect(ok!.handshake).toMatchObject({ status: 101, statusText: 'Switching Protocols' });
    expect(ok!.openedAt).toBe(Date.parse('2024-05-14T11:21:07.345+02:00') + 28 + 91);
    expect(ok!.protocol).toBe('graphql-transport-ws');
    expect(forbidden!.handshake).toMatchObject({ status: 403, statusText: 'Forbidden' });
    expect(forbidden!.openedAt).toBeNull();
    expect(forbidden!.closedAt).toBe(Date.parse('2024-05-14T11:21:07.512+02:00') + 37);
    expect(forbidden!.handshake!.requestHeaders).toContainEqual({ name: 'Upgrade', value: 'websocket' });
  });

  it('Firefox HAR with _webSocketMessages imports the frames too', () => {
    const har = JSON.parse(readFixture('har', 'firefox.har'));
    har.log.entries[1]._webSocketMessages = [
      { type: 'send', time: 1715678467.5, opcode: 1, data: '{"type":"connection_init"}' },
      { type: 'receive', time: 1715678467.6, opcode: 1, data: '{"type":"connection_ack"}' },
    ];
    const { session } = importFile(JSON.stringify(har), 'firefox.har');
    expect(session.connections[0]!.hooked).toBe(true);
    expect(session.connections[0]!.frames.map((f) => f.direction)).toEqual(['send', 'receive']);
  });

  it('mitmproxy HAR', () => {
    const { session, meta } = importFile(readFixture('har', 'mitmproxy.har'), 'mitmproxy.har');
    expect(meta).toMatchObject({ source: 'har-mitmproxy', toolVersion: 'mitmproxy exporthar 0.1' });
    expect(session.page.url).toBe('https://app.example.com'); // no pages: the socket's Origin
    expect(session.connections).toHaveLength(1);
    const c = session.connections[0]!;
    expect(c.url).toBe('wss://echo.example.com/ws?api_key=mitm-api-key-7f3a9c21&v=3');
    expect(c.createdAt).toBe(Date.parse('2024-05-14T09:21:07.345678+00:00'));
    expect(c.frames.map((f) => [f.direction, f.type, f.size])).toEqual([
      ['send', 'text', 5],
      ['receive', 'text', 5],
      ['send', 'binary', 4],
      ['receive', 'binary', 4],
      ['receive', 'text', Buffer.byteLength('bye ✓')],
    ]);
    expect(c.handshake!.requestHeaders).toContainEqual({ name: 'Cookie', value: 'sid=s%3Amitm-cookie-9b8a7c6d' });
  });

  it('sorts out-of-order messages, skips control frames, keeps Chrome error rows as events', () => {
    const har = JSON.parse(readFixture('har', 'chrome.har'));
    har.log.entries[1]._webSocketMessages = [
      { type: 'receive', time: 1715678468.5, opcode: 1, data: 'b' },
      { type: 'send', time: 1715678468.1, opcode: 1, data: 'a' },
      { type: 'receive', time: 1715678468.2, opcode: 9, data: '' },
      { type: 'receive', time: 1715678468.3, opcode: 8, data: '' },
      { type: 'error', time: 1715678468.6, opcode: -1, data: 'net::ERR_CONNECTION_RESET' },
    ];
    const c = importFile(JSON.stringify(har), 'x.har').session.connections[0]!;
    expect(c.frames.map((f) => f.data)).toEqual(['a', 'b']);
    expect(c.events.map((e) => e.kind)).toEqual(['open', 'error']);
  });

  it.each([
    ['an opcode as a string', { type: 'send', time: 1715678468.1, opcode: '1', data: 'a' }, '_webSocketMessages[1].opcode'],
    ['a fractional opcode', { type: 'send', time: 1715678468.1, opcode: 1.5, data: 'a' }, '_webSocketMessages[1].opcode'],
    ['a null opcode', { type: 'send', time: 1715678468.1, opcode: null, data: 'a' }, '_webSocketMessages[1].opcode'],
    ['an unknown type', { type: 'Sent', time: 1715678468.1, opcode: 1, data: 'a' }, '_webSocketMessages[1].type'],
  ])('a message row with %s is an error naming it, not a frame gone missing', (_name, row, path) => {
    const har = JSON.parse(readFixture('har', 'chrome.har'));
    har.log.entries[1]._webSocketMessages = [{ type: 'receive', time: 1715678468.5, opcode: 1, data: 'b' }, row];
    expect(() => importFile(JSON.stringify(har), 'x.har')).toThrow(expect.objectContaining({ code: 'invalid-field', path: `log.entries[1].${path}` }));
  });

  it('_webSocketMessages that is not an array is an error, not a socket without frames', () => {
    const har = JSON.parse(readFixture('har', 'chrome.har'));
    har.log.entries[1]._webSocketMessages = { 0: { type: 'send', time: 1, opcode: 1, data: 'a' } };
    expect(() => importFile(JSON.stringify(har), 'x.har')).toThrow(expect.objectContaining({ code: 'invalid-field', path: 'log.entries[1]._webSocketMessages' }));
  });

  it.each(['1', '12', 'May 14', '2024', '2024-05-14'])('startedDateTime %j is refused, not dated by guesswork', (date) => {
    const har = JSON.parse(readFixture('har', 'chrome.har'));
    har.log.entries[1].startedDateTime = date;
    expect(() => importFile(JSON.stringify(har), 'x.har')).toThrow(expect.objectContaining({ code: 'invalid-field', path: 'log.entries[1].startedDateTime' }));
  });

  it('startedDateTime without a zone is read as local time (lenient, as browsers parse it)', () => {
    const har = JSON.parse(readFixture('har', 'chrome.har'));
    har.log.entries[1].startedDateTime = '2024-05-14T09:21:07.345';
    const c = importFile(JSON.stringify(har), 'x.har').session.connections[0]!;
    expect(c.createdAt).toBe(new Date(2024, 4, 14, 9, 21, 7, 345).getTime());
  });

  const entry = (over: Record<string, unknown>) => ({
    startedDateTime: '2024-05-14T09:21:07.345Z',
    request: { method: 'GET', url: 'https://a.example.com/x', headers: [] },
    response: { status: 200, headers: [] },
    ...over,
  });
  it.each([
    ['_resourceType websocket', entry({ _resourceType: 'websocket' }), true],
    ['ws:// URL', entry({ request: { method: 'GET', url: 'ws://a.example.com/x', headers: [] } }), true],
    ['wss:// URL', entry({ request: { method: 'GET', url: 'WSS://a.example.com/x', headers: [] } }), true],
    ['101 with Upgrade: websocket', entry({ response: { status: 101, headers: [{ name: 'upgrade', value: 'WebSocket' }] } }), true],
    ['refused upgrade request', entry({ request: { method: 'GET', url: 'https://a.example.com/x', headers: [{ name: 'Upgrade', value: 'websocket' }] } }), true],
    ['101 with Upgrade: h2c', entry({ response: { status: 101, headers: [{ name: 'Upgrade', value: 'h2c' }] } }), false],
    ['plain document', entry({ _resourceType: 'document' }), false],
    ['fetch', entry({ _resourceType: 'fetch' }), false],
  ])('detects WebSockets: %s', (_name, e, expected) => {
    expect(isWebSocketEntry(e)).toBe(expected);
  });
});
