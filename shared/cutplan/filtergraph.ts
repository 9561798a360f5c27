/**
 * The ffmpeg inputs and filter-graph fragments that edge encodes, transitions and full
 * cuts share: reading contiguous segments through the concat: protocol, trimming each
 * input to its stretch, and cross-fading two inputs into one.
 */
import type { SegmentInfo } from '../segment';
import { formatSecondsExact } from '../time';
import type { PlanInput } from './types';

export function concatUrl(input: PlanInput, segments: SegmentInfo[]): string {
  return `concat:${segments.map((segment) => input.segmentPath(segment)).join('|')}`;
}

/** A stretch of contiguous segments that one ffmpeg input reads: [startUs, endUs). */
export interface Stretch {
  segments: SegmentInfo[];
  startUs: number;
  endUs: number;
}

/**
 * Trims input `index` to its stretch in the filter graph, into [v<label>] and [a<label>]
 * starting at 0. Input -ss is not used: ffmpeg seeks MPEG-TS to a packet, not a keyframe,
 * and drops the video up to the next keyframe; trim decodes from the segment's start.
 */
export function trimFilters(index: number, stretch: Stretch, label: string, hasAudio: boolean): string[] {
  const bounds = `start=${formatSecondsExact(stretch.startUs - stretch.segments[0]!.startUs)}:duration=${formatSecondsExact(stretch.endUs - stretch.startUs)}`;
  const filters = [`[${index}:v]trim=${bounds},setpts=PTS-STARTPTS,settb=AVTB[v${label}]`];
  if (hasAudio) filters.push(`[${index}:a]atrim=${bounds},asetpts=PTS-STARTPTS[a${label}]`);
  return filters;
}

export function hasAudio(input: PlanInput): boolean {
  return Boolean(input.source?.audio ?? true);
}

export function xfadeFilter(name: string, durationUs: number, offsetUs: number, video: [string, string, string], audio: [string, string, string] | null): string[] {
  const seconds = formatSecondsExact(durationUs);
  const filters = [`[${video[0]}][${video[1]}]xfade=transition=${name}:duration=${seconds}:offset=${formatSecondsExact(offsetUs)}[${video[2]}]`];
  if (audio) filters.push(`[${audio[0]}][${audio[1]}]acrossfade=duration=${seconds}[${audio[2]}]`);
  return filters;
}
