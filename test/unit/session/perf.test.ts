import { describe, expect, it } from 'vitest';
import { importFile } from '../../../src/session/import';
import { validateSessionFile } from '../../../src/session/validate';

/** A session file with `n` frames spread over 4 connections, as JSON text. */
function bigSessionText(n: number): string {
  const connections = [0, 1, 2, 3].map((i) => ({
    id: `doc:c${i}`,
    url: `wss://rt.example.com/feed/${i}`,
    protocolsRequested: [],
    protocol: '',
    extensions: 'permessage-deflate',
    createdAt: 1715678467000 + i,
    openedAt: 1715678467100 + i,
    closedAt: null,
    handshake: { status: 101, requestHeaders: [], responseHeaders: [] },
    close: null,
    frames: [] as unknown[],
  }));
  for (let j = 0; j < n; j++) {
    const binary = j % 10 === 0;
    connections[j % 4]!.frames.push({
      time: 1715678467200 + j * 0.5,
      direction: j % 3 === 0 ? 'send' : 'receive',
      type: binary ? 'binary' : 'text',
      size: binary ? 6 : 38,
      data: binary ? 'AAECAwQF' : `{"type":"tick","seq":${j},"price":101.5}`,
      encoding: binary ? 'base64' : 'utf8',
      truncated: false,
    });
  }
  return JSON.stringify({
    format: 'ws-triage-session',
    version: 1,
    exportedAt: '2024-05-14T09:30:00.000Z',
    redacted: true,
    tool: { name: 'ws-triage', version: '0.1.0' },
    page: { url: 'https://app.example.com/', title: 'Feed' },
    connections,
    findings: [],
  });
}

describe('import performance', () => {
  it('imports a 100,000-frame session file', () => {
    const text = bigSessionText(100_000);
    const started = performance.now();
    const { session } = importFile(text, 'big.wstriage.json');
    const ms = performance.now() - started;
    expect(session.retainedFrames).toBe(100_000);
    expect(session.connections.reduce((n, c) => n + c.frames.length, 0)).toBe(100_000);
    expect(session.connections[1]!.frames[0]!.data).toBe('{"type":"tick","seq":1,"price":101.5}');
    // No timing assertion (shared CI machines); the number is printed for eyeballing.
    console.info(`importFile: 100,000 frames, ${(text.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms`);
  });

  it('validates 100,000 frames without building paths for valid ones', () => {
    const value = JSON.parse(bigSessionText(100_000));
    const started = performance.now();
    validateSessionFile(value);
    console.info(`validateSessionFile: 100,000 frames in ${(performance.now() - started).toFixed(0)} ms`);
  });
});
