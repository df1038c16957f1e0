import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/shared/model';
import type { ConnectionSpec } from './factory';
import { conn, findings, session, T0 } from './factory';

const withEvents = (events: LifecycleEvent[], extra: ConnectionSpec = {}) => session(conn({ id: 'm', events, ...extra }));

describe('send-before-open', () => {
  it.each([
    ['InvalidStateError (Chrome)', "InvalidStateError: Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 1],
    ['InvalidStateError (Firefox)', 'InvalidStateError: An attempt was made to use an object that is not, or is no longer, usable', 1],
    ['a bare error name', 'InvalidStateError', 1],
    ['another error', 'SyntaxError: bad data', 0],
  ])('%s', (_name, error, count) => {
    const s = withEvents([{ kind: 'send-error', time: T0 + 10, error }, { kind: 'send-error', time: T0 + 20, error }]);
    const list = findings(s, 'send-before-open');
    expect(list).toHaveLength(count);
    if (count) {
      expect(list[0]).toMatchObject({ severity: 'warning', connectionIds: ['m'], time: T0 + 10 });
      expect(list[0]!.detail).toMatch(/2 times/);
    }
  });
});

describe('send-after-close', () => {
  it('reports discarded sends with their size', () => {
    const s = withEvents(
      [
        { kind: 'send-discarded', time: T0 + 5000, size: 1000 },
        { kind: 'send-discarded', time: T0 + 6000, size: 2048 },
      ],
      { closeCall: 4000, close: { at: 4100, code: 1000 } },
    );
    const [f] = findings(s, 'send-after-close');
    expect(f).toMatchObject({ severity: 'warning', time: T0 + 5000 });
    expect(f!.detail).toMatch(/2 times after the socket was closing or closed \(3 KiB in all\)/);
    expect(f!.detail).toMatch(/silently/);
  });

  it('is not raised without discarded sends', () => {
    expect(findings(withEvents([]), 'send-after-close')).toEqual([]);
  });
});

describe('invalid-close-call', () => {
  it.each([
    [{ code: 1001 }, 'InvalidAccessError', /only code 1000 or 3000–4999/],
    [{ code: 2999 }, 'InvalidAccessError', /only code 1000 or 3000–4999/],
    [{ code: 5000 }, 'InvalidAccessError', /only code 1000 or 3000–4999/],
    [{ code: 1000, reason: 'x'.repeat(200) }, 'SyntaxError', /123 bytes/],
  ])('close(%j) throwing %s', (args, error, explanation) => {
    const s = withEvents([{ kind: 'close-call', time: T0 + 100, ...args, error }]);
    const [f] = findings(s, 'invalid-close-call');
    expect(f).toMatchObject({ severity: 'warning', time: T0 + 100 });
    expect(f!.detail).toMatch(explanation);
    expect(f!.detail).toContain(error);
  });

  it('ignores valid close() calls', () => {
    expect(findings(withEvents([{ kind: 'close-call', time: T0 + 100, code: 4000 }]), 'invalid-close-call')).toEqual([]);
  });
});

describe('no-close-handler', () => {
  it.each([
    ['abnormal close, no listener', { close: { at: 500, code: 1006 }, listeners: { close: false, error: false } }, 1],
    ['not clean, no listener', { close: { at: 500, code: 1011, wasClean: false }, listeners: { close: false, error: false } }, 1],
    // The error event comes before the close of an abnormal closure: an error listener notices it.
    ['abnormal close, an error listener only', { close: { at: 500, code: 1006 }, listeners: { close: false, error: true } }, 0],
    ['abnormal close, with a listener', { close: { at: 500, code: 1006 } }, 0],
    ['clean server close, no listener', { close: { at: 500, code: 1000 }, listeners: { close: false } }, 0],
    ['closed by the page, no listener', { closeCall: 400, close: { at: 500, code: 1006 }, listeners: { close: false } }, 0],
    ['handshake only', { hooked: false, close: { at: 500, code: 1006 }, listeners: { close: false } }, 0],
    ['still open, no listener', { listeners: { close: false } }, 0],
  ] as const)('%s', (_name, spec, count) => {
    const list = findings(session(conn(spec as ConnectionSpec)), 'no-close-handler');
    expect(list).toHaveLength(count);
    if (count) expect(list[0]!.severity).toBe('warning');
  });

  it('says "never connected", not "keeps believing it is connected", for a socket that never opened', () => {
    const [f] = findings(session(conn({ open: null, close: { at: 500, code: 1006 }, listeners: { close: false, error: false } })), 'no-close-handler');
    expect(f!.detail).toMatch(/never connected/);
    expect(f!.detail).not.toMatch(/believing it is connected/);
  });
});
