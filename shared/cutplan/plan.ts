/**
 * The entry point of cut planning: checks the edit, the format and the segment paths,
 * turns the ranges into pieces and hands them to the stream or command planner of the
 * cut type.
 */
import { archivePlan, fullPlan } from './command-plan';
import { isNamed, rangePieces, type Piece } from './pieces';
import { fastParts, roughParts, streamPlan } from './stream-plan';
import { PlanError, plannedCutType, type CutPlan, type CutType, type OutputFormat, type PlanInput } from './types';

/** Plans an export of a validated edit. Throws HoleError, NoFootageError or PlanError before any work starts. */
export function planCut(input: PlanInput): CutPlan {
  return runSteps(planCutSteps(input));
}

/** Runs steps to their end with no pause: the plan of a caller that does not mind blocking. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * planCut as steps: it pauses (yields nothing) after each range's share of the work, so a
 * shell with an event loop can resume it over several turns: planning 12,000 ranges in one
 * go held the export server's loop for about 400 ms. Pure: the caller decides when to go on.
 */
export function* planCutSteps(asked: PlanInput): Generator<void, CutPlan, void> {
  const input: PlanInput = { ...asked, cutType: plannedCutType(asked.cutType) };
  checkFormat(input.cutType, input.format);
  const pieces: Piece[][] = [];
  for (const [rangeIndex, selection] of input.selections.entries()) {
    pieces.push(rangePieces(input, selection, rangeIndex));
    yield;
  }
  for (const rangePieces of pieces) {
    for (const piece of rangePieces) {
      for (const segment of piece.segments) checkPath(input.segmentPath(segment));
    }
    yield;
  }
  // Indices of the parts that start after a hard cut (the sound fades there), filled by the part planners.
  const cutParts: number[] = [];
  switch (input.cutType) {
    case 'rough':
      return yield* streamPlan(
        input,
        pieces,
        yield* roughParts(input, pieces, cutParts),
        // Whole segments of several recordings each keep their own timestamps: re-timed, they run from 0 with no step.
        true,
        input.edit.transitions.some(isNamed) ? ['Rough cuts ignore transitions: ranges are joined with hard cuts.'] : [],
        cutParts,
      );
    case 'fast':
    case 'smart':
      return yield* streamPlan(input, pieces, yield* fastParts(input, pieces, cutParts), true, uncountedSoundNotes(input), cutParts);
    case 'full':
      return fullPlan(input, pieces);
    case 'archive':
      return archivePlan(input, pieces);
  }
}

/** ffprobe codec names of the sound whose frames the re-timer counts (shared/retime/sound-frames.ts). */
const COUNTED_SOUND = new Set(['aac', 'mp1', 'mp2', 'mp3', 'ac3', 'eac3']);

/** What a smart cut says of sound whose frames the re-timer cannot count at its joins (AAC in LATM, Opus...). */
function uncountedSoundNotes(input: PlanInput): string[] {
  const codec = input.source?.audio;
  if (codec === undefined || COUNTED_SOUND.has(codec)) return [];
  return [
    `The sound is ${codec}, whose frames the re-timer cannot count: at each join its sound is left where the pictures put it, so it may overlap or miss the previous part's by a few ms.`,
  ];
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
