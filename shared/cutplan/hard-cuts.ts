/**
 * Where an export has hard cuts (ranges joined without a transition, or footage on both
 * sides of a skipped hole), and the short sound fade each gets when asked for: in a full
 * cut an afade in the filter graph, in stream plans (rough, smart) a list of the joins
 * whose few AAC frames the runner re-encodes (see shared/soundjoin/fade-join.ts). Two
 * pieces whose footage runs on (one range ending where the next starts) are no cut.
 */
import { FADE_US, REPLACED_FRAMES } from '../soundjoin/fade-join';
import { formatSecondsExact } from '../time';
import { isNamed, type Piece } from './pieces';
import type { PlanInput, StreamPart } from './types';

/** A join the sound fades at: the part that starts after it and its place in the output. */
export interface HardCut {
  partIndex: number;
  atUs: number;
  /**
   * Where that part's first sound frame comes from: its first segment, after the one
   * before it in the recording when known (PlanInput.precedingSegments). The frames before
   * it there let the fade decode it whole (see shared/soundjoin/splice.ts).
   */
  headSources: string[];
}

/** The joins a stream plan's runner fades, and the ffmpeg that re-encodes their frames. */
export interface SoundFade {
  ffmpegPath: string;
  cuts: HardCut[];
}

/**
 * Index (into the flat list of pieces) of every piece that starts after a hard cut. A
 * rough cut (`wholeSegments`) joins whole segments and ignores transitions: its pieces
 * run on when the next one's first segment starts where the last one's ended.
 */
export function hardCutPieces(input: PlanInput, flat: readonly Piece[], wholeSegments = false): number[] {
  const cuts: number[] = [];
  for (let index = 1; index < flat.length; index++) {
    const previous = flat[index - 1]!;
    const next = flat[index]!;
    if (wholeSegments) {
      if (previous.segments[previous.segments.length - 1]!.endUs !== next.segments[0]!.startUs) cuts.push(index);
      continue;
    }
    if (next.rangeIndex !== previous.rangeIndex && isNamed(input.edit.transitions[next.rangeIndex - 1]!)) continue;
    if (previous.endUs !== next.startUs) cuts.push(index);
  }
  return cuts;
}

/** The stream plan's fade: the parts starting each hard cut, placed on the output by the parts' lengths. */
export function streamSoundFade(input: PlanInput, parts: readonly StreamPart[], cutParts: readonly number[]): SoundFade | null {
  if (!input.audioFade || input.fadeUnavailable || cutParts.length === 0) return null;
  // A smart cut probed its source: without sound there is nothing to fade (a rough cut looks at run time).
  if (input.cutType !== 'rough' && !input.source?.audio) return null;
  const starts = cutStarts(parts, cutParts);
  const cuts = cutParts.map((partIndex, index): HardCut => {
    const first = parts[partIndex]?.paths[0];
    const before = first === undefined ? undefined : input.precedingSegments?.get(first);
    const preceding = before === undefined ? undefined : input.segmentPath(before);
    return { partIndex, atUs: starts[index]!, headSources: [preceding, first].filter((source) => source !== undefined) };
  });
  return { ffmpegPath: input.ffmpegPath, cuts };
}

/** Where the parts after hard cuts (`cutParts`, ascending) start in the output, by the parts' lengths. */
export function cutStarts(parts: readonly StreamPart[], cutParts: readonly number[]): number[] {
  const starts: number[] = [];
  let atUs = 0;
  let next = 0;
  for (const [index, part] of parts.entries()) {
    if (cutParts[next] === index) {
      starts.push(atUs);
      next++;
    }
    atUs += part.durationUs;
  }
  return starts;
}

/** The plan's sentence about its sound at hard cuts. */
export function fadeNote(input: PlanInput, cutsAtUs: readonly number[], wholeFrames: boolean): string[] {
  if (cutsAtUs.length === 0) return [];
  if (!input.audioFade && input.audioFade !== false) return [];
  const where = listTimes(cutsAtUs);
  if (input.audioFade === false) return [`Sound at the ${cutsAtUs.length} hard cut(s) (${where}) is joined as it is, without a fade.`];
  if (input.fadeUnavailable) return [`Sound at the ${cutsAtUs.length} hard cut(s) (${where}) is joined as it is, without a fade: ${input.fadeUnavailable}.`];
  const ms = FADE_US / 1000;
  const how = wholeFrames ? `only the ${REPLACED_FRAMES} AAC frames either side of each join are re-encoded` : 'as part of the full re-encode';
  return [`Sound fades out ${ms} ms before and back in ${ms} ms after each of the ${cutsAtUs.length} hard cut(s) (${where}), so joins do not click: ${how}.`];
}

function listTimes(timesUs: readonly number[]): string {
  const shown = timesUs.slice(0, 5).map((us) => `${formatSecondsExact(us)} s`);
  return timesUs.length > 5 ? `${shown.join(', ')} and ${timesUs.length - 5} more` : shown.join(', ');
}

/**
 * A full cut's fades: each piece's audio [a<i>in] gets an afade in at its start when a
 * hard cut comes before it and out at its end when one follows, as [a<i>fade]. Returns
 * the filters and the label each piece's audio then has.
 */
export function fullCutFades(input: PlanInput, pieceUs: readonly number[], cutPieces: readonly number[]): { filters: string[]; labels: string[] } {
  const labels = pieceUs.map((_, index) => `a${index}in`);
  if (!input.audioFade || cutPieces.length === 0) return { filters: [], labels };
  const cutsBefore = new Set(cutPieces);
  const fade = formatSecondsExact(FADE_US);
  const filters: string[] = [];
  pieceUs.forEach((durationUs, index) => {
    const steps = [
      cutsBefore.has(index) ? `afade=t=in:st=0:d=${fade}:curve=hsin` : null,
      cutsBefore.has(index + 1) ? `afade=t=out:st=${formatSecondsExact(Math.max(0, durationUs - FADE_US))}:d=${fade}:curve=hsin` : null,
    ].filter((step) => step !== null);
    if (steps.length === 0) return;
    filters.push(`[a${index}in]${steps.join(',')}[a${index}fade]`);
    labels[index] = `a${index}fade`;
  });
  return { filters, labels };
}
