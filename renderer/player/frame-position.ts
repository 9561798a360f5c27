/**
 * Frames against the time map: which instant the frame on screen shows, and where a frame
 * step goes. A frame's media time may sit a hair before its segment's mapped start (the
 * decoder's timestamps and hls.js's parsed starts are rounded differently), or in the
 * sliver of media time between one segment's last frame and the next segment's first
 * (audio and video do not end together at a hole). Neither has a frame of the segment
 * before, so both name the next segment's first frame, never the end of the one before.
 */
import type { MappedFragment } from '../../shared/timemap';
import { instantAtMedia } from '../../shared/timemap';

/**
 * How close to a boundary a frame's media time counts as on it, as a share of a frame:
 * well under half a frame, so a 60 fps last frame (measured frame 1/30 s until known)
 * still belongs to its own segment.
 */
const EDGE_SHARE = 0.25;

function endSeconds(fragment: MappedFragment): number {
  return fragment.mediaStartSeconds + fragment.durationSeconds;
}

/** Index of the segment a frame at `mediaSeconds` belongs to (0 before the first). */
export function fragmentIndexOfFrame(fragments: readonly MappedFragment[], mediaSeconds: number, frameSeconds: number): number {
  const edgeSeconds = frameSeconds * EDGE_SHARE;
  let index = 0;
  // Segments are few (an hour is 1800): a scan keeps this obviously right.
  for (let candidate = 1; candidate < fragments.length; candidate++) {
    if (fragments[candidate]!.mediaStartSeconds <= mediaSeconds + edgeSeconds) index = candidate;
    else break;
  }
  const fragment = fragments[index];
  const next = fragments[index + 1];
  // Past the last frame of its segment: only the next segment has a frame there.
  if (fragment !== undefined && next !== undefined && mediaSeconds >= endSeconds(fragment) - edgeSeconds) return index + 1;
  return index;
}

/** The wall-clock instant of the frame presented at `mediaSeconds`, or undefined without a map. */
export function frameInstantUs(fragments: readonly MappedFragment[], mediaSeconds: number, frameSeconds: number): number | undefined {
  if (fragments.length === 0) return undefined;
  const fragment = fragments[fragmentIndexOfFrame(fragments, mediaSeconds, frameSeconds)]!;
  const withinSeconds = Math.min(Math.max(mediaSeconds, fragment.mediaStartSeconds), endSeconds(fragment));
  // instantAtMedia on a one-segment map: the same 90 kHz rounding as everywhere else.
  return instantAtMedia([fragment], withinSeconds);
}

/**
 * The media time of the frame named at `mediaSeconds`: itself inside a segment, the next
 * segment's start in the sliver between two (where frameInstantUs names that frame).
 */
export function frameMediaSeconds(fragments: readonly MappedFragment[], mediaSeconds: number, frameSeconds: number): number {
  const fragment = fragments[fragmentIndexOfFrame(fragments, mediaSeconds, frameSeconds)];
  return fragment === undefined ? mediaSeconds : Math.min(Math.max(mediaSeconds, fragment.mediaStartSeconds), endSeconds(fragment));
}

/**
 * Where `frames` steps (negative: back) from the frame shown at `shownSeconds` go. Each
 * step crosses a segment boundary onto a real frame: forward onto the next segment's
 * first frame, back onto the previous segment's last, whatever media-time gap lies
 * between (seeking into such a gap shows the old frame again, so the step would not move).
 */
export function frameStepSeconds(fragments: readonly MappedFragment[], shownSeconds: number, frames: number, frameSeconds: number): number {
  let seconds = shownSeconds;
  const direction = Math.sign(frames);
  for (let step = 0; step < Math.abs(frames); step++) seconds = oneFrameFrom(fragments, seconds, direction, frameSeconds);
  return seconds;
}

function oneFrameFrom(fragments: readonly MappedFragment[], shownSeconds: number, direction: number, frameSeconds: number): number {
  const targetSeconds = shownSeconds + direction * frameSeconds;
  if (fragments.length === 0) return targetSeconds;
  const edgeSeconds = frameSeconds * EDGE_SHARE;
  const index = fragmentIndexOfFrame(fragments, shownSeconds, frameSeconds);
  const fragment = fragments[index]!;
  if (direction > 0) {
    const next = fragments[index + 1];
    if (next !== undefined && targetSeconds >= endSeconds(fragment) - edgeSeconds) return Math.max(targetSeconds, next.mediaStartSeconds);
    return targetSeconds;
  }
  const previous = fragments[index - 1];
  if (previous !== undefined && targetSeconds < fragment.mediaStartSeconds - edgeSeconds) return Math.min(targetSeconds, endSeconds(previous) - frameSeconds);
  return targetSeconds;
}
