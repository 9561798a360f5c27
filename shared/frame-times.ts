/**
 * Which video frame is on screen at an instant, from a segment's own timestamps. A
 * segment's name gives the instant of its first frame in display order (its lowest PTS);
 * frame k starts (PTS_k - PTS_0) 90 kHz ticks later. Everything here is integer
 * arithmetic on ticks and microseconds, never float seconds: an instant exactly on a
 * frame's start belongs to that frame, and a microsecond before it to the frame before.
 * With B-frames, packets arrive in decode order; callers pass PTS values in any order
 * and get them back sorted (display order).
 */

/** PTS clock rate of MPEG-TS: ticks per second. */
export const PTS_TICKS_PER_SECOND = 90_000;

/** A segment's video frames as presentation timestamps in 90 kHz ticks, ascending. */
export type FramePts = readonly number[];

/** PTS values (decode order, as probed) in display order, duplicates dropped. */
export function displayOrder(ptsTicks: readonly number[]): FramePts {
  return [...new Set(ptsTicks)].sort((a, b) => a - b);
}

/**
 * Microseconds from the segment's first frame to frame `index`, rounded to the nearest
 * microsecond (ticks * 100 / 9 is never exactly half-way, so rounding is unambiguous).
 */
export function frameOffsetUs(frames: FramePts, index: number): number {
  return Math.round(((frames[index]! - frames[0]!) * 100) / 9);
}

/**
 * Index of the frame on screen at `instantUs` in a segment starting at `segmentStartUs`:
 * the last frame starting at or before it (the first frame for an instant before it).
 */
export function frameShowingAt(segmentStartUs: number, frames: FramePts, instantUs: number): number {
  const offsetUs = instantUs - segmentStartUs;
  let low = 0;
  let high = frames.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (frameOffsetUs(frames, middle) <= offsetUs) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Index of the first frame starting at or after `instantUs`, or frames.length when none does. */
export function firstFrameFrom(segmentStartUs: number, frames: FramePts, instantUs: number): number {
  const showing = frameShowingAt(segmentStartUs, frames, instantUs);
  return segmentStartUs + frameOffsetUs(frames, showing) >= instantUs ? showing : showing + 1;
}
