/**
 * The document the user edits: ranges of wall-clock time in play order, and between
 * each pair of neighbours a hard cut or a named transition. Pure data and validation;
 * the cut planner (shared/cutplan) turns a valid edit into ffmpeg work.
 */
import { TrimdeskError } from './errors';
import { isKnownTransition } from './transitions';
import { TimeParseError, formatInstant, formatSecondsExact, parseDecimalSecondsUs, parseInstant } from './time';

/** [startUs, endUs): UTC instants. The same footage may appear in several ranges. */
export interface EditRange {
  readonly startUs: number;
  readonly endUs: number;
}

export type Transition = { readonly kind: 'cut' } | { readonly kind: 'named'; readonly name: string; readonly durationUs: number };

export interface Edit {
  /** In play order, not necessarily chronological. */
  readonly ranges: readonly EditRange[];
  /** transitions[i] joins ranges[i] and ranges[i + 1]: one fewer than ranges. */
  readonly transitions: readonly Transition[];
}

export const HARD_CUT: Transition = { kind: 'cut' };

/**
 * The most ranges an edit may have. The editor stays responsive at this size (its lists
 * and timeline draw only what is in view; README "Limits"), and the planner and ffmpeg's
 * inputs stay in bounds; a bigger edit is refused rather than freezing the window.
 */
export const MAX_EDIT_RANGES = 20_000;

/** Why an edit of `count` ranges is refused, or undefined when it is within the limit. */
export function rangeLimitProblem(count: number): string | undefined {
  if (count <= MAX_EDIT_RANGES) return undefined;
  return `the edit has ${count.toLocaleString('en-US')} ranges, more than the limit of ${MAX_EDIT_RANGES.toLocaleString('en-US')}; split it into several projects`;
}

/** One thing wrong with an edit, pointing at a range or a transition (0-based indexes). */
export interface EditProblem {
  readonly rangeIndex?: number;
  readonly transitionIndex?: number;
  readonly message: string;
}

/** An edit that cannot be exported; `problems` lists every reason, `message` all of them. */
export class EditError extends TrimdeskError {
  constructor(readonly problems: readonly EditProblem[]) {
    super('bad-edit', problems.map((problem) => problem.message).join('; '), { problems });
    this.name = 'EditError';
  }
}

/** `range 2 (03:00:10.000000Z .. 03:00:20.000000Z)`: how messages name a range. */
export function describeRange(index: number, range: EditRange): string {
  return `range ${index + 1} (${formatInstant(range.startUs)} .. ${formatInstant(range.endUs)})`;
}

function describeTransition(index: number): string {
  return `transition ${index + 1} (between ranges ${index + 1} and ${index + 2})`;
}

/** Every problem of an edit, in document order; empty when it can be exported. */
export function editProblems(edit: Edit): EditProblem[] {
  // Past the limit only the limit is reported: a million ranges would make a million messages.
  const tooMany = rangeLimitProblem(edit.ranges.length);
  if (tooMany !== undefined) return [{ message: tooMany }];
  const problems: EditProblem[] = [];
  if (edit.ranges.length === 0) problems.push({ message: 'the edit has no ranges: mark at least one range to export' });
  edit.ranges.forEach((range, rangeIndex) => {
    if (!Number.isSafeInteger(range.startUs) || !Number.isSafeInteger(range.endUs)) {
      problems.push({ rangeIndex, message: `range ${rangeIndex + 1}: start and end must be whole microseconds` });
    } else if (range.endUs <= range.startUs) {
      problems.push({ rangeIndex, message: `${describeRange(rangeIndex, range)}: the end must be after the start` });
    }
  });
  const expected = Math.max(0, edit.ranges.length - 1);
  if (edit.transitions.length !== expected) {
    problems.push({ message: `${edit.ranges.length} ranges need ${expected} transitions (hard cuts included), got ${edit.transitions.length}` });
  }
  edit.transitions.forEach((transition, transitionIndex) => {
    if (transition.kind === 'cut') return;
    problems.push(...transitionProblems(edit, transition, transitionIndex));
  });
  return problems;
}

function transitionProblems(edit: Edit, transition: Extract<Transition, { kind: 'named' }>, transitionIndex: number): EditProblem[] {
  const where = describeTransition(transitionIndex);
  if (!isKnownTransition(transition.name)) {
    return [
      { transitionIndex, message: `${where}: ${JSON.stringify(transition.name)} is not a transition name; pick one from the catalogue or use a hard cut` },
    ];
  }
  if (!Number.isSafeInteger(transition.durationUs) || transition.durationUs <= 0) {
    return [{ transitionIndex, message: `${where}: the ${transition.name} duration must be more than 0 seconds` }];
  }
  const problems: EditProblem[] = [];
  for (const rangeIndex of [transitionIndex, transitionIndex + 1]) {
    const range = edit.ranges[rangeIndex];
    if (range === undefined || range.endUs <= range.startUs) continue;
    if (transition.durationUs > range.endUs - range.startUs) {
      problems.push({
        transitionIndex,
        rangeIndex,
        message: `${where}: ${formatSecondsExact(transition.durationUs)} s of ${transition.name} is longer than ${describeRange(rangeIndex, range)}; shorten the transition or lengthen the range`,
      });
    }
  }
  return problems;
}

