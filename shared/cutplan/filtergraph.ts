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
  /**
   * A segment decoded before the stretch and trimmed away: the one before it in an open
   * GOP, whose pictures the stretch's first (leading) pictures refer to (see open-gop.ts).
   */
  leadIn?: SegmentInfo;
}

/** The segments an ffmpeg input of the stretch reads: its lead-in first. */
export function inputSegments(stretch: Stretch): SegmentInfo[] {
  return stretch.leadIn ? [stretch.leadIn, ...stretch.segments] : stretch.segments;
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
  /**
   * Where the stretch's pictures start and end (source PTS; the end is one frame step past
   * the last) when it starts or ends with a probed segment, else null: its sound is cut
   * there too. A recording's sound can run some ms before its first picture (58 ms on the
   * demo's B-frame quality) or past its last one; left in, a full cut's audio outlasted its video.
   */
  picturesStartPts: number | null;
  picturesEndPts: number | null;
}

/** The frame cut of a stretch, or null when a segment it cuts into was not probed for frames. */
export function frameCut(input: PlanInput, stretch: Stretch): FrameCut | null {
  const first = stretch.segments[0]!;
  const last = stretch.segments[stretch.segments.length - 1]!;
  const cut: FrameCut = { startUs: stretch.startUs, endUs: stretch.endUs, startPts: null, endPts: null, picturesStartPts: null, picturesEndPts: null };
  const firstFrames = input.framePts?.get(input.segmentPath(first));
  const lastFrames = input.framePts?.get(input.segmentPath(last));
  if (stretch.startUs > first.startUs || stretch.leadIn) {
    if (!firstFrames || firstFrames.length === 0) return null;
    const showing = frameShowingAt(first.startUs, firstFrames, stretch.startUs);
    cut.startPts = firstFrames[showing]!;
    cut.startUs = first.startUs + frameOffsetUs(firstFrames, showing);
  }
  if (stretch.endUs < last.endUs) {
    if (!lastFrames || lastFrames.length === 0) return null;
    const next = firstFrameFrom(last.startUs, lastFrames, stretch.endUs);
    if (next < lastFrames.length) {
      cut.endPts = lastFrames[next]!;
      cut.endUs = last.startUs + frameOffsetUs(lastFrames, next);
    }
  }
  cut.picturesStartPts = cut.startPts ?? firstFrames?.[0] ?? null;
  cut.picturesEndPts = cut.endPts ?? (lastFrames && lastFrames.length > 0 ? picturesEnd(lastFrames) : null);
  return cut;
}

/** One frame step past a segment's last picture (its only one: 1/30 s). */
function picturesEnd(frames: readonly number[]): number {
  const last = frames[frames.length - 1]!;
  return last + (frames.length > 1 ? last - frames[frames.length - 2]! : 3_000);
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
  // From the input's start: its lead-in's, when it reads one.
  const inputStartUs = inputSegments(stretch)[0]!.startUs;
  const bounds = `start=${formatSecondsExact(stretch.startUs - inputStartUs)}:duration=${formatSecondsExact(stretch.endUs - stretch.startUs)}`;
  const filters = [`[${index}:v]trim=${bounds},setpts=PTS-STARTPTS,settb=AVTB[v${label}]`];
  if (hasAudio) filters.push(`[${index}:a]atrim=${bounds},asetpts=PTS-STARTPTS[a${label}]`);
  return filters;
}

/**
 * With `sourceTime`, frames keep their source PTS (a smart cut's sound-copying edge: the
 * re-timer needs their distance to the copied sound). The audio is cut `audioLeadTicks`
 * before the pictures: where the recording's sound for those pictures lies (see
 * recordedSoundLeadTicks). Rebased, it starts where the pictures do and lasts as long:
 * a segment's sound that stops before its last picture (the next segment carries the
 * rest) is padded with silence, so a full cut's audio ends with its video.
 */
function frameTrimFilters(index: number, cut: FrameCut, label: string, hasAudio: boolean, sourceTime: boolean, audioLeadTicks: number): string[] {
  const rebase = sourceTime ? '' : 'setpts=PTS-STARTPTS,';
  const videoBounds = [cut.startPts === null ? '' : `start_pts=${cut.startPts}`, cut.endPts === null ? '' : `end_pts=${cut.endPts}`].filter(Boolean);
  const video = videoBounds.length > 0 ? `trim=${videoBounds.join(':')}` : 'null';
  const filters = [`[${index}:v]${video},${rebase}settb=AVTB[v${label}]`];
  if (!hasAudio) return filters;
  const audioBounds = [
    cut.picturesStartPts === null ? '' : `start=${ptsSeconds(cut.picturesStartPts - audioLeadTicks)}`,
    cut.picturesEndPts === null ? '' : `end=${ptsSeconds(cut.picturesEndPts - audioLeadTicks)}`,
  ].filter(Boolean);
  const audio = audioBounds.length > 0 ? `atrim=${audioBounds.join(':')}` : 'anull';
  filters.push(`[${index}:a]${audio}${sourceTime ? '' : audioRebase(cut, audioLeadTicks)}[a${label}]`);
  return filters;
}

function audioRebase(cut: FrameCut, audioLeadTicks: number): string {
  if (cut.picturesStartPts === null) return ',asetpts=PTS-STARTPTS';
  const rebase = `,asetpts=PTS-${ptsSeconds(cut.picturesStartPts - audioLeadTicks)}/TB`;
  return cut.picturesEndPts === null ? rebase : `${rebase},apad=whole_dur=${ptsSeconds(cut.picturesEndPts - cut.picturesStartPts)}`;
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
