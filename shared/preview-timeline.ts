/**
 * Where each range of an edit plays in its preview (and in its smart export): ranges
 * back to back from 0, a named transition making the next range start that much before
 * the previous one ends, as the edit's own numbers say (the preview playlist's entries
 * are exact to the frame; this is what the timeline draws before it is loaded). Pure.
 */
import type { Edit, EditRange } from './edit';
import type { PreviewTimelineEntry } from './preview-playlist';

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

/** Source time a range's preview jumps over: footage the export skips (allow holes). */
export interface PreviewHole {
  rangeIndex: number;
  /** Where in the edit the footage jumps (the range's start or end for a hole at its edge). */
  editUs: number;
  skippedUs: number;
}

/**
 * A range of the edit with no footage at all under it (inside a hole): its preview
 * leaves it out, and the export refuses it until it is moved or removed.
 */
export interface PreviewEmptyRange {
  rangeIndex: number;
  /** Where it would play: where the range before it ends in the edit (0 for the first). */
  editUs: number;
}

/** The edit as its preview playlist plays it: every position is a time of the playlist. */
export interface PreviewLayout {
  spans: PreviewSpan[];
  holes: PreviewHole[];
  /** Ranges of the edit the playlist shows nothing of, in play order. */
  empty: PreviewEmptyRange[];
  /** The playlist's length (its EXTINF total): the edit's duration. */
  durationUs: number;
}

/**
 * Jumps shorter than this are the archive's names running a few ms off and encoders
 * snapping to frames (up to a frame), not footage skipped: three frames at 30 fps.
 */
export const HOLE_MIN_US = 100_000;

/** A stretch of the edit showing one range's source without a jump, from `instantUs`. */
interface ShownPiece {
  rangeIndex: number;
  editStartUs: number;
  editEndUs: number;
  instantUs: number;
  /** Length of the fade this piece comes in with (0 when it does not start in one). */
  fadeInUs: number;
}

/**
 * What each entry shows. Under a fade both ranges are on screen: the outgoing one until
 * the fade's end, the incoming one from its start (the entry's sources switch at the
 * midpoint, which is what the clock names).
 */
function shownPieces(entries: readonly PreviewTimelineEntry[]): ShownPiece[] {
  const pieces: ShownPiece[] = [];
  for (const entry of entries) {
    const fadeStartUs = entry.fade ? entry.editStartUs + entry.fade.offsetUs : undefined;
    const fadeEndUs = entry.fade && fadeStartUs !== undefined ? fadeStartUs + entry.fade.durationUs : undefined;
    for (const [index, source] of entry.sources.entries()) {
      let editStartUs = entry.editStartUs + source.offsetUs;
      let editEndUs = entry.editStartUs + (entry.sources[index + 1]?.offsetUs ?? entry.durationUs);
      let instantUs = source.instantUs;
      let fadeInUs = 0;
      const switches = entry.sources.length > 1 && fadeStartUs !== undefined && fadeEndUs !== undefined;
      if (switches && index === 0) editEndUs = Math.max(editEndUs, fadeEndUs);
      if (switches && index > 0 && editStartUs > fadeStartUs) {
        instantUs -= editStartUs - fadeStartUs;
        editStartUs = fadeStartUs;
        fadeInUs = fadeEndUs - fadeStartUs;
      }
      pieces.push({ rangeIndex: source.rangeIndex, editStartUs, editEndUs, instantUs, fadeInUs });
    }
  }
  return pieces;
}

/** The jumps in one range's pieces, and the footage missing before its first and after its last. */
function holesOf(rangeIndex: number, range: EditRange, pieces: readonly ShownPiece[]): PreviewHole[] {
  const holes: PreviewHole[] = [];
  const add = (editUs: number, skippedUs: number) => {
    if (skippedUs >= HOLE_MIN_US) holes.push({ rangeIndex, editUs, skippedUs });
  };
  const first = pieces[0]!;
  add(first.editStartUs, first.instantUs - range.startUs);
  for (let index = 1; index < pieces.length; index++) {
    const before = pieces[index - 1]!;
    const after = pieces[index]!;
    add(after.editStartUs, after.instantUs - (before.instantUs + (before.editEndUs - before.editStartUs)));
  }
  const last = pieces[pieces.length - 1]!;
  add(last.editEndUs, range.endUs - (last.instantUs + (last.editEndUs - last.editStartUs)));
  return holes;
}

/**
 * The ranges of `edit` where its preview playlist (`entries`, parsed from the playlist
 * made for this edit) plays them: with only their footage, holes the export skips left
 * out and marked, so a position on the timeline is a time of the playlist. Without
 * entries, the edit's own numbers (previewSpans).
 */
export function previewLayout(edit: Edit, entries: readonly PreviewTimelineEntry[]): PreviewLayout {
  if (entries.length === 0) {
    const spans = previewSpans(edit);
    return { spans, holes: [], empty: [], durationUs: previewDurationUs(spans) };
  }
  const byRange = new Map<number, ShownPiece[]>();
  for (const piece of shownPieces(entries)) {
    if (edit.ranges[piece.rangeIndex] === undefined) continue;
    const pieces = byRange.get(piece.rangeIndex) ?? [];
    pieces.push(piece);
    byRange.set(piece.rangeIndex, pieces);
  }
  const spans: PreviewSpan[] = [];
  const holes: PreviewHole[] = [];
  for (const [rangeIndex, pieces] of [...byRange.entries()].sort(([a], [b]) => a - b)) {
    const range = edit.ranges[rangeIndex]!;
    const first = pieces[0]!;
    spans.push({
      rangeIndex,
      editStartUs: first.editStartUs,
      editEndUs: pieces[pieces.length - 1]!.editEndUs,
      sourceStartUs: range.startUs,
      sourceEndUs: range.endUs,
      transitionInUs: first.fadeInUs,
    });
    holes.push(...holesOf(rangeIndex, range, pieces));
  }
  const last = entries[entries.length - 1]!;
  return { spans, holes, empty: emptyRanges(edit, spans), durationUs: last.editStartUs + last.durationUs };
}

/** The ranges of `edit` with no span, each placed where the last range shown before it ends. */
function emptyRanges(edit: Edit, spans: readonly PreviewSpan[]): PreviewEmptyRange[] {
  const empty: PreviewEmptyRange[] = [];
  let spanIndex = 0;
  let editUs = 0;
  for (const rangeIndex of edit.ranges.keys()) {
    const span = spans[spanIndex];
    if (span?.rangeIndex === rangeIndex) {
      editUs = span.editEndUs;
      spanIndex++;
    } else empty.push({ rangeIndex, editUs });
  }
  return empty;
}
