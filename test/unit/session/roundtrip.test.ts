import { describe, expect, it } from 'vitest';
import { exportSession } from '../../../src/session/export';
import { SESSION_FORMAT, SESSION_VERSION } from '../../../src/session/format';
import { importFile } from '../../../src/session/import';
import { validateSessionFile } from '../../../src/session/validate';
import { T0, richFindings, richSession } from './helpers';

const NOW = new Date(T0 + 60_000);

describe('session file round trip', () => {
  it('export (secrets included) → JSON → import restores the session and findings exactly', () => {
    const session = richSession();
    const findings = richFindings();
    const file = exportSession(session, findings, { includeSecrets: true, toolVersion: '1.2.3', now: NOW });
    const text = JSON.stringify(file);
    const imported = importFile(text, 'app.example.com-20240514-092107.wstriage.json');

    expect(imported.session.connections).toEqual(session.connections);
    for (let i = 0; i < session.connections.length; i++) {
      expect(imported.session.connections[i]!.frames).toEqual(session.connections[i]!.frames);
    }
    expect(imported.session).toEqual(session);
    expect(imported.findings).toEqual(findings);
    expect(imported.meta).toEqual({
      fileName: 'app.example.com-20240514-092107.wstriage.json',
      exportedAt: NOW.toISOString(),
      toolVersion: '1.2.3',
      redacted: false,
      source: 'ws-triage',
    });
  });

  it('writes the version 1 envelope', () => {
    const file = exportSession(richSession(), [], { includeSecrets: false, toolVersion: '1.2.3', now: NOW });
    expect(file).toMatchObject({
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      exportedAt: NOW.toISOString(),
      redacted: true,
      tool: { name: 'ws-triage', version: '1.2.3' },
    });
    expect(Object.keys(file).slice(0, 8)).toEqual(['format', 'version', 'exportedAt', 'redacted', 'tool', 'page', 'connections', 'findings']);
    expect(() => validateSessionFile(JSON.parse(JSON.stringify(file)))).not.toThrow();
  });

  it('a redacted export imports with the same shape', () => {
    const session = richSession();
    const text = JSON.stringify(exportSession(session, richFindings(), { includeSecrets: false, toolVersion: '1', now: NOW }));
    const imported = importFile(text, 'x.wstriage.json');
    expect(imported.meta.redacted).toBe(true);
    expect(imported.session.connections.map((c) => c.id)).toEqual(session.connections.map((c) => c.id));
    expect(imported.session.connections.map((c) => c.frames.length)).toEqual(session.connections.map((c) => c.frames.length));
    expect(imported.session.connections.map((c) => c.frames.map((f) => f.size))).toEqual(session.connections.map((c) => c.frames.map((f) => f.size)));
    expect(imported.session.connections.map((c) => c.close)).toEqual(session.connections.map((c) => c.close && { ...c.close, reason: expect.any(String) }));
    expect(imported.findings.map((f) => f.id)).toEqual(['token-expired', 'handshake-403', 'refused']);
  });

  it('the export shares no objects with the live session', () => {
    const session = richSession();
    const file = exportSession(session, richFindings(), { includeSecrets: true, toolVersion: '1', now: NOW });
    const before = JSON.stringify(session);
    file.connections[0]!.frames[0]!.data = 'changed';
    file.connections[0]!.handshake!.requestHeaders[0]!.value = 'changed';
    file.connections[0]!.protocolsRequested.push('changed');
    file.connections[0]!.stats!.framesSent = 99;
    (file.findings[1]!.frames as { index: number }[])[0]!.index = 99;
    expect(JSON.stringify(session)).toBe(before);
  });

  it('a file with only the required fields imports with sensible defaults', () => {
    const minimal = {
      format: 'ws-triage-session',
      version: 1,
      exportedAt: '2024-05-14T09:30:00+02:00',
      redacted: false,
      tool: { name: 'other-tool', version: '0.0.1' },
      page: { url: 'https://app.example.com/', title: '' },
      connections: [
        {
          id: 'a',
          url: 'wss://rt.example.com/',
          protocolsRequested: ['chat'],
          protocol: 'chat',
          extensions: '',
          createdAt: T0,
          openedAt: T0 + 10,
          closedAt: T0 + 90,
          handshake: null,
          close: { code: 1001, reason: 'going away', wasClean: true, initiator: 'server' },
          frames: [
            { time: T0 + 20, direction: 'send', type: 'text', size: 2, data: 'hi', encoding: 'utf8', truncated: false },
            { time: T0 + 30, direction: 'receive', type: 'binary', size: 3, data: 'AAEC', encoding: 'base64', truncated: false },
          ],
        },
      ],
      findings: [],
    };
    const { session, meta } = importFile(JSON.stringify(minimal), 'm.json');
    const c = session.connections[0]!;
    expect(c.stats).toEqual({ framesSent: 1, bytesSent: 2, framesReceived: 1, bytesReceived: 3 });
    expect(c.events).toEqual([
      { kind: 'open', time: T0 + 10, protocol: 'chat', extensions: '' },
      { kind: 'close', time: T0 + 90, code: 1001, reason: 'going away', wasClean: true, initiator: 'server' },
    ]);
    expect(c.hooked).toBe(true);
    expect(c.listeners).toEqual({ close: true, error: true, message: true });
    expect(c.closeCalledAt).toBeNull();
    expect(session.startedAt).toBe(T0);
    expect(session.retainedFrames).toBe(2);
    expect(session.retainedChars).toBe(6);
    expect(meta.toolVersion).toBe('0.0.1');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const text = JSON.stringify(exportSession(richSession(), [], { includeSecrets: true, toolVersion: '1', now: NOW }));
    expect(importFile(`\uFEFF${text}`, 'bom.json').session.connections).toHaveLength(3);
  });
});
