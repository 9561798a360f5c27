import { describe, expect, it } from 'vitest';
import { instantAfterFootage } from '../../renderer/player/footage-offset';
import { parseInstant, US_PER_SECOND } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';

const T0 = parseInstant('2026-11-14T03:00:00Z');
const S = US_PER_SECOND;
/**
 * Media times as an estimate would place them (a 2.004 s segment before, so 4 ms late),
 * instants as the archive names them: two 2 s segments, an 8 s hole, one more.
 */
const FRAGMENTS: readonly MappedFragment[] = [
  { mediaStartSeconds: 0.004, durationSeconds: 2, instantUs: T0 },
  { mediaStartSeconds: 2.004, durationSeconds: 2, instantUs: T0 + 2 * S },
  { mediaStartSeconds: 4.004, durationSeconds: 2, instantUs: T0 + 12 * S },
];

describe('a move by footage time', () => {
  it.each([
    ['within a segment', 500_000, S, T0 + 1_500_000],
    ['into the next segment, in instants (not the estimated media time)', 1_500_000, S, T0 + 2_500_000],
    ['onto the first frame after a segment end exactly', 1_000_000, S, T0 + 2 * S],
    ['across the hole, not counting it', 3_500_000, S, T0 + 12_500_000],
    ['onto the first frame after the hole exactly', 3_000_000, S, T0 + 12 * S],
    ['past the end: the end', 13 * S, 10 * S, T0 + 14 * S],
    ['back within a segment', 1_500_000, -S, T0 + 500_000],
    ['back across the hole, not counting it', 12_500_000, -S, T0 + 3_500_000],
    ['back past the start: the start', 12_500_000, -60 * S, T0],
    ['from inside the hole: from the footage after it', 7 * S, S, T0 + 13 * S],
  ])('%s', (_what, fromOffsetUs, offsetUs, expectedUs) => {
    expect(instantAfterFootage(FRAGMENTS, T0 + fromOffsetUs, offsetUs)).toBe(expectedUs);
  });

  it('has nowhere to go without a map', () => {
    expect(instantAfterFootage([], T0, S)).toBeUndefined();
  });
});
