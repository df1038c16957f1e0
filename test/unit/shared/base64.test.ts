import { describe, expect, it } from 'vitest';
import { base64Bytes } from '../../../src/shared/base64';

const bytes = (b: Uint8Array | null): number[] | null => (b ? [...b] : null);

describe('base64Bytes', () => {
  it('decodes standard base64, padded or not', () => {
    expect(bytes(base64Bytes('3q2+7w=='))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(bytes(base64Bytes('3q2+7w'))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(bytes(base64Bytes(''))).toEqual([]);
  });

  it('is null for what is not base64', () => {
    expect(base64Bytes('!!!not base64')).toBeNull();
    expect(base64Bytes('abcde')).toBeNull(); // a lone last char encodes no byte
    expect(base64Bytes('3q2-7w')).toBeNull(); // base64url is not standard base64
  });

  it('decodes at most maxBytes, and only the base64 they need', () => {
    const b64 = btoa(String.fromCharCode(...Array.from({ length: 100 }, (_, i) => i)));
    expect(bytes(base64Bytes(b64, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(bytes(base64Bytes(b64, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(base64Bytes(b64, 1000)).toHaveLength(100);
    expect(base64Bytes(b64, 0)).toHaveLength(0);
    // What lies past the needed prefix is not decoded, so it cannot make the prefix fail.
    expect(bytes(base64Bytes('AAEC' + '!!!!', 3))).toEqual([0, 1, 2]);
  });
});
