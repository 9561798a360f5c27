/** Where the player points the <video> so that hls.js fetches the footage of the frame a seek asks for. */
import { describe, expect, it } from 'vitest';
import { HLS_LOOKUP_TOLERANCE_SECONDS, isBuffered, loadableSeconds } from '../../renderer/player/loadable-position';

/** TimeRanges over [start, end) pairs, as the element reports them. */
function ranges(...spans: [number, number][]): TimeRanges {
  return { length: spans.length, start: (index: number) => spans[index]![0], end: (index: number) => spans[index]![1] };
}

/** The segment before the 2 s hole of the demo's B-frame quality, where hls.js placed it after the back buffer dropped it. */
const beforeHole = { startSeconds: 20.0333, endSeconds: 22.0333 };

describe('loadableSeconds', () => {
  it('aims at a buffered target itself', () => {
    expect(loadableSeconds(ranges([20.0867, 26.1173]), 22.0538, beforeHole)).toBe(22.0538);
  });

  it('aims a little before buffered footage that starts just after the target, so hls.js fetches the target', () => {
    expect(loadableSeconds(ranges([22.084, 26.03]), 22.0538, beforeHole)).toBeCloseTo(22.084 - 0.15, 6);
  });

  it("aims inside the target fragment's span when the target is near its end, so hls.js fetches that fragment before the next", () => {
    // The last frame before the hole, at 22.0538 by its own timestamps: hls.js took 22.0538 for the next fragment's.
    const aimed = loadableSeconds(ranges([58.1, 70.1]), 22.0538, beforeHole);
    expect(aimed).toBeCloseTo(beforeHole.endSeconds - HLS_LOOKUP_TOLERANCE_SECONDS - 0.05, 6);
    expect(aimed).toBeGreaterThanOrEqual(beforeHole.startSeconds);
    // A fragment shorter than the tolerance: its start.
    expect(loadableSeconds(ranges(), 10.2, { startSeconds: 10.0667, endSeconds: 10.3 })).toBe(10.0667);
  });

  it('aims at an unbuffered target away from its span’s end, or without a span, itself', () => {
    expect(loadableSeconds(ranges(), 21.0, beforeHole)).toBe(21.0);
    expect(loadableSeconds(ranges(), 22.0538)).toBe(22.0538);
  });
});

describe('isBuffered', () => {
  it('takes ranges as [start, end)', () => {
    expect([isBuffered(ranges([1, 2]), 1), isBuffered(ranges([1, 2]), 2), isBuffered(ranges([1, 2], [3, 4]), 3.5), isBuffered(ranges(), 0)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
