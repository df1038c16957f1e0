import { describe, expect, it } from 'vitest';
import { SessionFileError } from '../../../src/session/errors';
import type { SessionFileErrorCode } from '../../../src/session/errors';
import { MAX_IMPORT_BYTES } from '../../../src/session/format';
import { importFile } from '../../../src/session/import';
import { exportSession } from '../../../src/session/export';
import { MAX_FINDING_DEPTH } from '../../../src/session/validate';
import { T0, readFixture, richFindings, richSession } from './helpers';

interface BadRow {
  file: string;
  code: SessionFileErrorCode;
  path?: string;
  /** A fragment the message must contain. */
  message?: string;
}

const BAD: BadRow[] = [
  { file: 'truncated.wstriage.json', code: 'not-json', message: 'not valid JSON' },
  { file: 'empty.wstriage.json', code: 'not-json', message: 'empty' },
  { file: 'array.wstriage.json', code: 'wrong-format', message: 'an array' },
  { file: 'string.wstriage.json', code: 'wrong-format', message: 'a string' },
  { file: 'no-format.json', code: 'wrong-format', path: 'format' },
  { file: 'wrong-format.wstriage.json', code: 'wrong-format', path: 'format', message: '"ws-triage-sesion"' },
  { file: 'version-2.wstriage.json', code: 'newer-version', path: 'version', message: 'newer WS Triage' },
  { file: 'version-string.wstriage.json', code: 'invalid-field', path: 'version' },
  { file: 'version-missing.wstriage.json', code: 'missing-field', path: 'version' },
  { file: 'missing-connections.wstriage.json', code: 'missing-field', path: 'connections' },
  { file: 'connections-object.wstriage.json', code: 'invalid-field', path: 'connections', message: 'an array' },
  { file: 'frame-time-string.wstriage.json', code: 'invalid-field', path: 'connections[0].frames[0].time', message: 'a number' },
  { file: 'frame-time-missing.wstriage.json', code: 'missing-field', path: 'connections[1].frames[2].time' },
  { file: 'frame-direction-bad.wstriage.json', code: 'invalid-field', path: 'connections[0].frames[0].direction', message: '"sent"' },
  { file: 'frame-size-negative.wstriage.json', code: 'invalid-field', path: 'connections[1].frames[1].size' },
  { file: 'frame-not-object.wstriage.json', code: 'invalid-field', path: 'connections[1].frames[1]' },
  { file: 'duplicate-id.wstriage.json', code: 'invalid-field', path: 'connections[1].id' },
  { file: 'header-value-number.wstriage.json', code: 'invalid-field', path: 'connections[0].handshake.requestHeaders[0].value' },
  { file: 'handshake-missing-headers.wstriage.json', code: 'missing-field', path: 'connections[0].handshake.responseHeaders' },
  { file: 'close-initiator-bad.wstriage.json', code: 'invalid-field', path: 'connections[0].close.initiator' },
  { file: 'event-kind-bad.wstriage.json', code: 'invalid-field', path: 'connections[0].events[0].kind' },
  { file: 'finding-severity-bad.wstriage.json', code: 'invalid-field', path: 'findings[0].severity' },
  { file: 'finding-missing-detail.wstriage.json', code: 'missing-field', path: 'findings[0].detail' },
  { file: 'exported-at-bad.wstriage.json', code: 'invalid-field', path: 'exportedAt' },
  { file: 'tool-missing.wstriage.json', code: 'missing-field', path: 'tool' },
  { file: 'har-no-websocket.har', code: 'not-har', path: 'log.entries', message: 'no WebSocket connections (2 entries' },
  { file: 'har-empty.har', code: 'not-har', path: 'log.entries', message: 'no entries' },
  { file: 'har-entries-not-array.har', code: 'not-har', path: 'log.entries' },
  { file: 'har-message-time-string.har', code: 'invalid-field', path: 'log.entries[1]._webSocketMessages[1].time' },
  { file: 'har-missing-url.har', code: 'missing-field', path: 'log.entries[0].request.url' },
  { file: 'har-bad-started.har', code: 'invalid-field', path: 'log.entries[0].startedDateTime' },
];

