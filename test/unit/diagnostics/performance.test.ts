import { describe, expect, it } from 'vitest';
import { connectionDiagnosis, diagnose } from '../../../src/diagnostics';
import { newConnection } from '../../../src/shared/apply';
import type { Connection } from '../../../src/shared/model';
import { jwt, MIN, secs, session, T0 } from './factory';

/** A connection with `count` frames, built directly (the factory is too slow to matter here, but this is simpler). */
function busy(id: string, url: string, count: number, closeCode: number | null): Connection {
  const c = newConnection(id, url, T0);
  c.openedAt = T0 + 50;
  c.protocolsRequested = ['graphql-transport-ws'];
  c.protocol = 'graphql-transport-ws';
  c.listeners = { close: true, error: true, message: true };
  c.frames.push({ time: T0 + 60, direction: 'send', type: 'text', size: 80, data: `{"type":"connection_init","payload":{"token":"${jwt({ exp: secs(T0 + 60 * MIN) })}"}}`, encoding: 'utf8', truncated: false });
  for (let i = 1; i < count; i++) {
    const data = i % 2 ? `{"id":"${i}","type":"next","payload":{"data":{"n":${i}}}}` : `{"type":"ping"}`;
    c.frames.push({ time: T0 + 100 + i * 10, direction: i % 2 ? 'receive' : 'send', type: 'text', size: data.length, data, encoding: 'utf8', truncated: false });
  }
  if (closeCode !== null) {
    c.closedAt = T0 + 100 + count * 10 + 60_000;
    c.close = { code: closeCode, reason: closeCode === 1009 ? 'max payload 65536' : '', wasClean: closeCode !== 1006, initiator: closeCode === 1006 ? 'browser' : 'server' };
  }
  return c;
}

describe('performance', () => {
  it('diagnoses a 100,000-frame session', () => {
    const s = session(
      busy('big', 'wss://api.example.com/graphql', 70_000, 1009),
      busy('idle', 'wss://api.example.com/graphql', 20_000, 1006),
      busy('open', 'wss://feed.example.com/', 10_000, null),
    );
    expect(s.connections.reduce((n, c) => n + c.frames.length, 0)).toBe(100_000);
    const started = performance.now();
    const found = diagnose(s, T0 + 30 * MIN);
    const elapsed = performance.now() - started;
    // Timing is asserted elsewhere (bench); this only shows it.
    console.info(`diagnose: 100,000 frames in ${elapsed.toFixed(1)} ms`);
    expect(found.some((f) => f.id === 'close-code')).toBe(true);
    expect(found.some((f) => f.id === 'idle-timeout')).toBe(true);
    for (const c of s.connections) connectionDiagnosis(s, c);
  });

  it('diagnoses a session with 2,000 connections', () => {
    const connections: Connection[] = [];
    for (let i = 0; i < 2000; i++) {
      const c = newConnection(`c${i}`, `wss://x.example/room/${i % 50}?t=${i}`, T0 + i * 100);
      c.closedAt = c.createdAt + 20;
      c.close = { code: 1006, reason: '', wasClean: false, initiator: 'browser' };
      connections.push(c);
    }
    const s = session(...connections);
    const started = performance.now();
    const found = diagnose(s);
    for (const c of s.connections) connectionDiagnosis(s, c);
    console.info(`diagnose + 2,000 row diagnoses: ${(performance.now() - started).toFixed(1)} ms`);
    expect(found.length).toBeGreaterThan(0);
  });
});
