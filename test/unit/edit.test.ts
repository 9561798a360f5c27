import { describe, expect, it } from 'vitest';
import {
  EditError,
  EditSyntaxError,
  HARD_CUT,
  MAX_EDIT_RANGES,
  editDurationUs,
  editProblems,
  overlappingRanges,
  parseRangeText,
  parseTransitionText,
  validateEdit,
  withHardCuts,
  type Edit,
  type Transition,
} from '../../shared/edit';
import { parseInstant } from '../../shared/time';
import { isKnownTransition, transitionCatalogue } from '../../shared/transitions';

const S = 1_000_000;
const T0 = parseInstant('2026-11-14T03:00:00Z');
const range = (fromSeconds: number, toSeconds: number) => ({ startUs: T0 + fromSeconds * S, endUs: T0 + toSeconds * S });
const named = (name: string, seconds: number): Transition => ({ kind: 'named', name, durationUs: seconds * S });

describe('edit validation', () => {
  it('accepts ranges in any order, repeated footage and hard cuts or named transitions', () => {
    const edit: Edit = { ranges: [range(10, 20), range(0, 5), range(10, 20)], transitions: [named('fade', 1), HARD_CUT] };
    expect(editProblems(edit)).toEqual([]);
    expect(() => validateEdit(edit)).not.toThrow();
  });

  it('rejects an end not after the start, naming the range number and its times', () => {
    const problems = editProblems({ ranges: [range(0, 5), range(8, 8)], transitions: [HARD_CUT] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.rangeIndex).toBe(1);
    expect(problems[0]!.message).toContain('range 2 (2026-11-14T03:00:08.000000Z .. 2026-11-14T03:00:08.000000Z)');
    expect(problems[0]!.message).toContain('end must be after the start');
  });

  it('rejects a transition longer than either neighbouring range, naming that range', () => {
    const shortBefore = editProblems({ ranges: [range(0, 1), range(10, 20)], transitions: [named('fade', 2)] });
    expect(shortBefore.map((problem) => problem.rangeIndex)).toEqual([0]);
    expect(shortBefore[0]!.message).toMatch(/transition 1 .*longer than range 1 \(2026-11-14T03:00:00.000000Z/);
    const shortAfter = editProblems({ ranges: [range(0, 10), range(10, 11.5)], transitions: [named('wipeleft', 2)] });
    expect(shortAfter.map((problem) => problem.rangeIndex)).toEqual([1]);
    expect(editProblems({ ranges: [range(0, 2), range(10, 12)], transitions: [named('fade', 2)] })).toEqual([]);
  });

  it('rejects a zero or negative transition duration', () => {
    expect(editProblems({ ranges: [range(0, 5), range(5, 10)], transitions: [named('fade', 0)] })[0]!.message).toContain('more than 0 seconds');
    expect(editProblems({ ranges: [range(0, 5), range(5, 10)], transitions: [named('fade', -1)] })).toHaveLength(1);
  });

  it.each(['fade,drawtext=text=x', 'fade;[0:v]null', '[0:v]', 'fade:duration=9', 'FADE', ' fade', 'custom', 'nonexistent'])(
    'rejects the transition name %j: only catalogue names reach ffmpeg',
    (name) => {
      const problems = editProblems({ ranges: [range(0, 5), range(5, 10)], transitions: [named(name, 1)] });
      expect(problems).toHaveLength(1);
      expect(problems[0]!.transitionIndex).toBe(0);
      expect(problems[0]!.message).toContain('is not a transition name');
    },
  );

  it('accepts an edit at the range limit and refuses one past it with a single problem naming both counts', () => {
    const sized = (count: number): Edit => ({
      ranges: Array.from({ length: count }, (_, index) => range(index, index + 0.5)),
      transitions: Array.from({ length: count - 1 }, () => HARD_CUT),
    });
    expect(editProblems(sized(MAX_EDIT_RANGES))).toEqual([]);
    expect(editProblems(sized(MAX_EDIT_RANGES + 1))).toEqual([
      { message: 'the edit has 20,001 ranges, more than the limit of 20,000; split it into several projects' },
    ]);
    expect(() => validateEdit(sized(MAX_EDIT_RANGES + 1))).toThrow(EditError);
  });

  it('rejects a transition count that does not match the ranges', () => {
    expect(editProblems({ ranges: [range(0, 5), range(5, 10)], transitions: [] })[0]!.message).toContain('2 ranges need 1 transitions');
    expect(editProblems({ ranges: [], transitions: [] })[0]!.message).toContain('no ranges');
  });

  it('throws EditError listing every problem', () => {
    const edit: Edit = { ranges: [range(5, 0), range(0, 5)], transitions: [named('bogus', 1)] };
    expect(() => validateEdit(edit)).toThrow(EditError);
    expect(() => validateEdit(edit)).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ rangeIndex: 0 }), expect.objectContaining({ transitionIndex: 0 })] }),
    );
  });

  it('computes the output length: ranges minus transition overlaps', () => {
    const edit: Edit = { ranges: [range(0, 10), range(20, 30), range(40, 45)], transitions: [named('fade', 1.5), HARD_CUT] };
    expect(editDurationUs(edit)).toBe(23.5 * S);
  });
});

