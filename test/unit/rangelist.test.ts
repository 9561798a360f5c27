import { describe, expect, it } from 'vitest';
import { chapterTime, rangesCsv, youtubeChapters } from '../../shared/rangelist';
import { parseInstant } from '../../shared/time';

const at = (iso: string) => parseInstant(iso);
const ranges = [
  { startUs: at('2026-11-14T03:00:00Z'), endUs: at('2026-11-14T03:01:30Z'), label: 'Opening' },
  { startUs: at('2026-11-14T05:00:00Z'), endUs: at('2026-11-14T06:00:10.5Z'), label: 'Say "hi", all' },
  { startUs: at('2026-11-14T04:00:00Z'), endUs: at('2026-11-14T04:00:20Z'), label: '' },
];

describe('range lists', () => {
  it('writes CSV with exact times and quoted labels', () => {
    expect(rangesCsv(ranges).split('\n')).toEqual([
      'number,start_utc,end_utc,duration_seconds,label',
      '1,2026-11-14T03:00:00.000000Z,2026-11-14T03:01:30.000000Z,90.000000,Opening',
      '2,2026-11-14T05:00:00.000000Z,2026-11-14T06:00:10.500000Z,3610.500000,"Say ""hi"", all"',
      '3,2026-11-14T04:00:00.000000Z,2026-11-14T04:00:20.000000Z,20.000000,',
      '',
    ]);
  });

  it('places chapters on the output timeline, transitions overlapping', () => {
    expect(youtubeChapters(ranges, [0, 2_000_000])).toBe('0:00 Opening\n1:30 Say "hi", all\n1:01:38 Part 3\n');
  });

  it.each([
    [0, '0:00'],
    [59_999_999, '0:59'],
    [61_000_000, '1:01'],
    [3_600_000_000, '1:00:00'],
  ])('chapter time of %d us is %s', (offsetUs, text) => {
    expect(chapterTime(offsetUs)).toBe(text);
  });
});
