import { describe, expect, it } from 'vitest';
import { frameInstantUs, frameStepSeconds } from '../../renderer/player/frame-position';
import { parseInstant, US_PER_SECOND } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';

const FRAME_SECONDS = 1 / 30;
const T0 = parseInstant('2026-11-14T23:20:08Z');
const at = (offsetSeconds: number) => T0 + Math.round(offsetSeconds * US_PER_SECOND);
/**
 * 23:20:08-10 footage, a 2 s hole, 23:20:12-14 footage. hls.js parsed the second segment's
 * video to start 5 ms after the first ends (its audio filled the media time between).
 */
const FRAGMENTS: readonly MappedFragment[] = [
  { mediaStartSeconds: 0, durationSeconds: 2, instantUs: at(0) },
  { mediaStartSeconds: 2.005, durationSeconds: 2, instantUs: at(4) },
];

describe('the instant of the frame on screen', () => {
  it.each([
    ['a frame inside a segment', 1.5, at(1.5)],
    ['the last frame before the hole', 2 - FRAME_SECONDS, at(2 - FRAME_SECONDS)],
    ['the first frame after the hole, exactly at its mapped start', 2.005, at(4)],
    ['the first frame after the hole, in the media time between the segments', 2.001, at(4)],
    ['the first frame after the hole, a hair before its mapped start', 2.004, at(4)],
    ['a frame before the map: its first instant', -0.01, at(0)],
  ])('%s', (_what, mediaSeconds, instantUs) => {
    expect(frameInstantUs(FRAGMENTS, mediaSeconds, FRAME_SECONDS)).toBe(instantUs);
  });

  it('is unknown without a map', () => {
    expect(frameInstantUs([], 1, FRAME_SECONDS)).toBeUndefined();
  });
});

describe('a frame step', () => {
  it.each([
    ['forward inside a segment', 1, 1, 1 + FRAME_SECONDS],
    ['forward from the last frame before the hole: the first frame after it', 2 - FRAME_SECONDS, 1, 2.005],
    ['back from the first frame after the hole: the last frame before it', 2.005, -1, 2 - FRAME_SECONDS],
    ['back inside a segment', 1, -1, 1 - FRAME_SECONDS],
    ['three forward across the hole', 2 - 2 * FRAME_SECONDS, 3, 2.005 + FRAME_SECONDS],
  ])('%s', (_what, shownSeconds, frames, targetSeconds) => {
    expect(frameStepSeconds(FRAGMENTS, shownSeconds, frames, FRAME_SECONDS)).toBeCloseTo(targetSeconds, 9);
  });

  it('forward across the hole names the instant after it', () => {
    const targetSeconds = frameStepSeconds(FRAGMENTS, 2 - FRAME_SECONDS, 1, FRAME_SECONDS);
    expect(frameInstantUs(FRAGMENTS, targetSeconds, FRAME_SECONDS)).toBe(at(4));
  });
});
