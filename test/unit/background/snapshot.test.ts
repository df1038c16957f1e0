import { describe, expect, it } from 'vitest';
import { sliceEnd } from '../../../src/background/tabs';
import type { Frame } from '../../../src/shared/model';

const frame = (chars: number): Frame =>
  ({ time: 0, direction: 'receive', type: 'text', size: chars, data: 'x'.repeat(chars), encoding: 'utf8', truncated: false }) as Frame;

/** Every slice a snapshot would send, as [start, end). */
function slices(frames: Frame[], maxFrames: number, maxChars: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < frames.length; ) {
    const end = sliceEnd(frames, start, maxFrames, maxChars);
    out.push([start, end]);
    start = end;
  }
  return out;
}

describe('snapshot slices', () => {
  it('cuts by frame count for small frames', () => {
    expect(slices(Array.from({ length: 5 }, () => frame(1)), 2, 100)).toEqual([[0, 2], [2, 4], [4, 5]]);
  });

  it('cuts by payload chars for large frames, so no port message nears the 64 MiB limit', () => {
    expect(slices([frame(40), frame(40), frame(40), frame(10), frame(90)], 100, 100)).toEqual([[0, 2], [2, 4], [4, 5]]);
  });

  it('sends a frame larger than the limit alone rather than never', () => {
    expect(slices([frame(5), frame(500), frame(5)], 100, 100)).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('covers every frame exactly once with the real limits (1,100 frames of 64 Ki chars)', () => {
    const frames = Array.from({ length: 1100 }, () => frame(64 * 1024));
    const all = slices(frames, 2000, 8 * 1024 * 1024);
    expect(all.every(([a, b]) => b > a && (b - a) * 64 * 1024 <= 8 * 1024 * 1024)).toBe(true);
    expect(all.reduce((n, [a, b]) => n + b - a, 0)).toBe(1100);
  });

  it('an empty connection sends its head alone', () => {
    expect(sliceEnd([], 0)).toBe(0);
  });
});
