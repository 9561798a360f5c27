/**
 * Open GOPs (x264 open_gop, many hardware encoders): a segment starts with a keyframe
 * that is not an IDR, and the pictures after it in decode order but shown before it
 * (its leading pictures) refer to the segment before. Decoded alone they are lost, and
 * a re-encoded edge before them leaves them nothing to refer to. So around a copied run
 * of such footage a smart cut's edges decode across the join:
 * - an edge before the run also encodes the run's leading pictures, ending at its
 *   keyframe (the re-timer drops the copied ones, see shared/retime);
 * - an edge after the run decodes the run's last segment first (its lead-in), so its own
 *   leading pictures decode;
 * - a range (or the run after a hole) starting at or inside a segment's leading pictures
 *   re-encodes that segment as an edge decoded after the segment before it in the
 *   recording (PlanInput.precedingSegments): copied, they were dropped (see shared/retime),
 *   and decoded alone they cannot be. Without that segment they are lost, as in a rough cut.
 */
import { frameOffsetUs } from '../frame-times';
import type { SegmentInfo } from '../segment';
import type { PlanInput, StreamPart } from './types';

/** How many pictures of a probed segment are shown before its keyframe (0: closed GOP, or not probed). */
export function leadingPictures(input: PlanInput, segment: SegmentInfo): number {
  const segmentPath = input.segmentPath(segment);
  const frames = input.framePts?.get(segmentPath);
  const keyframePts = input.keyframePts?.get(segmentPath);
  if (!frames || keyframePts === undefined) return 0;
  const index = frames.indexOf(keyframePts);
  return Math.max(index, 0);
}

/** The instant a segment's keyframe is shown, when it has leading pictures; else null. */
export function keyframeInstantUs(input: PlanInput, segment: SegmentInfo): number | null {
  const leading = leadingPictures(input, segment);
  if (leading === 0) return null;
  return segment.startUs + frameOffsetUs(input.framePts!.get(input.segmentPath(segment))!, leading);
}

/**
 * The segment to decode before `segment` when a cut keeps pictures of it from `startUs`
 * on: the one before it in the recording, when `startUs` lies before its keyframe (at or
 * inside its leading pictures) and that segment is known; else undefined.
 */
export function leadInBefore(input: PlanInput, segment: SegmentInfo, startUs: number): SegmentInfo | undefined {
  const keyUs = keyframeInstantUs(input, segment);
  if (keyUs === null || startUs >= keyUs) return undefined;
  return input.precedingSegments?.get(input.segmentPath(segment));
}

/**
 * The lead-in of a stretch starting at `startUs` in `segments[index]` of a run: the
 * segment before it in the run (or, for the run's first, in the recording) when
 * `startUs` lies at or inside its leading pictures; else undefined.
 */
export function leadInAt(input: PlanInput, segments: readonly SegmentInfo[], index: number, startUs: number): SegmentInfo | undefined {
  if (index === 0) return leadInBefore(input, segments[0]!, startUs);
  const keyUs = keyframeInstantUs(input, segments[index]!);
  return keyUs !== null && startUs < keyUs ? segments[index - 1] : undefined;
}

/** Whether the probed segment at `segmentPath` shows pictures before its keyframe (false when not probed). */
function startsOpenGop(input: PlanInput, segmentPath: string): boolean {
  const frames = input.framePts?.get(segmentPath);
  const keyframePts = input.keyframePts?.get(segmentPath);
  return frames !== undefined && keyframePts !== undefined && keyframePts > frames[0]!;
}

/**
 * The plan's warning where a re-encoded part runs into copied open-GOP footage: the copy
 * starts at a keyframe that is not an IDR, whose picture numbering does not follow the
 * edge's, and ffmpeg's decoder (others too) may drop a few pictures there, for some edge
 * lengths. A full cut has no such join, so the user is told which to pick when exactness matters.
 */
export function openGopJoinNotes(input: PlanInput, parts: readonly StreamPart[]): string[] {
  let joins = 0;
  for (const [index, part] of parts.entries()) {
    if (part.kind === 'copy' && parts[index - 1]?.kind === 'encode' && startsOpenGop(input, part.paths[0]!)) joins++;
  }
  if (joins === 0) return [];
  return [
    `This footage has open GOPs (its keyframes are not IDRs): at ${joins} join(s) where a re-encoded edge meets copied footage, a decoder may drop a few pictures. Choose a full cut for frame-exact output.`,
  ];
}
