/**
 * Turning the edit's ranges into pieces: the contiguous runs of selected segments under
 * each range, split at holes, and the measures every plan takes of them (output length,
 * transition starts, size estimates, notes about skipped holes).
 */
import { describeRange, editDurationUs, type Edit, type Transition } from '../edit';
import { HoleError, holeSpans, type Selection } from '../select';
import type { SegmentInfo } from '../segment';
import { formatSecondsExact } from '../time';
import { NoFootageError, type CopyPart, type CutType, type PlanInput } from './types';

/** A contiguous run of segments inside one range, and the part of it the range uses. */
export interface Piece {
  rangeIndex: number;
  segments: SegmentInfo[];
  startUs: number;
  endUs: number;
}

export function isNamed(transition: Transition): transition is Extract<Transition, { kind: 'named' }> {
  return transition.kind === 'named';
}

/** Splits a range's selection at holes, refusing holes unless allowed and empty ranges always. */
export function rangePieces(input: PlanInput, selection: Selection, rangeIndex: number): Piece[] {
  const range = input.edit.ranges[rangeIndex]!;
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  if (segments.length === 0) throw new NoFootageError(rangeIndex, range);
  if (!input.allowHoles && segments.length !== selection.length) {
    const hole = holeSpans(selection, range.startUs, range.endUs)[0]!;
    const index = selection.indexOf(null);
    const before = selection[index - 1];
    throw new HoleError(
      hole.startUs,
      hole.endUs,
      before !== undefined && before !== null && before.type !== 'full',
      'Allow holes to skip the missing time, or move the range.',
    );
  }
  const pieces: Piece[] = [];
  let run: SegmentInfo[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const startUs = Math.max(range.startUs, run[0]!.startUs);
    const endUs = Math.min(range.endUs, run[run.length - 1]!.endUs);
    if (endUs > startUs) pieces.push({ rangeIndex, segments: run, startUs, endUs });
    run = [];
  };
  for (const segment of selection) {
    if (segment === null) flush();
    else run.push(segment);
  }
  flush();
  if (pieces.length === 0) throw new NoFootageError(rangeIndex, range);
  return pieces;
}

/** Segments appended to the output unchanged. */
export function copyPart(input: PlanInput, segments: SegmentInfo[]): CopyPart {
  return {
    kind: 'copy',
    paths: segments.map((segment) => input.segmentPath(segment)),
    bytes: segments.reduce((total, segment) => total + sizeOf(input, segment), 0),
    durationUs: segments.reduce((total, segment) => total + segment.durationUs, 0),
  };
}

export function sizeOf(input: PlanInput, segment: SegmentInfo): number {
  return input.sizes?.get(input.segmentPath(segment)) ?? 0;
}

/** Bytes of the part of a segment inside [startUs, endUs), assuming a constant bitrate. */
export function bytesWithin(input: PlanInput, segment: SegmentInfo, startUs: number, endUs: number): number {
  const usedUs = Math.max(0, Math.min(endUs, segment.endUs) - Math.max(startUs, segment.startUs));
  return segment.durationUs > 0 ? Math.round((sizeOf(input, segment) * usedUs) / segment.durationUs) : 0;
}

/** Output starts of the named transitions, measured from the start of the output. */
export function transitionStarts(edit: Edit, pieces: Piece[][]): number[] {
  const starts: number[] = [];
  let outputUs = 0;
  pieces.forEach((rangePieces, rangeIndex) => {
    if (rangeIndex > 0) {
      const transition = edit.transitions[rangeIndex - 1]!;
      if (isNamed(transition)) {
        outputUs -= transition.durationUs;
        starts.push(outputUs);
      }
    }
    for (const piece of rangePieces) outputUs += piece.endUs - piece.startUs;
  });
  return starts;
}

export function outputDurationUs(edit: Edit, pieces: Piece[][], cutType: CutType): number {
  if (cutType === 'rough' || cutType === 'archive') {
    return pieces.flat().reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + segment.durationUs, 0), 0);
  }
  const usedUs = pieces.flat().reduce((total, piece) => total + (piece.endUs - piece.startUs), 0);
  const rangesUs = edit.ranges.reduce((total, range) => total + (range.endUs - range.startUs), 0);
  return editDurationUs(edit) - (rangesUs - usedUs);
}

export function holeNotes(input: PlanInput, pieces: Piece[][]): string[] {
  return pieces.flatMap((rangePieces, rangeIndex) => {
    const range = input.edit.ranges[rangeIndex]!;
    const usedUs = rangePieces.reduce((total, piece) => total + (piece.endUs - piece.startUs), 0);
    const missingUs = range.endUs - range.startUs - usedUs;
    return missingUs > 0 ? [`${describeRange(rangeIndex, range)}: ${formatSecondsExact(missingUs)} s with no footage is skipped.`] : [];
  });
}
