import { describe, expect, it } from 'vitest';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';
import { HoleError, bestFinalist, bestPerStart, finalistIndices, holeSpans, pickBest, segmentsNeedingSize, selectRange } from '../../shared/select';
import { parseHour } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';

const HOUR = '2026-11-14T03';
const H = parseHour(HOUR)!;
const S = 1_000_000;

/** A segment named as a recorder would, `offset` seconds into the hour (fractions allowed). */
function seg(offset: string, duration = '2.0', type = 'full', hash = 'AAAA'): SegmentInfo {
  const [whole, fraction = '0'] = offset.split('.');
  const offsetUs = Number(whole) * S + Number(fraction.padEnd(6, '0'));
  return parseSegmentName(segmentName(H + offsetUs, duration, type, hash), HOUR, H);
}
const at = (seconds: number) => H + seconds * S;
const names = (selection: (SegmentInfo | null)[]) => selection.map((s) => (s ? s.name : null));
const sizes = (entries: [SegmentInfo, number][]) => new Map(entries.map(([s, size]) => [s.name, size]));

describe('best segment per start', () => {
  it('rule: a lone full is chosen without any size lookup', () => {
    const full = seg('0');
    expect(segmentsNeedingSize([full])).toEqual([]);
    expect(pickBest([full])).toBe(full);
  });
  it('rule: temp is never used, even alone', () => {
    expect(pickBest([seg('0', '2.0', 'temp', 'x')])).toBeUndefined();
  });
  it('rule: full beats suspect and partial regardless of size', () => {
    const full = seg('0', '2.0', 'full', 'AAAA');
    const suspect = seg('0', '2.0', 'suspect', 'BBBB');
    expect(segmentsNeedingSize([full, suspect])).toEqual([]);
    expect(pickBest([suspect, full])).toBe(full);
  });
  it('rule: among fulls the longest duration wins, without looking at sizes', () => {
    const short = seg('0', '2.0', 'full', 'AAAA');
    const long = seg('0', '2.5', 'full', 'BBBB');
    expect(segmentsNeedingSize([short, long])).toEqual([]);
    expect(pickBest([long, short])).toBe(long);
  });
  it('rule: equal-duration fulls are broken by the larger file', () => {
    const a = seg('0', '2.0', 'full', 'AAAA');
    const b = seg('0', '2.0', 'full', 'BBBB');
    expect(segmentsNeedingSize([a, b])).toEqual([a, b]);
    expect(
      pickBest(
        [a, b],
        sizes([
          [a, 200],
          [b, 100],
        ]),
      ),
    ).toBe(a);
    expect(
      pickBest(
        [a, b],
        sizes([
          [a, 100],
          [b, 200],
        ]),
      ),
    ).toBe(b);
  });
  it('rule: then by the greater decoded hash (bytes, not base64 text)', () => {
    const a = seg('0', '2.0', 'full', 'aAAA'); // first byte 0x68
    const b = seg('0', '2.0', 'full', '_AAA'); // first byte 0xfc: greater as bytes, smaller as text
    expect(
      pickBest(
        [a, b],
        sizes([
          [a, 100],
          [b, 100],
        ]),
      ),
    ).toBe(b);
  });
  it('rule: only the longest fulls need sizes', () => {
    const a = seg('0', '2.0', 'full', 'AAAA');
    const b = seg('0', '2.0', 'full', 'BBBB');
    const c = seg('0', '1.0', 'full', 'CCCC');
    expect(segmentsNeedingSize([a, b, c])).toEqual([a, b]);
  });
  it('rule: with no full, suspect beats a larger partial', () => {
    const suspect = seg('0', '2.0', 'suspect', 'AAAA');
    const partial = seg('0', '2.0', 'partial', 'BBBB');
    expect(segmentsNeedingSize([suspect, partial])).toEqual([]);
    expect(pickBest([partial, suspect])).toBe(suspect);
  });
  it('rule: among suspects (or partials) the larger file wins', () => {
    const a = seg('0', '2.0', 'partial', 'AAAA');
    const b = seg('0', '2.0', 'partial', 'BBBB');
    expect(
      pickBest(
        [a, b],
        sizes([
          [a, 10],
          [b, 20],
        ]),
      ),
    ).toBe(b);
  });
  it('rule: a full tie on a suspect/partial size goes to the first in name order', () => {
    const a = seg('0', '2.0', 'suspect', 'BBBB');
    const b = seg('0', '2.0', 'suspect', 'AAAA');
    expect(
      pickBest(
        [a, b],
        sizes([
          [a, 10],
          [b, 10],
        ]),
      ),
    ).toBe(a);
  });
  it('groups starts and drops temp-only starts', () => {
    const best = bestPerStart([seg('0'), seg('2', '2.0', 'temp', 't'), seg('4', '2.0', 'partial'), seg('4', '2.0', 'suspect', 'BBBB')]);
    expect(best.map((s) => [s.startUs - H, s.type])).toEqual([
      [0, 'full'],
      [4 * S, 'suspect'],
    ]);
  });
  it('a size that was not looked up is a programming error, not a silent choice', () => {
    const a = seg('0', '2.0', 'full', 'AAAA');
    const b = seg('0', '2.0', 'full', 'BBBB');
    expect(() => pickBest([a, b])).toThrow(/not looked up/);
  });
});

