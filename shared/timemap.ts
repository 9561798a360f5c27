/**
 * Player time <-> wall-clock instant. The player's media timeline is continuous (holes
 * are squeezed out); the playlist's EXT-X-PROGRAM-DATE-TIME tags say which instant each
 * segment starts at. This map is built from those tags only, so it stays exact across
 * discontinuities, where the wall clock jumps but media time does not.
 */
import { US_PER_SECOND } from './time';

export interface MappedFragment {
  /** Where the segment starts on the player's media timeline. */
  mediaStartSeconds: number;
  durationSeconds: number;
  /** The segment's EXT-X-PROGRAM-DATE-TIME. */
  instantUs: number;
}

export interface MediaPosition {
  mediaSeconds: number;
  /** True when the instant fell in a hole and was moved to the next footage. */
  inHole: boolean;
}

function fragmentEndUs(fragment: MappedFragment): number {
  return fragment.instantUs + Math.round(fragment.durationSeconds * US_PER_SECOND);
}

/** Index of the last element whose key is <= value, or -1. Keys must be ascending. */
function lastAtOrBefore(fragments: readonly MappedFragment[], value: number, key: (f: MappedFragment) => number): number {
  let low = 0;
  let high = fragments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (key(fragments[middle]!) <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** MPEG-TS timestamps count a 90 kHz clock; media times are those ticks as float seconds. */
const TICKS_PER_SECOND = 90_000;

/**
 * Float seconds to microseconds through the 90 kHz grid, so floating-point noise in a
 * player's media time (16.7365000001) never shows as a stray microsecond.
 */
function offsetUsOf(offsetSeconds: number): number {
  return Math.round((Math.round(offsetSeconds * TICKS_PER_SECOND) * US_PER_SECOND) / TICKS_PER_SECOND);
}

/** The instant shown at a media time, or undefined when nothing is mapped. */
export function instantAtMedia(fragments: readonly MappedFragment[], mediaSeconds: number): number | undefined {
  if (fragments.length === 0) return undefined;
  const index = Math.max(
    0,
    lastAtOrBefore(fragments, mediaSeconds, (f) => f.mediaStartSeconds),
  );
  const fragment = fragments[index]!;
  const offsetSeconds = Math.min(Math.max(mediaSeconds - fragment.mediaStartSeconds, 0), fragment.durationSeconds);
  return fragment.instantUs + offsetUsOf(offsetSeconds);
}

/**
 * The media time that shows an instant. An instant in a hole maps to the start of the
 * footage after it; before the first segment to its start; after the last to its end.
 */
export function mediaAtInstant(fragments: readonly MappedFragment[], instantUs: number): MediaPosition | undefined {
  if (fragments.length === 0) return undefined;
  const index = lastAtOrBefore(fragments, instantUs, (f) => f.instantUs);
  if (index < 0) return { mediaSeconds: fragments[0]!.mediaStartSeconds, inHole: true };
  const fragment = fragments[index]!;
  if (instantUs < fragmentEndUs(fragment)) {
    return { mediaSeconds: fragment.mediaStartSeconds + (instantUs - fragment.instantUs) / US_PER_SECOND, inHole: false };
  }
  const next = fragments[index + 1];
  if (next === undefined) return { mediaSeconds: fragment.mediaStartSeconds + fragment.durationSeconds, inHole: true };
  return { mediaSeconds: next.mediaStartSeconds, inHole: true };
}

/** Wall-clock spans with footage: adjacent segments (within `toleranceUs`) are merged. */
export function coveredSpans(fragments: readonly MappedFragment[], toleranceUs = 10_000): { startUs: number; endUs: number }[] {
  const spans: { startUs: number; endUs: number }[] = [];
  for (const fragment of fragments) {
    const last = spans[spans.length - 1];
    const endUs = fragmentEndUs(fragment);
    if (last !== undefined && fragment.instantUs - last.endUs <= toleranceUs) last.endUs = Math.max(last.endUs, endUs);
    else spans.push({ startUs: fragment.instantUs, endUs });
  }
  return spans;
}
