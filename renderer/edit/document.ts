/**
 * The edit as the editor window holds it: shared/edit's ranges and transitions plus
 * what only the window needs (a stable id per range, a label, and a range whose end is
 * not marked yet), and the video details (title, tags, thumbnail...). Pure operations;
 * the edit store records each result for undo.
 */
import { HARD_CUT, editProblems, type Edit, type EditProblem, type Transition } from '../../shared/edit';
import { EMPTY_DETAILS, type VideoDetails } from '../../shared/video-details';

export interface DocRange {
  readonly id: string;
  readonly startUs: number;
  /** Null while the user has marked the start (I) but not yet the end (O). */
  readonly endUs: number | null;
  readonly label: string;
}

export interface EditDocument {
  readonly ranges: readonly DocRange[];
  /** transitions[i] joins ranges[i] and ranges[i + 1]. */
  readonly transitions: readonly Transition[];
  /** Kept with the edit so it is undone, autosaved and saved in project files alike. */
  readonly details: VideoDetails;
}

export const EMPTY_DOCUMENT: EditDocument = { ranges: [], transitions: [], details: EMPTY_DETAILS };

let nextId = 1;
export function newRangeId(): string {
  return `r${Date.now().toString(36)}${(nextId++).toString(36)}`;
}

function withRanges(doc: EditDocument, ranges: readonly DocRange[], transitions = doc.transitions): EditDocument {
  const needed = Math.max(0, ranges.length - 1);
  const fitted = transitions.slice(0, needed);
  while (fitted.length < needed) fitted.push(HARD_CUT);
  return { ...doc, ranges, transitions: fitted };
}

export function indexOfRange(doc: EditDocument, id: string | undefined): number {
  return id === undefined ? -1 : doc.ranges.findIndex((r) => r.id === id);
}

/** Inserts a range at `index`; the new join gets a hard cut, other transitions keep their places. */
export function insertRange(doc: EditDocument, index: number, range: DocRange): EditDocument {
  const ranges = [...doc.ranges];
  ranges.splice(index, 0, range);
  const transitions = [...doc.transitions];
  if (ranges.length > 1) transitions.splice(Math.max(0, Math.min(index, transitions.length)), 0, HARD_CUT);
  return withRanges(doc, ranges, transitions);
}

export function removeRange(doc: EditDocument, id: string): EditDocument {
  const index = indexOfRange(doc, id);
  if (index < 0) return doc;
  const transitions = [...doc.transitions];
  transitions.splice(index === 0 ? 0 : index - 1, 1);
  return withRanges(
    doc,
    doc.ranges.filter((r) => r.id !== id),
    transitions,
  );
}

export function updateRange(doc: EditDocument, id: string, patch: Partial<Omit<DocRange, 'id'>>): EditDocument {
  const index = indexOfRange(doc, id);
  if (index < 0) return doc;
  const ranges = [...doc.ranges];
  ranges[index] = { ...ranges[index]!, ...patch };
  return withRanges(doc, ranges);
}

/** Moves a range to another place in play order; transitions stay between the same positions. */
export function moveRange(doc: EditDocument, id: string, toIndex: number): EditDocument {
  const from = indexOfRange(doc, id);
  const target = Math.max(0, Math.min(doc.ranges.length - 1, toIndex));
  if (from < 0 || from === target) return doc;
  const ranges = [...doc.ranges];
  const [range] = ranges.splice(from, 1);
  ranges.splice(target, 0, range!);
  return withRanges(doc, ranges);
}

export function duplicateRange(doc: EditDocument, id: string, copyId: string): EditDocument {
  const index = indexOfRange(doc, id);
  if (index < 0) return doc;
  const range = doc.ranges[index]!;
  return insertRange(doc, index + 1, { ...range, id: copyId, label: range.label ? `${range.label} (copy)` : '' });
}

/** Splits a range at an instant strictly inside it; the two halves join with a hard cut. */
export function splitRange(doc: EditDocument, id: string, atUs: number, secondId: string): EditDocument {
  const index = indexOfRange(doc, id);
  const range = doc.ranges[index];
  if (range === undefined || range.endUs === null || atUs <= range.startUs || atUs >= range.endUs) return doc;
  const first = updateRange(doc, id, { endUs: atUs });
  return insertRange(first, index + 1, { id: secondId, startUs: atUs, endUs: range.endUs, label: range.label });
}

export function setTransition(doc: EditDocument, index: number, transition: Transition): EditDocument {
  if (index < 0 || index >= doc.transitions.length) return doc;
  const transitions = [...doc.transitions];
  transitions[index] = transition;
  return { ...doc, transitions };
}

export function setDetails(doc: EditDocument, patch: Partial<VideoDetails>): EditDocument {
  return { ...doc, details: { ...doc.details, ...patch } };
}

/** The range that contains an instant, preferring the given one (ranges may overlap). */
export function rangeAt(doc: EditDocument, instantUs: number, preferredId?: string): DocRange | undefined {
  const contains = (r: DocRange) => r.endUs !== null && instantUs >= r.startUs && instantUs < r.endUs;
  const preferred = doc.ranges.find((r) => r.id === preferredId);
  if (preferred && contains(preferred)) return preferred;
  return doc.ranges.find(contains);
}

/** The shared/edit form for validation and export; open ranges are reported, not guessed. */
export function toEdit(doc: EditDocument): { edit: Edit; problems: EditProblem[] } {
  const open = doc.ranges.flatMap((r, rangeIndex) =>
    r.endUs === null ? [{ rangeIndex, message: `range ${rangeIndex + 1} has no end yet: move to where it ends and press O` }] : [],
  );
  const edit: Edit = {
    ranges: doc.ranges.map((r) => ({ startUs: r.startUs, endUs: r.endUs ?? r.startUs })),
    transitions: doc.transitions,
  };
  return { edit, problems: [...open, ...editProblems(edit).filter((p) => p.rangeIndex === undefined || doc.ranges[p.rangeIndex]?.endUs !== null)] };
}

/** Output duration: closed ranges minus the time named transitions overlap. */
export function outputDurationUs(doc: EditDocument): number {
  let totalUs = 0;
  for (const range of doc.ranges) if (range.endUs !== null) totalUs += Math.max(0, range.endUs - range.startUs);
  for (const transition of doc.transitions) if (transition.kind === 'named') totalUs -= transition.durationUs;
  return Math.max(0, totalUs);
}
