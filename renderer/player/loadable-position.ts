/**
 * Where to point the <video> for a seek so that hls.js fetches the footage of the frame
 * asked for, and in order. hls.js picks what to fetch by its own idea of where each
 * fragment lies (for footage the back buffer dropped, the playlist's estimate: frames off
 * the real spans the player maps) and takes a position near a fragment's end as the next
 * fragment's. Aimed at one of the last frames before a hole, it fetched the segment after
 * the hole first and the one holding the frame after that; appended out of order, the two
 * overlap by a few milliseconds at the hole, hls.js flushes the video after the first (a
 * Chromium workaround) and fetches it again, and the frame asked for was gone from the
 * buffer: a step back to it showed the frame before it. The seek tracker re-aims at the
 * exact frame once the footage is there, so the first aim only has to fetch the right
 * fragment.
 */

/** Where hls.js places a fragment on the media timeline (Fragment.start, Fragment.end). */
export interface HlsFragmentSpan {
  startSeconds: number;
  endSeconds: number;
}

/** hls.js's maxBufferHole (set in the player's config): a position this little before buffered footage counts as buffered. */
export const HLS_BUFFER_HOLE_SECONDS = 0.1;
/** hls.js's maxFragLookUpTolerance (set in the player's config): a position this close to a fragment's end fetches the next one. */
export const HLS_LOOKUP_TOLERANCE_SECONDS = 0.25;
/** How much farther to aim than those limits, so hls.js surely fetches what is aimed at. */
const LOAD_MARGIN_SECONDS = 0.05;

/** True when `seconds` of media time is in the element's buffered footage. */
export function isBuffered(buffered: TimeRanges, seconds: number): boolean {
  for (let index = 0; index < buffered.length; index++) {
    if (buffered.start(index) <= seconds && seconds < buffered.end(index)) return true;
  }
  return false;
}

/**
 * The element position for a seek to `targetSeconds`, whose frame is in the fragment
 * hls.js places at `hlsSpan`: the target itself when buffered; a little before buffered
 * footage that starts just after it (hls.js would take the target as buffered and never
 * fetch its frames); inside `hlsSpan`, short of the lookup tolerance, when the target is
 * near the end of that span (hls.js would fetch the next fragment first).
 */
export function loadableSeconds(buffered: TimeRanges, targetSeconds: number, hlsSpan?: HlsFragmentSpan): number {
  if (isBuffered(buffered, targetSeconds)) return targetSeconds;
  for (let index = 0; index < buffered.length; index++) {
    const startSeconds = buffered.start(index);
    if (startSeconds > targetSeconds && startSeconds - targetSeconds <= HLS_BUFFER_HOLE_SECONDS)
      return Math.max(0, startSeconds - HLS_BUFFER_HOLE_SECONDS - LOAD_MARGIN_SECONDS);
  }
  if (hlsSpan !== undefined && targetSeconds >= hlsSpan.endSeconds - HLS_LOOKUP_TOLERANCE_SECONDS)
    return Math.max(hlsSpan.startSeconds, hlsSpan.endSeconds - HLS_LOOKUP_TOLERANCE_SECONDS - LOAD_MARGIN_SECONDS);
  return targetSeconds;
}
