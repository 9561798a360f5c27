/**
 * The ffmpeg inputs and filter-graph fragments that edge encodes, transitions and full
 * cuts share: reading contiguous segments through the concat: protocol, trimming each
 * input to its stretch, and cross-fading two inputs into one.
 */
import { firstFrameFrom, frameOffsetUs, frameShowingAt } from '../frame-times';
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
 * A stretch cut on frame starts, from its segments' own timestamps: it begins with the
 * frame on screen at its start and ends before the first frame starting at or after its
 * end. The bounds are source PTS (90 kHz ticks) for an input read with -copyts; null
 * where the stretch starts or ends with a segment (nothing to trim there). startUs and
 * endUs are the instants of those frame starts.
 */
export interface FrameCut {
  startUs: number;
  endUs: number;
  startPts: number | null;
  endPts: number | null;
}

/** The frame cut of a stretch, or null when a segment it cuts into was not probed for frames. */
export function frameCut(input: PlanInput, stretch: Stretch): FrameCut | null {
  const first = stretch.segments[0]!;
  const last = stretch.segments[stretch.segments.length - 1]!;
  const cut: FrameCut = { startUs: stretch.startUs, endUs: stretch.endUs, startPts: null, endPts: null };
  if (stretch.startUs > first.startUs) {
    const frames = input.framePts?.get(input.segmentPath(first));
    if (!frames || frames.length === 0) return null;
    const showing = frameShowingAt(first.startUs, frames, stretch.startUs);
    cut.startPts = frames[showing]!;
    cut.startUs = first.startUs + frameOffsetUs(frames, showing);
  }
  if (stretch.endUs < last.endUs) {
    const frames = input.framePts?.get(input.segmentPath(last));
    if (!frames || frames.length === 0) return null;
    const next = firstFrameFrom(last.startUs, frames, stretch.endUs);
    if (next < frames.length) {
      cut.endPts = frames[next]!;
      cut.endUs = last.startUs + frameOffsetUs(frames, next);
    }
  }
  return cut;
}

/** Frame cuts of every stretch of one ffmpeg run, or null if any lacks frame timestamps (the run then trims by seconds). */
export function frameCuts(input: PlanInput, stretches: Stretch[]): FrameCut[] | null {
  const cuts = stretches.map((stretch) => frameCut(input, stretch));
  return cuts.every((cut) => cut !== null) ? (cuts as FrameCut[]) : null;
}

/** ffmpeg options of a run whose trims are frame cuts: filters then see the source PTS. */
export function frameCutArgs(cuts: FrameCut[] | null): string[] {
  return cuts ? ['-copyts'] : [];
}

/** The stretch's length as cut: on frame starts when cut, else as asked. */
export function cutUs(stretch: Stretch, cut: FrameCut | null): number {
  return cut ? cut.endUs - cut.startUs : stretch.endUs - stretch.startUs;
}

/**
 * Trims input `index` to its stretch in the filter graph, into [v<label>] and [a<label>]
 * starting at 0. Input -ss is not used: ffmpeg seeks MPEG-TS to a packet, not a keyframe,
 * and drops the video up to the next keyframe; trim decodes from the segment's start.
 * With a frame cut (input read with -copyts) video is trimmed on exact source PTS and
 * audio at the same instants; without one, by seconds from the input's start, which
 * ffmpeg takes from its earliest stream (often audio, some ms before the first picture).
 */
export function trimFilters(
  index: number,
  stretch: Stretch,
  label: string,
  hasAudio: boolean,
  cut: FrameCut | null = null,
  sourceTime = false,
  audioLeadTicks = 0,
): string[] {
  if (cut) return frameTrimFilters(index, cut, label, hasAudio, sourceTime, audioLeadTicks);
  const bounds = `start=${formatSecondsExact(stretch.startUs - stretch.segments[0]!.startUs)}:duration=${formatSecondsExact(stretch.endUs - stretch.startUs)}`;
  const filters = [`[${index}:v]trim=${bounds},setpts=PTS-STARTPTS,settb=AVTB[v${label}]`];
  if (hasAudio) filters.push(`[${index}:a]atrim=${bounds},asetpts=PTS-STARTPTS[a${label}]`);
  return filters;
}

/**
 * With `sourceTime`, frames keep their source PTS (a smart cut's sound-copying edge: the
 * re-timer needs their distance to the copied sound). The audio is cut `audioLeadTicks` before the pictures: where the
 * recording's sound for those pictures lies (see recordedSoundLeadTicks).
 */
function frameTrimFilters(index: number, cut: FrameCut, label: string, hasAudio: boolean, sourceTime: boolean, audioLeadTicks: number): string[] {
  const rebase = sourceTime ? '' : 'setpts=PTS-STARTPTS,';
  const videoBounds = [cut.startPts === null ? '' : `start_pts=${cut.startPts}`, cut.endPts === null ? '' : `end_pts=${cut.endPts}`].filter(Boolean);
  const video = videoBounds.length > 0 ? `trim=${videoBounds.join(':')}` : 'null';
  const filters = [`[${index}:v]${video},${rebase}settb=AVTB[v${label}]`];
  if (!hasAudio) return filters;
  const audioBounds = [
    cut.startPts === null ? '' : `start=${ptsSeconds(cut.startPts - audioLeadTicks)}`,
    cut.endPts === null ? '' : `end=${ptsSeconds(cut.endPts - audioLeadTicks)}`,
  ].filter(Boolean);
  const audio = audioBounds.length > 0 ? `atrim=${audioBounds.join(':')}` : 'anull';
  filters.push(`[${index}:a]${audio}${sourceTime ? '' : ',asetpts=PTS-STARTPTS'}[a${label}]`);
  return filters;
}

/** A PTS as decimal seconds to the microsecond (how atrim takes it). */
function ptsSeconds(ptsTicks: number): string {
  return formatSecondsExact(Math.round((ptsTicks * 100) / 9));
}

export function hasAudio(input: PlanInput): boolean {
  return Boolean(input.source?.audio ?? true);
}

export function xfadeFilter(
  name: string,
  durationUs: number,
  offsetUs: number,
  video: [string, string, string],
  audio: [string, string, string] | null,
): string[] {
  const seconds = formatSecondsExact(durationUs);
  const filters = [`[${video[0]}][${video[1]}]xfade=transition=${name}:duration=${seconds}:offset=${formatSecondsExact(offsetUs)}[${video[2]}]`];
  if (audio) filters.push(`[${audio[0]}][${audio[1]}]acrossfade=duration=${seconds}[${audio[2]}]`);
  return filters;
}
