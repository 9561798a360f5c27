/** The time map of a playlist level as hls.js knows it: where each dated segment sits on the media timeline. */
import type { LevelDetails } from 'hls.js';
import { parseInstant } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';
import { segmentFileName } from './damaged-fragment';
import type { FrameSpan } from './fmp4-frames';

/** The fragments of a level that the time map holds: dated ones, except those playback found unreadable. */
function mappedFragments(details: LevelDetails, unreadable: ReadonlySet<string>): LevelDetails['fragments'] {
  return details.fragments.filter(
    (fragment) => fragment.rawProgramDateTime !== null && !(unreadable.size > 0 && unreadable.has(segmentFileName(fragment.url))),
  );
}

/**
 * The date-time tag names the segment's first frame. Once hls.js has parsed a segment,
 * its video's first timestamp says where that frame sits on the media timeline (audio
 * may start a little earlier or later); before that, the playlist's estimate stands.
 * Where the appended frames were read (`frameSpans`, by segment number), they win: on
 * B-frame footage hls.js's start can be frames before the segment's second picture.
 * Segments whose files are in `unreadable` (hls.js could not play them) are left out,
 * so the map has a hole there, as it has where the archive leaves a damaged one out.
 */
export function fragmentsOf(
  details: LevelDetails,
  frameSpans: ReadonlyMap<number, FrameSpan> = new Map(),
  unreadable: ReadonlySet<string> = new Set(),
): MappedFragment[] {
  const fragments: MappedFragment[] = [];
  for (const fragment of mappedFragments(details, unreadable)) {
    const video = fragment.elementaryStreams.video;
    const span = frameSpans.get(fragment.sn);
    fragments.push({
      mediaStartSeconds: span?.mediaStartSeconds ?? (video ? video.startPTS : fragment.start),
      durationSeconds: span?.durationSeconds ?? (video ? video.endPTS - video.startPTS : fragment.duration),
      instantUs: parseInstant(fragment.rawProgramDateTime!),
    });
  }
  return fragments;
}

/** The segment number of each entry fragmentsOf(details, ..., unreadable) returns, in the same order. */
export function mappedSegmentNumbers(details: LevelDetails, unreadable: ReadonlySet<string> = new Set()): number[] {
  return mappedFragments(details, unreadable).map((fragment) => fragment.sn as number);
}
