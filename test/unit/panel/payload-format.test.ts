import { describe, expect, it } from 'vitest';
import { base64Length, binaryPreviewReason, copyValueText, hexDump, jsonPath, parseJsonPayload, truncationNotice, utf8View } from '../../../src/panel/payload-format';
import { utf8Length } from '../../../src/shared/wire';

describe('payload formatting', () => {
  it('dumps bytes as offset | 16 hex bytes | ASCII', () => {
    const bytes = new Uint8Array([0x48, 0x69, 0x00, 0xff, ...Array.from({ length: 14 }, (_, i) => 0x41 + i)]);
    expect(hexDump(bytes).split('\n')).toEqual([
      '00000000  48 69 00 ff 41 42 43 44  45 46 47 48 49 4a 4b 4c  |Hi..ABCDEFGHIJKL|',
      '00000010  4d 4e                                             |MN|',
    ]);
    expect(hexDump(new Uint8Array(0))).toBe('');
  });

  it('writes JSONPath with brackets where a key is not an identifier', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['data', 'items', 3, 'id'])).toBe('$.data.items[3].id');
    expect(jsonPath(['a b', 'x"y', '$ok'])).toBe('$["a b"]["x\\"y"].$ok');
  });

  it('sizes and notices', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(base64Length('3q2+7w==')).toBe(4);
    expect(truncationNotice(65536, 10485760)).toBe('Showing 65,536 of 10,485,760 bytes');
    expect(utf8View(new Uint8Array([0x68, 0xc3, 0xa9, 0xff]))).toBe('hé\ufffd');
  });

  it('says which capture rule cut a binary frame, and nothing when only the per-frame cap did', () => {
    expect(binaryPreviewReason(1023)).toBe('binary frames keep their first 1023 B');
    expect(binaryPreviewReason(255)).toContain('over 64 binary frames in that second');
    expect(binaryPreviewReason(255)).toContain('its first 255 B');
    expect(binaryPreviewReason(0)).toContain('not read');
    expect(binaryPreviewReason(0)).toContain('past 16 Blob frames in a second');
    for (const n of [1, 254, 256, 1022, 1024, 65536]) expect(binaryPreviewReason(n)).toBeNull();
  });

  it('parses only whole JSON and copies values', () => {
    expect(parseJsonPayload('{"a":1}')).toEqual({ value: { a: 1 } });
    expect(parseJsonPayload('{"a":')).toBeUndefined();
    expect(parseJsonPayload('42["chat"]')).toBeUndefined();
    expect(copyValueText('plain')).toBe('plain');
    expect(copyValueText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});
