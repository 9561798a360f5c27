import { describe, expect, it } from 'vitest';
import { builtRows, rowTops, rowWindow, scrollToReveal } from '../../renderer/components/row-window';
import type { DocRange } from '../../renderer/edit/document';
import { LANE_EMPTY, LANE_OPEN, LANE_RANGE, LANE_SELECTED, rangeLane } from '../../renderer/timeline/range-lane';

describe('virtual list rows', () => {
  const even = (count: number) => rowTops(count, () => 100);

  it('builds the rows in view plus the overscan, clipped to the list', () => {
    expect(rowWindow(even(20_000), 0, 500, 3)).toEqual({ firstIndex: 0, lastIndex: 7 });
    expect(rowWindow(even(20_000), 1_000_050, 500, 3)).toEqual({ firstIndex: 9997, lastIndex: 10_008 });
    expect(rowWindow(even(20_000), 1_999_500, 500, 3)).toEqual({ firstIndex: 19_992, lastIndex: 19_999 });
    expect(rowWindow(even(2), 0, 500, 3)).toEqual({ firstIndex: 0, lastIndex: 1 });
    expect(rowWindow(even(0), 0, 500, 3)).toEqual({ firstIndex: 0, lastIndex: -1 });
  });

  it('lays out rows of their own heights (chat lines of one, two or five lines) and finds the ones in view', () => {
    const heights = [20, 36, 20, 84, 20, 20, 52, 20];
    const tops = rowTops(heights.length, (index) => heights[index]!);
    expect([...tops]).toEqual([0, 20, 56, 76, 160, 180, 200, 252, 272]);
    expect(rowWindow(tops, 60, 110, 0)).toEqual({ firstIndex: 2, lastIndex: 4 });
    expect(rowWindow(tops, 60, 100, 0)).toEqual({ firstIndex: 2, lastIndex: 3 });
    expect(rowWindow(tops, 60, 100, 1)).toEqual({ firstIndex: 1, lastIndex: 4 });
    expect(scrollToReveal(tops, 0, 100, 3)).toBe(60);
    expect(scrollToReveal(tops, 200, 100, 1)).toBe(20);
    expect(scrollToReveal(tops, 0, 100, 7)).toBe(172);
  });

  it('keeps a focused or selected row built wherever the list is scrolled, in list order', () => {
    expect(builtRows({ firstIndex: 10, lastIndex: 12 }, 100, [3, 11, undefined, 99, 3, 140])).toEqual([3, 10, 11, 12, 99]);
  });

  it('scrolls a row into view with the least movement, or not at all when it is in view', () => {
    expect(scrollToReveal(even(100), 1000, 500, 12)).toBe(1000);
    expect(scrollToReveal(even(100), 1000, 500, 5)).toBe(500);
    expect(scrollToReveal(even(100), 1000, 500, 20)).toBe(1600);
  });
});

describe('timeline ranges lane', () => {
  const view = { startUs: 0, endUs: 1000, widthPx: 10 };
  const range = (id: string, startUs: number, endUs: number | null): DocRange => ({ id, startUs, endUs, label: '' });

  it('gives each column the strongest state over it, marks both edges, and skips what is out of view', () => {
    const ranges = [range('a', 100, 500), range('b', 300, 700), range('c', 2000, 3000), range('open', 800, null)];
    const lane = rangeLane(ranges, view, 'b', 900, () => 5);
    expect([...lane.fill]).toEqual([
      LANE_EMPTY,
      LANE_RANGE,
      LANE_RANGE,
      LANE_SELECTED,
      LANE_SELECTED,
      LANE_SELECTED,
      LANE_SELECTED,
      LANE_EMPTY,
      LANE_OPEN,
      LANE_EMPTY,
    ]);
    expect([...lane.edges]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    // 10 px wide, the numbers of a and b would touch: only the first is printed.
    expect(lane.labels.map((label) => label.number)).toEqual([1]);
    expect(rangeLane(ranges, { ...view, widthPx: 100 }, 'b', 900, () => 5).labels).toEqual([
      { number: 1, leftPx: 14 },
      { number: 2, leftPx: 34 },
      { number: 4, leftPx: 84 },
    ]);
  });

  it('costs what the lane is wide, not what the edit holds: 20,000 ranges in 800 px measure at most a number per free column', () => {
    const ranges = Array.from({ length: 20_000 }, (_, index) => range(`r${index}`, index * 180, index * 180 + 90));
    let measured = 0;
    const lane = rangeLane(ranges, { startUs: 0, endUs: 3_600_000, widthPx: 800 }, 'r5', undefined, (text) => {
      measured += 1;
      return text.length * 6;
    });
    expect(measured).toBeLessThanOrEqual(800);
    expect(lane.labels.length).toBeGreaterThan(10);
    for (let index = 1; index < lane.labels.length; index++) expect(lane.labels[index]!.leftPx).toBeGreaterThan(lane.labels[index - 1]!.leftPx + 6);
    expect(lane.fill.length).toBe(800);
  });
});
