/**
 * Where each range of an edit plays in its preview (and in its smart export): ranges
 * back to back from 0, a named transition making the next range start that much before
 * the previous one ends, as the edit's own numbers say (the preview playlist's entries
 * are exact to the frame; this is what the timeline draws before it is loaded). Pure.
 */
import type { Edit } from './edit';

/** One range of the edit on the edit's timeline. */
export interface PreviewSpan {
  rangeIndex: number;
  /** Where the range starts and ends in the edit (microseconds from the edit's start). */
  editStartUs: number;
  editEndUs: number;
  /** The range's own source instants. */
  sourceStartUs: number;
  sourceEndUs: number;
  /** Length of the named transition into this range (0 for a hard cut or the first range). */
  transitionInUs: number;
}

/** The ranges of `edit` on the edit's timeline, in play order. */
export function previewSpans(edit: Edit): PreviewSpan[] {
  const spans: PreviewSpan[] = [];
  let editUs = 0;
  for (const [rangeIndex, range] of edit.ranges.entries()) {
    const transition = rangeIndex > 0 ? edit.transitions[rangeIndex - 1] : undefined;
    const transitionInUs = transition?.kind === 'named' ? transition.durationUs : 0;
    const editStartUs = editUs - transitionInUs;
    const editEndUs = editStartUs + (range.endUs - range.startUs);
    spans.push({ rangeIndex, editStartUs, editEndUs, sourceStartUs: range.startUs, sourceEndUs: range.endUs, transitionInUs });
    editUs = editEndUs;
  }
  return spans;
}

/** Length of the edit: where its last range ends. */
export function previewDurationUs(spans: readonly PreviewSpan[]): number {
  return spans.length === 0 ? 0 : spans[spans.length - 1]!.editEndUs;
}
