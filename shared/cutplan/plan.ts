/**
 * The entry point of cut planning: checks the edit, the format and the segment paths,
 * turns the ranges into pieces and hands them to the stream or command planner of the
 * cut type.
 */
import { archivePlan, fullPlan } from './command-plan';
import { isNamed, rangePieces } from './pieces';
import { fastParts, roughParts, streamPlan } from './stream-plan';
import { PlanError, type CutPlan, type CutType, type OutputFormat, type PlanInput } from './types';

/** Plans an export of a validated edit. Throws HoleError, NoFootageError or PlanError before any work starts. */
export function planCut(input: PlanInput): CutPlan {
  checkFormat(input.cutType, input.format);
  const pieces = input.selections.map((selection, rangeIndex) => rangePieces(input, selection, rangeIndex));
  for (const piece of pieces.flat()) {
    for (const segment of piece.segments) checkPath(input.segmentPath(segment));
  }
  switch (input.cutType) {
    case 'rough':
      return streamPlan(input, pieces, roughParts(input, pieces), false, input.edit.transitions.some(isNamed) ? ['Rough cuts ignore transitions: ranges are joined with hard cuts.'] : []);
    case 'fast':
    case 'smart':
      return streamPlan(input, pieces, fastParts(input, pieces), input.cutType === 'smart', []);
    case 'full':
      return fullPlan(input, pieces);
    case 'archive':
      return archivePlan(input, pieces);
  }
}

function checkFormat(cutType: CutType, format: OutputFormat): void {
  if (cutType === 'archive' && format !== 'mkv') {
    throw new PlanError('format', `Archive cuts are written as MKV files only (asked for ${format}); use --format mkv`);
  }
  if (cutType !== 'full' && format === 'webm') {
    throw new PlanError('format', `WebM needs VP9/Opus, so only a full cut can make it (asked for a ${cutType} cut); use --type full`);
  }
}

/** Segment paths go into ffmpeg's concat: protocol, where `|` separates files. */
function checkPath(filePath: string): void {
  if (filePath.includes('|')) throw new PlanError('path', `Cannot cut from ${filePath}: its path contains "|"; rename the folder`);
}
