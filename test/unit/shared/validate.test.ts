import { describe, expect, it } from 'vitest';
import { MAX_PROTOCOLS, isHookEvent } from '../../../src/shared/validate';

export const good = {
  create: { kind: 'create', cid: 'a-1', time: 1.5, url: 'ws://x', protocols: ['a'] },
  open: { kind: 'open', cid: 'a-1', time: 1, protocol: '', extensions: '' },
  frame: { kind: 'frame', cid: 'a-1', time: 1, direction: 'send', type: 'text', size: 2, data: 'hi', encoding: 'utf8', truncated: false },
  error: { kind: 'error', cid: 'a-1', time: 1 },
  closeCall: { kind: 'close-call', cid: 'a-1', time: 1, code: 1000, reason: 'x' },
  closeCallBare: { kind: 'close-call', cid: 'a-1', time: 1 },
  sendError: { kind: 'send-error', cid: 'a-1', time: 1, error: 'InvalidStateError: x' },
  sendDiscarded: { kind: 'send-discarded', cid: 'a-1', time: 1, size: 3 },
  close: { kind: 'close', cid: 'a-1', time: 1, code: 1006, reason: '', wasClean: false },
  listen: { kind: 'listen', cid: 'a-1', event: 'close' },
};

describe('isHookEvent', () => {
  it.each(Object.entries(good))('accepts a well-formed %s event', (_name, e) => {
    expect(isHookEvent(e)).toBe(true);
  });

  it('accepts a socket with many subprotocols (65 made its create event rejected: a socket without a URL)', () => {
    expect(isHookEvent({ ...good.create, protocols: Array.from({ length: MAX_PROTOCOLS }, (_, i) => `p${i}`) })).toBe(true);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'frame'],
    ['an unknown kind', { ...good.error, kind: 'navigate' }],
    ['a prototype key as kind', { ...good.error, kind: '__proto__' }],
    ['a toString kind', { ...good.error, kind: 'toString' }],
    ['no cid', { ...good.error, cid: undefined }],
    ['an empty cid', { ...good.error, cid: '' }],
    ['a huge cid', { ...good.error, cid: 'x'.repeat(65) }],
    ['a NaN time', { ...good.error, time: NaN }],
    ['a string time', { ...good.error, time: '1' }],
    ['a bad direction', { ...good.frame, direction: 'up' }],
    ['a bad type', { ...good.frame, type: 'blob' }],
    ['a negative size', { ...good.frame, size: -1 }],
    ['non-string data', { ...good.frame, data: 5 }],
    ['a bad encoding', { ...good.frame, encoding: 'hex' }],
    ['non-boolean truncated', { ...good.frame, truncated: 'no' }],
    ['non-array protocols', { ...good.create, protocols: 'a' }],
    ['non-string protocol entries', { ...good.create, protocols: [1] }],
    ['too many protocols', { ...good.create, protocols: new Array(MAX_PROTOCOLS + 1).fill('p') }],
    ['a non-boolean wasClean', { ...good.close, wasClean: 1 }],
    ['a bad listen event', { ...good.listen, event: 'open' }],
    ['a string code on close-call', { ...good.closeCall, code: '1000' }],
  ])('rejects %s', (_name, e) => {
    expect(isHookEvent(e)).toBe(false);
  });
});
