import { describe, expect, it } from 'vitest';
import { MIN_SPAN_PX, spanBox } from '../../renderer/preview/span-box';

const S = 1_000_000;
const FRAME_US = 33_333;

describe('the preview bar boxes of ranges', () => {
  // A 10-minute edit on a 900 px bar: 1.5 px a second, a frame is 0.05 px.
  const totalUs = 600 * S;
  const barPx = 900;

  it('draws a range of long footage to scale', () => {
    expect(spanBox(60 * S, 120 * S, totalUs, barPx)).toEqual({ leftPx: 90, widthPx: 90, widened: false });
  });

  it('draws a range of two frames at the minimum width about its own middle', () => {
    const startUs = 300 * S;
    const box = spanBox(startUs, startUs + 2 * FRAME_US, totalUs, barPx);
    expect(box.widened).toBe(true);
    expect(box.widthPx).toBe(MIN_SPAN_PX);
    const middlePx = ((startUs + FRAME_US) * barPx) / totalUs;
    expect(box.leftPx + box.widthPx / 2).toBeCloseTo(middlePx, 6);
  });

  it('leaves the other ranges where they were when one between them is widened', () => {
    const spans: [number, number][] = [
      [0, 200 * S],
      [200 * S, 200 * S + FRAME_US],
      [200 * S + FRAME_US, 600 * S],
    ];
    const boxes = spans.map(([startUs, endUs]) => spanBox(startUs, endUs, totalUs, barPx));
    expect(boxes.map((box) => box.widened)).toEqual([false, true, false]);
    expect(boxes[0]).toEqual({ leftPx: 0, widthPx: 300, widened: false });
    expect(boxes[2]?.leftPx).toBeCloseTo(((200 * S + FRAME_US) * barPx) / totalUs, 6);
    expect(boxes[2]?.widthPx).toBeCloseTo(((400 * S - FRAME_US) * barPx) / totalUs, 6);
  });

  it('keeps a widened first or last range inside the bar', () => {
    expect(spanBox(0, FRAME_US, totalUs, barPx).leftPx).toBe(0);
    const last = spanBox(totalUs - FRAME_US, totalUs, totalUs, barPx);
    expect(last.leftPx + last.widthPx).toBe(barPx);
  });
});