declare const validated: unique symbol;

/** An edit validateEdit accepted. The cut planner takes only these, so an edit is checked once, where it enters. */
export type ValidEdit = Edit & { readonly [validated]: true };

/** The edit as a ValidEdit; throws EditError unless it is valid. */
export function validateEdit(edit: Edit): ValidEdit {
  const problems = editProblems(edit);
  if (problems.length > 0) throw new EditError(problems);
  return edit as ValidEdit;
}

/** Output length of a valid edit: the ranges' total minus the time transitions overlap. */
export function editDurationUs(edit: Edit): number {
  const rangesUs = edit.ranges.reduce((total, range) => total + (range.endUs - range.startUs), 0);
  return rangesUs - edit.transitions.reduce((total, transition) => total + (transition.kind === 'named' ? transition.durationUs : 0), 0);
}

/** A range or transition written as text (CLI, URL) that cannot be read; says which form is expected. */
export class EditSyntaxError extends TrimdeskError {
  constructor(message: string) {
    super('bad-edit', message);
    this.name = 'EditSyntaxError';
  }
}

/** Reads `START,END` (ISO 8601 UTC instants). */
export function parseRangeText(text: string): EditRange {
  const parts = text.split(',');
  if (parts.length !== 2) throw new EditSyntaxError(`range ${JSON.stringify(text)}: expected START,END (two ISO 8601 UTC times)`);
  try {
    return { startUs: parseInstant(parts[0]!), endUs: parseInstant(parts[1]!) };
  } catch (error) {
    if (error instanceof TimeParseError) throw new EditSyntaxError(`range ${JSON.stringify(text)}: ${error.message}`);
    throw error;
  }
}

/**
 * Reads a transition: `cut` or the empty string for a hard cut, else `NAME,SECONDS`.
 * Spaces around each part are dropped and the name lower-cased, as people type
 * ` fade , 1 ` or `FADE,1` (ranges forgive spaces too); the name is checked against the
 * catalogue later (validateEdit) so that every bad name gets the same message, and only
 * a catalogue entry ever reaches ffmpeg. The seconds must be plain decimal.
 */
export function parseTransitionText(text: string): Transition {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'cut') return HARD_CUT;
  const comma = trimmed.lastIndexOf(',');
  if (comma < 0) throw new EditSyntaxError(`transition ${JSON.stringify(text)}: expected cut or NAME,SECONDS (e.g. fade,1.5)`);
  const secondsText = trimmed.slice(comma + 1).trim();
  const durationUs = parseDecimalSecondsUs(secondsText);
  if (durationUs === undefined) {
    throw new EditSyntaxError(`transition ${JSON.stringify(text)}: ${JSON.stringify(secondsText)} is not a number of seconds`);
  }
  return { kind: 'named', name: trimmed.slice(0, comma).trim().toLowerCase(), durationUs };
}

/** Pads missing transitions with hard cuts (the classic /cut API allows fewer than needed). */
export function withHardCuts(ranges: readonly EditRange[], transitions: readonly Transition[]): Edit {
  const needed = Math.max(0, ranges.length - 1);
  if (transitions.length > needed) throw new EditSyntaxError(`${transitions.length} transitions given for ${ranges.length} ranges: at most ${needed}`);
  return { ranges, transitions: [...transitions, ...Array.from({ length: needed - transitions.length }, () => HARD_CUT)] };
}

/** Two ranges that share footage: `overlapUs` of it would appear twice in the export. */
export interface RangeOverlap {
  /** 0-based indexes in play order, first < second. */
  readonly first: number;
  readonly second: number;
  readonly overlapUs: number;
}

/**
 * Pairs of ranges covering the same footage, at most `limit` of them (the first found in
 * time order). Repeating footage on purpose is allowed, so this feeds a warning, never a
 * refusal. Sorted sweep: O(n log n) plus the pairs reported, fine at the range limit.
 */
export function overlappingRanges(ranges: readonly EditRange[], limit = 20): RangeOverlap[] {
  const order = ranges.map((_, index) => index).sort((a, b) => ranges[a]!.startUs - ranges[b]!.startUs || a - b);
  const found: RangeOverlap[] = [];
  const open: number[] = [];
  for (const index of order) {
    const range = ranges[index]!;
    for (let at = open.length - 1; at >= 0; at--) if (ranges[open[at]!]!.endUs <= range.startUs) open.splice(at, 1);
    for (const other of open) {
      const overlapUs = Math.min(range.endUs, ranges[other]!.endUs) - range.startUs;
      if (overlapUs <= 0) continue;
      found.push({ first: Math.min(index, other), second: Math.max(index, other), overlapUs });
      if (found.length >= limit) return found;
    }
    open.push(index);
  }
  return found;
}
