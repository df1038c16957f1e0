import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../src/diagnostics';
import { humanBytes, statedLimit } from '../../../src/diagnostics/size';

describe('humanDuration', () => {
  it.each([
    [0, '0 ms'],
    [1, '1 ms'],
    [450, '450 ms'],
    [999.4, '999 ms'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [2040, '2 s'],
    [9960, '10 s'],
    [12_000, '12 s'],
    [59_400, '59 s'],
    [59_600, '1 min'],
    [60_000, '1 min'],
    [192_000, '3 min 12 s'],
    [59 * 60_000 + 20_000, '59 min 20 s'],
    [59 * 60_000 + 45_000, '1 h'],
    [3_600_000, '1 h'],
    [2 * 3_600_000 + 5 * 60_000, '2 h 5 min'],
    [23 * 3_600_000 + 59 * 60_000 + 40_000, '1 d'],
    [27 * 3_600_000, '1 d 3 h'],
    [48 * 3_600_000, '2 d'],
    [-192_000, '3 min 12 s'],
    [Infinity, 'forever'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('humanBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [65_536, '64 KiB'],
    [70_000, '68.4 KiB'],
    [1024 * 1024, '1 MiB'],
    [150 * 1024 * 1024, '150 MiB'],
  ])('%d → %s', (n, text) => {
    expect(humanBytes(n)).toBe(text);
  });
});

describe('statedLimit', () => {
  it.each([
    ['max payload 65536', 65_536],
    ['Max frame length of 65536 has been exceeded.', 65_536],
    ['message size 70000 exceeds limit 65536', 65_536],
    ['payload too big: limit is 64KB', 64 * 1024],
    ['message too large (max 1 MB)', 1024 * 1024],
    ['maximum message size 1,048,576 bytes', 1_048_576],
    ['bye', null],
    ['room 12345 closed', null],
    // Limits of other things, not of a message's size.
    ['Rate limit exceeded: max 100 messages per minute', null],
    ['exceeded max idle time of 300 seconds', null],
    ['limit 200 connections', null],
    ['max 50 req/s', null],
    ['', null],
  ])('%j → %s', (text, limit) => {
    expect(statedLimit(text)).toBe(limit);
  });
});
