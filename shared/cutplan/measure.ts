/**
 * How much footage an edit really holds, by names alone (no file is read): per range the
 * time its selected segments cover and the time with no footage, which an export with
 * holes allowed skips. The ranges panel and the export dialog show these instead of the
 * ranges' plain lengths, which count hole time the file will never contain.
 */
import type { Edit, EditRange } from '../edit';
import type { Selection } from '../select';

export interface RangeMeasure {
  contentUs: number;
  missingUs: number;
}

export interface EditMeasure {
  /** The exported length with holes skipped: content minus what transitions overlap. */
  durationUs: number;
  contentUs: number;
  missingUs: number;
  ranges: RangeMeasure[];
}

/**
 * Footage inside `range`: each run of segments between holes, from its first start to its
 * last end, clipped to the range (the same stretches the planner cuts; shared/cutplan/pieces.ts).
 */
export function rangeContentUs(selection: Selection, range: EditRange): number {
  let contentUs = 0;
  let runStartUs: number | null = null;
  let runEndUs = 0;
  const flush = () => {
    if (runStartUs !== null) contentUs += Math.max(0, Math.min(range.endUs, runEndUs) - Math.max(range.startUs, runStartUs));
    runStartUs = null;
  };
  for (const segment of selection) {
    if (segment === null) {
      flush();
      continue;
    }
    runStartUs ??= segment.startUs;
    runEndUs = segment.endUs;
  }
  flush();
  return contentUs;
}

/** `selections[i]` is the selection of `edit.ranges[i]` with holes allowed. */
export function measureEdit(edit: Edit, selections: readonly Selection[]): EditMeasure {
  const ranges = edit.ranges.map((range, index) => {
    const contentUs = rangeContentUs(selections[index] ?? [], range);
    return { contentUs, missingUs: range.endUs - range.startUs - contentUs };
  });
  const contentUs = ranges.reduce((total, range) => total + range.contentUs, 0);
  const missingUs = ranges.reduce((total, range) => total + range.missingUs, 0);
  const overlappedUs = edit.transitions.reduce((total, transition) => total + (transition.kind === 'named' ? transition.durationUs : 0), 0);
  return { durationUs: Math.max(0, contentUs - overlappedUs), contentUs, missingUs, ranges };
}