describe('best segment per start, on columns (an hour held as typed arrays)', () => {
  // Codes are SEGMENT_TYPES indices: 0 full, 1 suspect, 2 partial, 3 temp; 255 a name that is not a segment.
  it('finalists are the longest fulls in [from, to); other codes and the rest of the columns are left out', () => {
    const codes = [0, 0, 255, 0, 3, 0, 0];
    const durationsUs = [9, 2, 9, 2, 9, 1, 9];
    expect(finalistIndices(codes, durationsUs, 1, 6)).toEqual([1, 3]);
  });
  it('without a full, the suspects; without a suspect, the partials; temp and bad names alone give none', () => {
    expect(finalistIndices([2, 1, 255, 1], [1, 1, 1, 1], 0, 4)).toEqual([1, 3]);
    expect(finalistIndices([2, 3, 2], [1, 1, 1], 0, 3)).toEqual([0, 2]);
    expect(finalistIndices([3, 255], [1, 1], 0, 2)).toEqual([]);
  });
  it('the winner: larger size, then (fulls only) the greater decoded hash, else the first', () => {
    const hashes = ['aAAA', '_AAA', 'AAAA'];
    const hashAt = (position: number) => hashes[position]!;
    expect(bestFinalist(3, true, (position) => [5, 5, 5][position]!, hashAt)).toBe(1);
    expect(bestFinalist(3, true, (position) => [5, 4, 6][position]!, hashAt)).toBe(2);
    expect(bestFinalist(3, false, (position) => [5, 5, 5][position]!, hashAt)).toBe(0);
    expect(bestFinalist(2, false, (position) => [-1, 0][position]!, hashAt)).toBe(1);
  });
});

describe('best segments for a range', () => {
  const run = [seg('0'), seg('2'), seg('4'), seg('6'), seg('8')];

  it('rule: the first segment may start before start if it covers it', () => {
    expect(names(selectRange(run, at(1), at(5)))).toEqual(names([run[0]!, run[1]!, run[2]!]));
  });
  it('rule: start exactly on a segment start takes that segment', () => {
    expect(names(selectRange(run, at(2), at(4)))).toEqual(names([run[1]!]));
  });
  it('rule: a segment starting after start (before end) is taken after a leading hole', () => {
    expect(names(selectRange(run.slice(1), at(1), at(3)))).toEqual([null, run[1]!.name]);
  });
  it('rule: segments entirely before start are skipped', () => {
    expect(names(selectRange(run, at(6.5), at(7)))).toEqual([run[3]!.name]);
  });
  it('rule: stop as soon as a taken segment reaches end', () => {
    expect(selectRange(run, at(0), at(4))).toHaveLength(2);
    expect(selectRange(run, at(0), at(4.000001))).toHaveLength(3);
  });
  it('rule: gaps up to 10 ms are joined, larger ones are holes', () => {
    const jitter = [seg('0'), seg('2.01'), seg('4.01')];
    expect(names(selectRange(jitter, at(0), at(6)))).toEqual(names(jitter));
    const gap = [seg('0'), seg('2.010001')];
    expect(names(selectRange(gap, at(0), at(4)))).toEqual([gap[0]!.name, null, gap[1]!.name]);
  });
  it('rule: overlaps up to 10 ms are joined, larger ones skip the later segment', () => {
    const small = [seg('0'), seg('1.99')];
    expect(names(selectRange(small, at(0), at(3.99)))).toEqual(names(small));
    const big = [seg('0'), seg('1.5'), seg('2')];
    expect(names(selectRange(big, at(0), at(4)))).toEqual([big[0]!.name, big[2]!.name]);
  });
  it('rule: anything after a non-full segment is a hole, even when it joins exactly', () => {
    const withPartial = [seg('0', '2.0', 'partial'), seg('2')];
    expect(names(selectRange(withPartial, at(0), at(4)))).toEqual([withPartial[0]!.name, null, withPartial[1]!.name]);
  });
  it('rule: trailing hole when the last segment ends before end (no tolerance)', () => {
    expect(names(selectRange([seg('0')], at(0), at(2.000001)))).toEqual([seg('0').name, null]);
  });
  it('rule: trailing hole when the last segment is not full, even if it reaches end', () => {
    expect(names(selectRange([seg('0', '2.0', 'suspect')], at(0), at(1)))).toEqual([seg('0').name.replace('full', 'suspect'), null]);
  });
  it('rule: nothing at all is one hole', () => {
    expect(selectRange([], at(0), at(1))).toEqual([null]);
    expect(selectRange([seg('10')], at(0), at(5))).toEqual([null]);
  });
  it('rule: a segment after a mid-range hole is taken even if it starts after end', () => {
    // The walk appends a hole then the next segment before checking end, as the reference does.
    const sparse = [seg('0'), seg('10')];
    expect(names(selectRange(sparse, at(0), at(5)))).toEqual([sparse[0]!.name, null, sparse[1]!.name]);
  });
  it('allowHoles false: the first hole throws with its times', () => {
    const gap = [seg('0'), seg('52')];
    let caught: unknown;
    try {
      selectRange(gap, at(0), at(60), false);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HoleError);
    const hole = caught as HoleError;
    expect([hole.holeStartUs, hole.holeEndUs]).toEqual([at(2), at(52)]);
    expect(hole.message).toBe('No footage from 2026-11-14T03:00:02.000000Z to 2026-11-14T03:00:52.000000Z');
  });
  it('allowHoles false: a partial segment is reported as such', () => {
    expect(() => selectRange([seg('0', '2.0', 'partial'), seg('2')], at(0), at(4), false)).toThrow(/partial or suspect download/);
  });
  it('holeSpans names the time each hole leaves out', () => {
    const selection = selectRange([seg('2'), seg('10')], at(0), at(14));
    expect(holeSpans(selection, at(0), at(14))).toEqual([
      { startUs: at(0), endUs: at(2) },
      { startUs: at(4), endUs: at(10) },
      { startUs: at(12), endUs: at(14) },
    ]);
  });
});
