import { describe, expect, it } from 'vitest';
import { displayOrder, firstFrameFrom, frameOffsetUs, frameShowingAt } from '../../shared/frame-times';

// 29.97 fps: 3003 ticks per frame, so frame starts fall between microseconds.
const NTSC = displayOrder([900_000, 909_009, 903_003, 906_006, 912_012]);
// 30 fps from PTS 1032000, decode order shuffled as B-frames arrive.
const THIRTY = displayOrder([1_032_000, 1_041_000, 1_035_000, 1_038_000]);
const START = 1_000_000_000;

describe('frame times', () => {
  it('sorts PTS into display order and times frames from the first one, to the nearest microsecond', () => {
    expect(NTSC).toEqual([900_000, 903_003, 906_006, 909_009, 912_012]);
    expect([0, 1, 2, 3, 4].map((index) => frameOffsetUs(NTSC, index))).toEqual([0, 33_367, 66_733, 100_100, 133_467]);
  });

  it('gives an instant exactly on a frame start to that frame, and one a microsecond before it to the frame before', () => {
    expect(frameShowingAt(START, THIRTY, START + 66_667)).toBe(2);
    expect(frameShowingAt(START, THIRTY, START + 66_666)).toBe(1);
    expect(frameShowingAt(START, THIRTY, START + 100_000)).toBe(3);
    expect(frameShowingAt(START, THIRTY, START + 99_999)).toBe(2);
    expect(frameShowingAt(START, NTSC, START + 33_367)).toBe(1);
    expect(frameShowingAt(START, NTSC, START + 33_366)).toBe(0);
  });

  it('shows the first frame before the segment starts and the last one after its last frame starts', () => {
    expect(frameShowingAt(START, THIRTY, START - 5)).toBe(0);
    expect(frameShowingAt(START, THIRTY, START + 10_000_000)).toBe(3);
  });

  it('finds the first frame starting at or after an instant, or none', () => {
    expect(firstFrameFrom(START, THIRTY, START + 100_000)).toBe(3);
    expect(firstFrameFrom(START, THIRTY, START + 100_001)).toBe(4);
    expect(firstFrameFrom(START, THIRTY, START + 66_666)).toBe(2);
    expect(firstFrameFrom(START, THIRTY, START)).toBe(0);
  });
});
