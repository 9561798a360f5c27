/** The time map of a playlist level as hls.js knows it: where each dated segment sits on the media timeline. */
import type { LevelDetails } from 'hls.js';
import { parseInstant } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';

/**
 * The date-time tag names the segment's first frame. Once hls.js has parsed a segment,
 * its video's first timestamp says where that frame sits on the media timeline (audio
 * may start a little earlier or later); before that, the playlist's estimate stands.
 */
export function fragmentsOf(details: LevelDetails): MappedFragment[] {
  const fragments: MappedFragment[] = [];
  for (const fragment of details.fragments) {
    if (fragment.rawProgramDateTime === null) continue;
    const video = fragment.elementaryStreams.video;
    fragments.push({
      mediaStartSeconds: video ? video.startPTS : fragment.start,
      durationSeconds: video ? video.endPTS - video.startPTS : fragment.duration,
      instantUs: parseInstant(fragment.rawProgramDateTime),
    });
  }
  return fragments;
}
