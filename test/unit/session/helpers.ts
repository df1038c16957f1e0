/**
 * Shared test data for the session tests: JWTs, secrets, and a rich session built by the
 * real reducer (src/shared/apply.ts) from the events the hook and webRequest produce.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEvents } from '../../../src/shared/apply';
import { createSession } from '../../../src/shared/model';
import type { Session } from '../../../src/shared/model';
import type { HookEvent, Origin, SessionEvent } from '../../../src/shared/protocol';
import type { ExportedFinding } from '../../../src/session/format';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export function readFixture(...parts: string[]): string {
  return readFileSync(resolve(FIXTURES, ...parts), 'utf8');
}

export function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** A signed-looking JWT (the signature is random-looking but fixed). */
export function makeJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const sig = b64url(`signature-of-${JSON.stringify(payload)}`).slice(0, 43);
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${sig}`;
}

export const T0 = Date.UTC(2024, 4, 14, 9, 21, 7, 345); // 2024-05-14T09:21:07.345Z

/** Expired 3 minutes before the connection. */
export const URL_JWT = makeJwt({ sub: 'user-4711', email: 'ada@example.com', iat: T0 / 1000 - 3600, exp: T0 / 1000 - 180 });
export const PROTOCOL_JWT = makeJwt({ sub: 'svc-proto', scope: 'rt:read', nbf: T0 / 1000 - 10, exp: T0 / 1000 + 3600 });
export const HEADER_JWT = makeJwt({ sub: 'user-4711', role: 'admin', iat: 1715670000, exp: 1715680000 });
export const FRAME_JWT = makeJwt({ sub: 'frame-user', tenant: 'acme', exp: 1715690000 });
export const REASON_JWT = makeJwt({ sub: 'reason-user', exp: 1715600000 });

export const SECRETS = {
  pageSession: 'pg-session-0b1c2d3e4f5a',
  apiKey: 'ak_live_51HfQ2xKz9a8b7c6d5e4f',
  cookieSid: 's%3AcookieSid-9f8e7d6c5b4a',
  cookieCsrf: 'csrf-77aa88bb99cc',
  basic: Buffer.from('ada:correct-horse-battery').toString('base64'),
  password: 'hunter2-but-longer-9000',
  k8sToken: b64url('k8s-service-account-token-abcdef123456'),
  opaqueProtocolToken: 'Zx9Qw8Er7Ty6Ui5Op4As3Df2',
};

const origin: Origin = { doc: 'doc1', frameId: 0, documentId: 'DOC-1', frameUrl: `https://app.example.com/dashboard?session=${SECRETS.pageSession}` };

