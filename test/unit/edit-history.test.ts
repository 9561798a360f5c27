import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, canRedo, canUndo, commitEdit, historyOf, redoEdit, undoEdit } from '../../shared/edit-history';

describe('edit history', () => {
  it('undoes and redoes in order', () => {
    let history = historyOf('a');
    history = commitEdit(history, 'b');
    history = commitEdit(history, 'c');
    history = undoEdit(history);
    expect(history.present).toBe('b');
    history = undoEdit(history);
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    history = redoEdit(redoEdit(history));
    expect(history.present).toBe('c');
    expect(canRedo(history)).toBe(false);
  });

  it('a new edit after undo drops the redo branch', () => {
    const history = commitEdit(undoEdit(commitEdit(historyOf(1), 2)), 3);
    expect(history.present).toBe(3);
    expect(canRedo(history)).toBe(false);
    expect(undoEdit(history).present).toBe(1);
  });

  it('ignores no-op commits and undo/redo at the ends', () => {
    const start = historyOf({ n: 1 });
    expect(commitEdit(start, start.present)).toBe(start);
    expect(undoEdit(start)).toBe(start);
    expect(redoEdit(start)).toBe(start);
  });

  it('keeps at most the limit of snapshots', () => {
    let history = historyOf(0);
    for (let n = 1; n <= HISTORY_LIMIT + 50; n++) history = commitEdit(history, n);
    expect(history.past.length).toBe(HISTORY_LIMIT);
    expect(history.past[0]).toBe(50);
  });
});
