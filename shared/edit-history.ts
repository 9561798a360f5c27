/**
 * Undo/redo over immutable documents: every edit commits a new present; undo and redo
 * move between snapshots. Pure, so any document type (the edit, a project) can use it.
 */

export interface EditHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** Snapshots kept for undo; older ones are dropped. */
export const HISTORY_LIMIT = 200;

export function historyOf<T>(present: T): EditHistory<T> {
  return { past: [], present, future: [] };
}

/** Records an edit. Committing the same object again is not an edit. Clears redo. */
export function commitEdit<T>(history: EditHistory<T>, next: T, limit = HISTORY_LIMIT): EditHistory<T> {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

export function undoEdit<T>(history: EditHistory<T>): EditHistory<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redoEdit<T>(history: EditHistory<T>): EditHistory<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export function canUndo(history: EditHistory<unknown>): boolean {
  return history.past.length > 0;
}

export function canRedo(history: EditHistory<unknown>): boolean {
  return history.future.length > 0;
}