/** Three connections: a hooked one with everything, a refused handshake, a network error. */
export function richSession(): Session {
  const s = createSession({ url: `https://app.example.com/dashboard?session=${SECRETS.pageSession}#access_token=${URL_JWT}`, title: 'Dashboard' }, T0 - 1000);
  const url1 = `wss://rt.example.com/graphql?room=42&token=${URL_JWT}&api_key=${SECRETS.apiKey}`;
  const hook = (event: HookEvent): SessionEvent => ({ kind: 'hook', origin, events: [event] });
  const binaryText = Buffer.from(JSON.stringify({ op: 'auth', jwt: FRAME_JWT })).toString('base64');
  const events: SessionEvent[] = [
    { kind: 'handshake', requestId: 'r1', stage: 'request', time: T0 + 1, url: url1, frameId: 0, documentId: 'DOC-1',
      requestHeaders: [
        { name: 'Origin', value: 'https://app.example.com' },
        { name: 'Cookie', value: `sid=${SECRETS.cookieSid}; csrf=${SECRETS.cookieCsrf}; theme=dark` },
        { name: 'Authorization', value: `Bearer ${HEADER_JWT}` },
        { name: 'Sec-WebSocket-Protocol', value: `graphql-transport-ws, bearer, ${PROTOCOL_JWT}` },
        { name: 'Sec-WebSocket-Key', value: 'dGhlIHNhbXBsZSBub25jZQ==' },
      ] },
    hook({ kind: 'create', cid: 'c1', time: T0, url: url1, protocols: ['graphql-transport-ws', 'bearer', PROTOCOL_JWT] }),
    { kind: 'handshake', requestId: 'r1', stage: 'response', time: T0 + 120, url: url1, status: 101, statusText: 'Switching Protocols',
      responseHeaders: [
        { name: 'Upgrade', value: 'websocket' },
        { name: 'Sec-WebSocket-Protocol', value: 'graphql-transport-ws' },
        { name: 'Set-Cookie', value: `sid=${SECRETS.cookieSid}; Path=/; HttpOnly; Secure` },
      ] },
    hook({ kind: 'listen', cid: 'c1', event: 'message' }),
    hook({ kind: 'listen', cid: 'c1', event: 'close' }),
    hook({ kind: 'open', cid: 'c1', time: T0 + 121.5, protocol: 'graphql-transport-ws', extensions: 'permessage-deflate' }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 130.25, direction: 'send', type: 'text', size: 0, data: JSON.stringify({ type: 'connection_init', payload: { password: SECRETS.password, user: 'ada' } }), encoding: 'utf8', truncated: false }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 140.5, direction: 'receive', type: 'text', size: 25, data: '{"type":"connection_ack"}', encoding: 'utf8', truncated: false }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 150.75, direction: 'send', type: 'text', size: 0, data: `{"id":"1","type":"subscribe","payload":{"token":"${FRAME_JWT}"}}`, encoding: 'utf8', truncated: false }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 160, direction: 'receive', type: 'binary', size: Buffer.from(binaryText, 'base64').length, data: binaryText, encoding: 'base64', truncated: false }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 170, direction: 'receive', type: 'binary', size: 5, data: 'AAECA/8=', encoding: 'base64', truncated: false }),
    hook({ kind: 'frame', cid: 'c1', time: T0 + 175, direction: 'receive', type: 'text', size: 70000, data: 'x'.repeat(100) + ' ünïcödé ✓ 🎉', encoding: 'utf8', truncated: true }),
    hook({ kind: 'send-discarded', cid: 'c1', time: T0 + 180, size: 12 }),
    hook({ kind: 'close-call', cid: 'c1', time: T0 + 190, code: 4000, reason: `logout ${REASON_JWT}` }),
    hook({ kind: 'close', cid: 'c1', time: T0 + 200, code: 4000, reason: `logout ${REASON_JWT}`, wasClean: true }),
    // A refused handshake seen only by webRequest (a socket made in a worker).
    { kind: 'handshake', requestId: 'r2', stage: 'request', time: T0 + 300, url: 'wss://rt.example.com/admin', frameId: 0,
      requestHeaders: [
        { name: 'Authorization', value: `Basic ${SECRETS.basic}` },
        { name: 'X-Api-Key', value: SECRETS.apiKey },
      ] },
    { kind: 'handshake', requestId: 'r2', stage: 'response', time: T0 + 340, url: 'wss://rt.example.com/admin', status: 403, statusText: 'Forbidden', responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }] },
    // A network error on a hooked socket with a k8s bearer subprotocol.
    hook({ kind: 'create', cid: 'c3', time: T0 + 400, url: 'ws://localhost:9/exec', protocols: ['v4.channel.k8s.io', `base64url.bearer.authorization.k8s.io.${SECRETS.k8sToken}`, SECRETS.opaqueProtocolToken] }),
    { kind: 'handshake', requestId: 'r3', stage: 'request', time: T0 + 401, url: 'ws://localhost:9/exec', frameId: 0, documentId: 'DOC-1', requestHeaders: [] },
    { kind: 'handshake', requestId: 'r3', stage: 'error', time: T0 + 405, url: 'ws://localhost:9/exec', error: 'net::ERR_CONNECTION_REFUSED' },
    hook({ kind: 'error', cid: 'c3', time: T0 + 406 }),
    hook({ kind: 'send-error', cid: 'c3', time: T0 + 407, error: "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state." }),
    hook({ kind: 'close', cid: 'c3', time: T0 + 408, code: 1006, reason: '', wasClean: false }),
    { kind: 'navigate', time: T0 + 500, url: `https://app.example.com/next?code=${SECRETS.pageSession}`, title: 'Next', preserve: true },
    { kind: 'lost', count: 2 },
  ];
  // Text frames written with size 0 above get their true UTF-8 size.
  for (const e of events) {
    if (e.kind !== 'hook') continue;
    for (const h of e.events) if (h.kind === 'frame' && h.size === 0) h.size = Buffer.byteLength(h.data, 'utf8');
  }
  applyEvents(s, events);
  return s;
}

export function richFindings(): ExportedFinding[] {
  return [
    {
      id: 'token-expired',
      severity: 'error',
      title: 'The token in the URL expired 3 min before connecting',
      detail: `The URL wss://rt.example.com/graphql?token=${URL_JWT} carries a JWT whose exp is 3 min before the socket was created. Its api_key=${SECRETS.apiKey} was also sent.`,
      connectionIds: ['doc1:c1'],
      time: T0,
    },
    {
      id: 'handshake-403',
      severity: 'warning',
      title: 'Handshake refused with 403 Forbidden',
      detail: `The server refused the upgrade. The request carried Basic credentials ${SECRETS.basic}.`,
      connectionIds: ['request:r2'],
      frames: [{ connectionId: 'doc1:c1', index: 0 }],
    },
    { id: 'refused', severity: 'info', title: 'Connection refused', detail: 'Nothing listens on localhost:9.', connectionIds: ['doc1:c3'] },
  ];
}
