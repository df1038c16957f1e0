/** Sessions built by the real reducer from hook and webRequest events, as the extension records them. */
import { describe, expect, it } from 'vitest';
import { connectionDiagnosis, diagnose, reconnectGroups } from '../../../src/diagnostics';
import { applyEvents } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import type { HookEvent, SessionEvent } from '../../../src/shared/protocol';
import { jwt, MIN, secs, T0 } from './factory';

const origin = { doc: 'd1', frameId: 0, documentId: 'doc-1' };
const hook = (...events: HookEvent[]): SessionEvent => ({ kind: 'hook', origin, events });

describe('sessions built by applyEvents', () => {
  it('a 401 handshake followed by 1006 in the page (Chrome)', () => {
    const url = `wss://api.example.com/ws?token=${jwt({ exp: secs(T0 - 5 * MIN) })}`;
    const s = createSession({ url: 'https://app.example.com/', title: 'App' }, T0 - 1000);
    applyEvents(s, [
      hook({ kind: 'create', cid: '1', time: T0, url, protocols: [] }, { kind: 'listen', cid: '1', event: 'close' }),
      { kind: 'handshake', requestId: 'r1', stage: 'request', time: T0 + 1, url, frameId: 0, documentId: 'doc-1', requestHeaders: [{ name: 'Origin', value: 'https://app.example.com' }] },
      { kind: 'handshake', requestId: 'r1', stage: 'response', time: T0 + 30, url, frameId: 0, documentId: 'doc-1', status: 401, statusText: 'Unauthorized', responseHeaders: [{ name: 'WWW-Authenticate', value: 'Bearer' }] },
      { kind: 'handshake', requestId: 'r1', stage: 'error', time: T0 + 31, url, frameId: 0, documentId: 'doc-1', error: 'net::ERR_FAILED' },
      hook({ kind: 'error', cid: '1', time: T0 + 32 }, { kind: 'close', cid: '1', time: T0 + 33, code: 1006, reason: '', wasClean: false }),
    ]);
    expect(s.connections).toHaveLength(1);
    const ids = diagnose(s).map((f) => `${f.id}:${f.severity}`);
    expect(ids).toEqual(['jwt-expired:error', 'handshake-rejected:error', 'close-code:info']);
    expect(connectionDiagnosis(s, s.connections[0]!)).toBe('Handshake rejected: HTTP 401 Unauthorized — the server requires authentication');
  });

  it('a socket made in a Worker: handshake only, refused port', () => {
    const url = 'ws://localhost:9999/';
    const s = createSession();
    applyEvents(s, [
      { kind: 'handshake', requestId: 'r9', stage: 'request', time: T0, url, requestHeaders: [] },
      { kind: 'handshake', requestId: 'r9', stage: 'error', time: T0 + 3, url, error: 'net::ERR_CONNECTION_REFUSED' },
    ]);
    expect(diagnose(s).map((f) => `${f.id}:${f.severity}`)).toEqual(['handshake-failed:error']);
  });

  it('a reconnect loop recorded by the hook alone', () => {
    const url = 'wss://api.example.com/live';
    const s = createSession();
    const events: HookEvent[] = [];
    for (let i = 0; i < 8; i++) {
      const t = T0 + i * 200;
      events.push({ kind: 'create', cid: String(i), time: t, url, protocols: [] }, { kind: 'error', cid: String(i), time: t + 20 }, { kind: 'close', cid: String(i), time: t + 21, code: 1006, reason: '', wasClean: false });
    }
    applyEvents(s, [hook(...events)]);
    const [g] = reconnectGroups(s);
    expect(g).toMatchObject({ pattern: 'fixed', attempts: Array.from({ length: 8 }, (_, i) => T0 + i * 200), recoveredAfter: null });
    const ids = new Set(diagnose(s).map((f) => f.id));
    expect([...ids].sort()).toEqual(['abnormal-closure', 'close-code', 'no-close-handler', 'reconnect-storm']);
  });
});