function errorOf(fn: () => unknown): SessionFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SessionFileError) return e;
    throw new Error(`expected a SessionFileError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a SessionFileError, nothing was thrown');
}

describe('malformed files: each fails with its code and path', () => {
  it.each(BAD)('$file → $code $path', ({ file, code, path, message }) => {
    const e = errorOf(() => importFile(readFixture('bad', file), file));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.name).toBe('SessionFileError');
    if (path && (code === 'missing-field' || code === 'invalid-field')) expect(e.message).toContain(path);
    if (message) expect(e.message).toContain(message);
  });

  it('too large: refused on length, before parsing', () => {
    let parsed = false;
    const huge = {
      length: MAX_IMPORT_BYTES + 1,
      charCodeAt: () => {
        parsed = true;
        return 0;
      },
    } as unknown as string;
    const e = errorOf(() => importFile(huge, 'huge.json'));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('200.0 MB');
    expect(parsed).toBe(false);
  });
});

describe('hostile but valid files import as plain data', () => {
  it('XSS strings stay exactly as written', () => {
    const xss = '<img src=x onerror=alert(1)>';
    const { session, findings } = importFile(readFixture('bad', 'xss.wstriage.json'), 'xss.wstriage.json');
    const c = session.connections[0]!;
    expect(session.page.url).toBe(`https://app.example.com/?q=${xss}`);
    expect(session.page.title).toBe(`${xss}</title><script>alert(2)</script>`);
    expect(c.url).toBe(`wss://rt.example.com/${xss}`);
    expect(c.protocolsRequested).toEqual([xss]);
    expect(c.frames[0]!.data).toBe(`{"html":"${xss}"}`);
    expect(c.close!.reason).toBe(xss);
    expect(c.handshake!.requestHeaders[1]).toEqual({ name: xss, value: 'javascript:alert(1)' });
    expect(findings[0]!.title).toBe(xss);
    expect(findings[0]!.detail).toBe('``` | <b>x</b> [link](javascript:alert(1)) \u202e\u0000');
  });

  it('a 1 MB single-line payload imports intact', () => {
    const text = readFixture('bad', 'big-payload.wstriage.json');
    expect(text.includes('\n')).toBe(false);
    const { session } = importFile(text, 'big.json');
    expect(session.connections[0]!.frames[0]!.data).toHaveLength(1024 * 1024);
    expect(session.retainedChars).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it.each(['proto-pollution.wstriage.json', 'har-proto-pollution.har'])('%s does not pollute Object.prototype', (file) => {
    const { session, findings } = importFile(readFixture('bad', file), file);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    for (const c of session.connections) {
      expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
      expect(Object.hasOwn(c, '__proto__')).toBe(false);
      expect((c as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect(c.hooked).toBe(true); // the "__proto__": {"hooked": false} key did nothing
      for (const f of c.frames) expect(Object.hasOwn(f, '__proto__')).toBe(false);
    }
    for (const f of findings) {
      expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
      expect(Object.hasOwn(f, '__proto__')).toBe(false);
      expect(Object.hasOwn(f, 'constructor')).toBe(false);
      expect((f as unknown as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('a finding nested deeper than the limit is refused with its path, not a stack overflow', () => {
    const nested = (depth: number): unknown => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = [v];
      return v;
    };
    const file = (depth: number): string => {
      const f = exportSession(richSession(), richFindings(), { includeSecrets: false, toolVersion: 't', now: new Date(T0) });
      (f.findings[0] as unknown as Record<string, unknown>).extra = nested(depth);
      return JSON.stringify(f);
    };
    let error: unknown;
    try {
      importFile(file(3000), 'deep.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionFileError);
    expect((error as SessionFileError).code).toBe('invalid-field');
    expect((error as SessionFileError).path).toMatch(/^findings\[0\]\.extra(\[0\])+$/);
    expect((error as SessionFileError).message).toContain('more than 64 levels deep');
    // Up to the limit it imports, and exports again (copied and redacted recursively).
    const ok = importFile(file(MAX_FINDING_DEPTH - 1), 'ok.json');
    const again = exportSession(ok.session, ok.findings, { includeSecrets: false, toolVersion: 't', now: new Date(T0) });
    expect(JSON.stringify(again.findings[0])).toContain('"leaf"');
  });

  it('huge frame sizes sum to at most 2^53 - 1, so the file exports and imports again', () => {
    const f = exportSession(richSession(), [], { includeSecrets: false, toolVersion: 't', now: new Date(T0) });
    const c = f.connections[0]! as unknown as { stats?: unknown; frames: { direction: string; size: number }[] };
    delete c.stats; // counted from the frames on import
    for (const fr of c.frames) fr.size = Number.MAX_SAFE_INTEGER;
    const first = importFile(JSON.stringify(f), 'huge.json');
    expect(first.session.connections[0]!.stats.bytesSent).toBe(Number.MAX_SAFE_INTEGER);
    const again = exportSession(first.session, [], { includeSecrets: true, toolVersion: 't', now: new Date(T0) });
    expect(importFile(JSON.stringify(again), 'again.json').session.connections[0]!.stats).toEqual(first.session.connections[0]!.stats);
  });

  it('proto-pollution strings used as data stay data', () => {
    const { session } = importFile(readFixture('bad', 'proto-pollution.wstriage.json'), 'p.json');
    const c = session.connections[0]!;
    expect(c.protocolsRequested).toEqual(['__proto__', 'constructor']);
    expect(c.handshake!.requestHeaders).toContainEqual({ name: '__proto__', value: 'polluted' });
  });
});
