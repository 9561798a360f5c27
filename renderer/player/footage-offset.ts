/**
 * Moves by footage time in the archive's instants: from an instant, so many microseconds of
 * footage on (or back), holes skipped rather than counted. Instants, not media time: the
 * player's media time of footage not parsed yet is an estimate, a few milliseconds off
 * the frames, while the instants of the map are the archive's own.
 */
import type { MappedFragment } from '../../shared/timemap';
import { US_PER_SECOND } from '../../shared/time';

function endUsOf(fragment: MappedFragment): number {
  return fragment.instantUs + Math.round(fragment.durationSeconds * US_PER_SECOND);
}

/** Index of the segment holding `instantUs`, or of the first after it when it is in a hole (clamped to the map). */
function segmentIndexAt(fragments: readonly MappedFragment[], instantUs: number): number {
  const index = fragments.findIndex((fragment) => instantUs < endUsOf(fragment));
  return index < 0 ? fragments.length - 1 : index;
}

/**
 * The instant `offsetUs` of footage from `fromUs` (negative: back), within the map: a
 * move past either end stops there. An instant that lands exactly on a segment's end is
 * the next segment's first frame. Undefined without a map.
 */
export function instantAfterFootage(fragments: readonly MappedFragment[], fromUs: number, offsetUs: number): number | undefined {
  if (fragments.length === 0) return undefined;
  let index = segmentIndexAt(fragments, fromUs);
  let atUs = Math.min(Math.max(fromUs, fragments[index]!.instantUs), endUsOf(fragments[index]!));
  let remainingUs = Math.abs(offsetUs);
  if (offsetUs >= 0) {
    for (;;) {
      const fragment = fragments[index]!;
      if (atUs + remainingUs < endUsOf(fragment)) return atUs + remainingUs;
      const next = fragments[index + 1];
      if (next === undefined) return endUsOf(fragment);
      remainingUs -= endUsOf(fragment) - atUs;
      index++;
      atUs = next.instantUs;
    }
  }
  for (;;) {
    const fragment = fragments[index]!;
    if (atUs - remainingUs >= fragment.instantUs) return atUs - remainingUs;
    const previous = fragments[index - 1];
    if (previous === undefined) return fragment.instantUs;
    remainingUs -= atUs - fragment.instantUs;
    index--;
    atUs = endUsOf(previous);
  }
}
