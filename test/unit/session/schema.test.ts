import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import schema from '../../../src/session/session-v1.schema.json';
import { SessionFileError } from '../../../src/session/errors';
import { exportSession } from '../../../src/session/export';
import { validateSessionFile } from '../../../src/session/validate';
import { T0, readFixture, richFindings, richSession } from './helpers';

const ajv = new Ajv2020({ strict: true, allErrors: false });
const validateWithSchema = ajv.compile(schema);

function handWritten(value: unknown): SessionFileError | null {
  try {
    validateSessionFile(value);
    return null;
  } catch (e) {
    if (e instanceof SessionFileError) return e;
    throw e;
  }
}

const NOW = new Date(T0);

describe('session-v1.schema.json', () => {
  it.each([true, false])('an export (includeSecrets: %s) validates against the schema', (includeSecrets) => {
    const file = JSON.parse(JSON.stringify(exportSession(richSession(), richFindings(), { includeSecrets, toolVersion: '0.1.0', now: NOW })));
    expect(validateWithSchema(file), JSON.stringify(validateWithSchema.errors)).toBe(true);
    expect(handWritten(file)).toBeNull();
  });

  it('an empty session validates', () => {
    const file = JSON.parse(JSON.stringify(exportSession(
      { page: { url: '', title: '' }, startedAt: 0, connections: [], droppedFrames: 0, lostEvents: 0, retainedFrames: 0, retainedChars: 0, navigations: [] },
      [],
      { includeSecrets: false, toolVersion: '0.1.0', now: NOW },
    )));
    expect(validateWithSchema(file)).toBe(true);
    expect(handWritten(file)).toBeNull();
  });

  // Every bad-corpus session file is refused by both; the hostile-but-valid ones are accepted by both.
  const REFUSED = [
    'array.wstriage.json', 'string.wstriage.json', 'no-format.json', 'wrong-format.wstriage.json', 'version-2.wstriage.json',
    'version-string.wstriage.json', 'version-missing.wstriage.json', 'missing-connections.wstriage.json',
    'connections-object.wstriage.json', 'frame-time-string.wstriage.json', 'frame-time-missing.wstriage.json',
    'frame-direction-bad.wstriage.json', 'frame-size-negative.wstriage.json', 'frame-not-object.wstriage.json',
    'header-value-number.wstriage.json', 'handshake-missing-headers.wstriage.json', 'close-initiator-bad.wstriage.json',
    'event-kind-bad.wstriage.json', 'finding-severity-bad.wstriage.json', 'finding-missing-detail.wstriage.json',
    'exported-at-bad.wstriage.json', 'tool-missing.wstriage.json',
  ];
  it.each(REFUSED)('%s: refused by the schema and by validateSessionFile', (file) => {
    const value = JSON.parse(readFixture('bad', file));
    expect(validateWithSchema(value)).toBe(false);
    expect(handWritten(value)).not.toBeNull();
  });

  it.each(['xss.wstriage.json', 'big-payload.wstriage.json', 'proto-pollution.wstriage.json'])('%s: accepted by both', (file) => {
    const value = JSON.parse(readFixture('bad', file));
    expect(validateWithSchema(value), JSON.stringify(validateWithSchema.errors)).toBe(true);
    expect(handWritten(value)).toBeNull();
  });

  it('duplicate connection ids: only the hand-written validator can tell (documented)', () => {
    const value = JSON.parse(readFixture('bad', 'duplicate-id.wstriage.json'));
    expect(validateWithSchema(value)).toBe(true);
    expect(handWritten(value)?.path).toBe('connections[1].id');
  });

  // Single-field mutations of a valid export: schema and validator must agree, and the
  // validator must name the mutated path.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form mutation of parsed JSON
  type Json = any;
  const base = (): Json =>
    JSON.parse(JSON.stringify(exportSession(richSession(), richFindings(), { includeSecrets: true, toolVersion: '0.1.0', now: NOW })));
  const MUTATIONS: [string, (f: Json) => void, string | null][] = [
    ['extra top-level field is fine', (f) => (f.x_custom = { any: 1 }), null],
    ['extra frame field is fine', (f) => (f.connections[0].frames[0].opcode = 1), null],
    ['frameUrl absent is fine', (f) => delete f.connections[0].frameUrl, null],
    ['optional extras absent are fine', (f) => { for (const k of ['events', 'stats', 'droppedFrames', 'hooked', 'listeners', 'closeCalledAt', 'frameId', 'documentId', 'requestId']) delete f.connections[0][k]; delete f.session; }, null],
    ['finding time absent is fine', (f) => delete f.findings[0].time, null],
    ['handshake null is fine', (f) => (f.connections[0].handshake = null), null],
    ['status null is fine', (f) => (f.connections[0].handshake.status = null), null],
    ['redacted as string', (f) => (f.redacted = 'yes'), 'redacted'],
    ['tool.version missing', (f) => delete f.tool.version, 'tool.version'],
    ['page.url number', (f) => (f.page.url = 1), 'page.url'],
    ['frameUrl number', (f) => (f.connections[0].frameUrl = 5), 'connections[0].frameUrl'],
    ['protocolsRequested item number', (f) => (f.connections[0].protocolsRequested[1] = 3), 'connections[0].protocolsRequested[1]'],
    ['createdAt null', (f) => (f.connections[1].createdAt = null), 'connections[1].createdAt'],
    ['openedAt string', (f) => (f.connections[1].openedAt = 'now'), 'connections[1].openedAt'],
    ['closedAt missing', (f) => delete f.connections[2].closedAt, 'connections[2].closedAt'],
    ['handshake status 101.5', (f) => (f.connections[0].handshake.status = 101.5), 'connections[0].handshake.status'],
    ['handshake array', (f) => (f.connections[0].handshake = []), 'connections[0].handshake'],
    ['close code string', (f) => (f.connections[0].close.code = '1000'), 'connections[0].close.code'],
    ['close missing', (f) => delete f.connections[0].close, 'connections[0].close'],
    ['close code past 65535', (f) => (f.connections[0].close.code = 70000), 'connections[0].close.code'],
    ['close code negative', (f) => (f.connections[0].close.code = -1), 'connections[0].close.code'],
    ['close event code 1e308', (f) => (f.connections[0].events[3].code = 1e308), 'connections[0].events[3].code'],
    ['frame size past 2^53 - 1', (f) => (f.connections[0].frames[3].size = 1e308), 'connections[0].frames[3].size'],
    ['stats past 2^53 - 1', (f) => (f.connections[0].stats.bytesSent = 2 ** 53), 'connections[0].stats.bytesSent'],
    ['frame size 2^53 - 1 is fine', (f) => (f.connections[0].frames[3].size = Number.MAX_SAFE_INTEGER), null],
    ['frame size float', (f) => (f.connections[0].frames[3].size = 1.5), 'connections[0].frames[3].size'],
    ['frame encoding hex', (f) => (f.connections[0].frames[4].encoding = 'hex'), 'connections[0].frames[4].encoding'],
    ['frame truncated missing', (f) => delete f.connections[0].frames[5].truncated, 'connections[0].frames[5].truncated'],
    ['frame data null', (f) => (f.connections[0].frames[2].data = null), 'connections[0].frames[2].data'],
    ['event time missing', (f) => delete f.connections[0].events[1].time, 'connections[0].events[1].time'],
    ['open event without protocol', (f) => delete f.connections[0].events[0].protocol, 'connections[0].events[0].protocol'],
    ['close event bad initiator', (f) => (f.connections[0].events[3].initiator = 'me'), 'connections[0].events[3].initiator'],
    ['send-error without error', (f) => delete f.connections[2].events[1].error, 'connections[2].events[1].error'],
    ['stats negative', (f) => (f.connections[0].stats.bytesSent = -1), 'connections[0].stats.bytesSent'],
    ['listeners.close string', (f) => (f.connections[0].listeners.close = 'yes'), 'connections[0].listeners.close'],
    ['hooked null', (f) => (f.connections[0].hooked = null), 'connections[0].hooked'],
    ['droppedFrames float', (f) => (f.connections[0].droppedFrames = 0.5), 'connections[0].droppedFrames'],
    ['finding connectionIds string', (f) => (f.findings[0].connectionIds = 'doc1:c1'), 'findings[0].connectionIds'],
    ['finding time string', (f) => (f.findings[0].time = 'now'), 'findings[0].time'],
    ['session.navigations[0].url missing', (f) => delete f.session.navigations[0].url, 'session.navigations[0].url'],
    ['session.lostEvents negative', (f) => (f.session.lostEvents = -2), 'session.lostEvents'],
    ['exportedAt without zone', (f) => (f.exportedAt = '2024-05-14T09:30:00'), 'exportedAt'],
  ];
  it.each(MUTATIONS)('%s', (_name, mutate, path) => {
    const f = base();
    mutate(f);
    const schemaOk = validateWithSchema(f);
    const e = handWritten(f);
    expect(schemaOk, JSON.stringify(validateWithSchema.errors)).toBe(path === null);
    expect(e?.path ?? null).toBe(path);
  });
});
