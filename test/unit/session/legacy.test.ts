import { describe, expect, it } from 'vitest';
import { SessionFileError } from '../../../src/session/errors';
import { SESSION_VERSION } from '../../../src/session/format';
import { UPGRADERS, upgradeSessionFile } from '../../../src/session/legacy/index';

describe('legacy upgrader chain', () => {
  it('version 1 is current: the identity', () => {
    expect(SESSION_VERSION).toBe(1);
    const file = { format: 'ws-triage-session', version: 1, connections: [] };
    expect(upgradeSessionFile(file, 1)).toBe(file);
  });

  it('has an upgrader for every older version', () => {
    for (let v = 1; v < SESSION_VERSION; v++) expect(typeof UPGRADERS[v]).toBe('function');
  });

  it.each([
    [2, 'newer-version', /newer WS Triage \(format version 2\).*reads format version 1/],
    [99, 'newer-version', /format version 99/],
    [0, 'invalid-field', /positive integer/],
    [-1, 'invalid-field', /positive integer/],
    [1.5, 'invalid-field', /positive integer/],
  ])('version %s → %s', (version, code, message) => {
    try {
      upgradeSessionFile({ version }, version);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SessionFileError);
      expect((e as SessionFileError).code).toBe(code);
      expect((e as SessionFileError).path).toBe('version');
      expect((e as SessionFileError).message).toMatch(message);
    }
  });
});
