/**
 * Properties of the selector on random archives: whatever the recorders left behind,
 * a selection joins only segments that really join, and marks every other place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOLERANCE_US, bestPerStart, selectRange } from '../../shared/select';
import { US_PER_HOUR, formatHour } from '../../shared/time';
import { ARCHIVE_START_US, archiveArb, rangeArb, sizesOf, toSegments } from './random-archive';

describe('selection properties on random archives', () => {
  it('joins only segments that touch, marks every hole, and covers start unless a hole leads', () => {
    fc.assert(
      fc.property(archiveArb, rangeArb, (raw, [startOffsetMs, lengthMs]) => {
        const segments = toSegments(raw);
        const best = bestPerStart(segments, sizesOf(segments));
        const startUs = ARCHIVE_START_US + startOffsetMs * 1000;
        const endUs = startUs + lengthMs * 1000;
        const selection = selectRange(best, startUs, endUs);

        expect(selection.length).toBeGreaterThan(0);
        for (let i = 1; i < selection.length; i++) {
          const previous = selection[i - 1];
          const current = selection[i];
          if (previous && current) {
            const gapUs = current.startUs - previous.endUs;
            expect(Math.abs(gapUs)).toBeLessThanOrEqual(TOLERANCE_US);
            expect(previous.type).toBe('full');
          }
          expect(previous === null && current === null).toBe(false);
        }
        const first = selection[0];
        if (first) expect(first.startUs <= startUs && startUs < first.endUs).toBe(true);
        const last = selection.at(-1);
        if (last) expect(last.type === 'full' && last.endUs >= endUs).toBe(true);
        for (const segment of selection) if (segment) expect(segment.type).not.toBe('temp');
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answer whether hours are walked separately or all at once', () => {
    fc.assert(
      fc.property(archiveArb, rangeArb, (raw, [startOffsetMs, lengthMs]) => {
        const segments = toSegments(raw);
        const sizes = sizesOf(segments);
        const startUs = ARCHIVE_START_US + startOffsetMs * 1000;
        const endUs = startUs + lengthMs * 1000;
        const hourByHour = [-1, 0, 1, 2, 3].flatMap((index) =>
          bestPerStart(
            segments.filter((segment) => segment.hour === formatHour(ARCHIVE_START_US + index * US_PER_HOUR)),
            sizes,
          ),
        );
        expect(selectRange(hourByHour, startUs, endUs)).toEqual(selectRange(bestPerStart(segments, sizes), startUs, endUs));
      }),
      { numRuns: 200 },
    );
  });
});