describe('edit text forms (CLI and /cut)', () => {
  it('reads START,END ranges exactly', () => {
    expect(parseRangeText('2026-11-14T03:00:01.5Z,2026-11-14T03:00:02.000001')).toEqual({ startUs: T0 + 1.5 * S, endUs: T0 + 2 * S + 1 });
    expect(() => parseRangeText('2026-11-14T03:00:01Z')).toThrow(EditSyntaxError);
    expect(() => parseRangeText('yesterday,today')).toThrow(/range "yesterday,today"/);
  });

  it('reads cut, the empty string and NAME,SECONDS transitions', () => {
    expect(parseTransitionText('')).toEqual(HARD_CUT);
    expect(parseTransitionText('cut')).toEqual(HARD_CUT);
    expect(parseTransitionText('fade,1.25')).toEqual({ kind: 'named', name: 'fade', durationUs: 1.25 * S });
    expect(() => parseTransitionText('fade')).toThrow(EditSyntaxError);
    expect(() => parseTransitionText('fade,1e3')).toThrow(/not a number of seconds/);
  });

  it('forgives spaces around the parts and capitals in the name, giving the catalogue spelling', () => {
    expect(parseTransitionText(' fade , 1 ')).toEqual({ kind: 'named', name: 'fade', durationUs: S });
    expect(parseTransitionText('FadeBlack,0.5')).toEqual({ kind: 'named', name: 'fadeblack', durationUs: 0.5 * S });
    expect(parseTransitionText(' CUT ')).toEqual(HARD_CUT);
    expect(parseTransitionText('  ')).toEqual(HARD_CUT);
    expect(() => parseTransitionText('fade,1 5')).toThrow(/"1 5" is not a number of seconds/);
  });

  it('keeps filter syntax inside the name, where validation rejects it', () => {
    const transition = parseTransitionText('fade,drawtext=text=x,1');
    expect(transition).toEqual({ kind: 'named', name: 'fade,drawtext=text=x', durationUs: S });
    expect(() => validateEdit(withHardCuts([range(0, 5), range(5, 10)], [transition]))).toThrow(/not a transition name/);
    const shouting = parseTransitionText(' FADE;[0:V]DRAWTEXT=TEXT=X , 1');
    expect(() => validateEdit(withHardCuts([range(0, 5), range(5, 10)], [shouting]))).toThrow(/not a transition name/);
  });

  it('pads missing transitions with hard cuts and refuses too many', () => {
    expect(withHardCuts([range(0, 1), range(1, 2), range(2, 3)], [named('fade', 0.5)]).transitions).toEqual([named('fade', 0.5), HARD_CUT]);
    expect(() => withHardCuts([range(0, 1)], [HARD_CUT])).toThrow(/at most 0/);
  });
});

describe('transition catalogue', () => {
  it('has unique xfade names, each with a one-line description', () => {
    const names = transitionCatalogue().map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of transitionCatalogue()) {
      expect(entry.name).toMatch(/^[a-z]+$/);
      expect(entry.description).not.toContain('\n');
      expect(entry.description.length).toBeGreaterThan(10);
    }
    expect(isKnownTransition('fade')).toBe(true);
    expect(isKnownTransition('custom')).toBe(false);
  });
});

describe('overlappingRanges', () => {
  const r = (startUs: number, endUs: number) => ({ startUs, endUs });

  it('finds ranges sharing footage in any play order, with how much they share', () => {
    expect(overlappingRanges([r(50, 80), r(0, 10), r(10, 20), r(60, 70), r(75, 90)])).toEqual([
      { first: 0, second: 3, overlapUs: 10 },
      { first: 0, second: 4, overlapUs: 5 },
    ]);
  });

  it('does not count ranges that only touch', () => {
    expect(overlappingRanges([r(0, 10), r(10, 20), r(20, 30)])).toEqual([]);
  });

  it('reports the same footage twice (a duplicated range) and stops at the limit', () => {
    expect(overlappingRanges([r(0, 10), r(0, 10)])).toEqual([{ first: 0, second: 1, overlapUs: 10 }]);
    const many = Array.from({ length: 1000 }, () => r(0, 10));
    expect(overlappingRanges(many, 4)).toHaveLength(4);
  });
});
