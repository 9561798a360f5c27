import { beforeEach, describe, expect, it } from 'vitest';
import { HARD_CUT, MAX_EDIT_RANGES } from '../../shared/edit';
import { US_PER_SECOND } from '../../shared/time';
import {
  EMPTY_DOCUMENT,
  duplicateRange,
  insertRange,
  moveRange,
  outputDurationUs,
  removeRange,
  splitRange,
  toEdit,
  type DocRange,
  type EditDocument,
} from '../../renderer/edit/document';
import { useEdit } from '../../renderer/stores/edit';
import { useNotice } from '../../renderer/stores/notice';

const s = (seconds: number) => seconds * US_PER_SECOND;
const range = (id: string, start: number, end: number | null): DocRange => ({ id, startUs: s(start), endUs: end === null ? null : s(end), label: id });
const fade = { kind: 'named' as const, name: 'fade', durationUs: s(1) };

function docOf(...ranges: DocRange[]): EditDocument {
  return ranges.reduce((doc, r, index) => insertRange(doc, index, r), EMPTY_DOCUMENT);
}

describe('edit document', () => {
  it('keeps one transition per join as ranges come and go', () => {
    let doc = docOf(range('a', 0, 10), range('b', 20, 30), range('c', 40, 50));
    doc = { ...doc, transitions: [fade, HARD_CUT] };
    expect(removeRange(doc, 'c').transitions).toEqual([fade]);
    expect(removeRange(doc, 'a').transitions).toEqual([HARD_CUT]);
    expect(insertRange(doc, 1, range('x', 60, 70)).transitions).toEqual([fade, HARD_CUT, HARD_CUT]);
  });

  it('splits a range at an instant inside it, joined by a hard cut', () => {
    const doc = splitRange(docOf(range('a', 0, 10)), 'a', s(4), 'b');
    expect(doc.ranges.map((r) => [r.startUs, r.endUs])).toEqual([
      [0, s(4)],
      [s(4), s(10)],
    ]);
    expect(doc.transitions).toEqual([HARD_CUT]);
    expect(splitRange(doc, 'a', s(4), 'z')).toBe(doc);
  });

  it('moves and duplicates in play order', () => {
    const doc = docOf(range('a', 0, 10), range('b', 20, 30), range('c', 40, 50));
    expect(moveRange(doc, 'c', 0).ranges.map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(duplicateRange(doc, 'b', 'b2').ranges.map((r) => r.id)).toEqual(['a', 'b', 'b2', 'c']);
  });

  it('reports open ranges instead of exporting them, and totals closed ones minus transitions', () => {
    const doc = { ...docOf(range('a', 0, 10), range('b', 20, 30), range('c', 40, null)), transitions: [fade, HARD_CUT] };
    expect(toEdit(doc).problems.map((p) => p.message)).toEqual(['range 3 has no end yet: move to where it ends and press O']);
    expect(outputDurationUs(doc)).toBe(s(19));
  });
});

describe('edit store: marking with I and O', () => {
  beforeEach(() => {
    useEdit.getState().load(EMPTY_DOCUMENT);
    useEdit.getState().select(undefined);
    useNotice.getState().dismiss();
  });

  const ranges = () => useEdit.getState().history.present.ranges.map((r) => [r.startUs, r.endUs]);

  it('I then O makes a range; I past its end starts the next one', () => {
    const { markStart, markEnd } = useEdit.getState();
    markStart(s(10));
    markEnd(s(20));
    markStart(s(30));
    markEnd(s(35));
    expect(ranges()).toEqual([
      [s(10), s(20)],
      [s(30), s(35)],
    ]);
  });

  it('I inside the selected range moves its start; O before its start is refused with a reason', () => {
    const { markStart, markEnd } = useEdit.getState();
    markStart(s(10));
    markEnd(s(20));
    markStart(s(12));
    expect(ranges()).toEqual([[s(12), s(20)]]);
    markEnd(s(5));
    expect(ranges()).toEqual([[s(12), s(20)]]);
    expect(useNotice.getState().text).toMatch(/end must be after the start of range 1/);
  });

  it('undoes and redoes each mark', () => {
    const { markStart, markEnd, undo, redo } = useEdit.getState();
    markStart(s(10));
    markEnd(s(20));
    undo();
    expect(ranges()).toEqual([[s(10), null]]);
    undo();
    expect(ranges()).toEqual([]);
    redo();
    redo();
    expect(ranges()).toEqual([[s(10), s(20)]]);
  });

  it('splits at the playhead and selects the second half', () => {
    const { markStart, markEnd, splitAt } = useEdit.getState();
    markStart(s(10));
    markEnd(s(20));
    splitAt(s(15));
    expect(ranges()).toEqual([
      [s(10), s(15)],
      [s(15), s(20)],
    ]);
    expect(useEdit.getState().selectedId).toBe(useEdit.getState().history.present.ranges[1]!.id);
  });

  it('makes no range past the limit (I, split, duplicate), saying why', () => {
    const ranges = Array.from({ length: MAX_EDIT_RANGES }, (_, index) => range(`r${index}`, index * 10, index * 10 + 5));
    useEdit.getState().load({ ...EMPTY_DOCUMENT, ranges, transitions: ranges.slice(1).map(() => HARD_CUT) });
    const { markStart, splitAt, duplicate } = useEdit.getState();
    markStart(s(MAX_EDIT_RANGES * 10 + 100));
    splitAt(s(2));
    duplicate('r0');
    expect(useEdit.getState().history.present.ranges).toHaveLength(MAX_EDIT_RANGES);
    expect(useNotice.getState().text).toBe(
      'The edit already has 20,000 ranges, the most Trimdesk allows; remove some, or save this project and start another.',
    );
  });
});
