import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TimeParseError,
  formatDuration,
  formatHour,
  formatInstant,
  formatTimeLeft,
  hoursBetween,
  parseDecimalSecondsUs,
  parseHour,
  parseInstant,
} from '../../shared/time';

const base = Date.UTC(2026, 10, 14, 3, 0, 0) * 1000;

describe('parseInstant', () => {
  it.each([
    ['2026-11-14T03:00:00Z', base],
    ['2026-11-14T03:00:00', base],
    ['2026-11-14T03:00', base],
    ['2026-11-14 03:00:00Z', base],
    ['2026-11-14T03:00:00+00:00', base],
    ['2026-11-14T03:00:01.5Z', base + 1_500_000],
    ['2026-11-14T03:00:01.000001Z', base + 1_000_001],
    ['2026-11-14T03:59:59.999999Z', base + 3_599_999_999],
  ])('%s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each(['9999-12-31T23:59:59Z', '0026-11-14T03:00:00Z', '0000-01-01T00:00:00Z'])(
    'refuses %s: its microseconds do not fit a number exactly (and 0026 read as 1926)',
    (text) => {
      expect(() => parseInstant(text)).toThrow(/between the years 1686 and 2255/);
    },
  );

  it('reads the last and first years that fit', () => {
    expect(parseInstant('2255-01-01T00:00:00Z')).toBe(Date.UTC(2255, 0, 1) * 1000);
    expect(parseInstant('1686-01-01T00:00:00Z')).toBe(Date.UTC(1686, 0, 1) * 1000);
  });

  it.each(['', 'yesterday', '2026-11-14', '2026-11-14T03:00:00.1234567Z', '2026-02-30T00:00:00Z', '2026-11-14T24:00:00Z', '2026-11-14T03:00:00+01:00'])(
    'rejects %j with the expected form',
    (text) => {
      expect(() => parseInstant(text)).toThrow(TimeParseError);
      expect(() => parseInstant(text)).toThrow(/2026-11-14T03:00:00Z/);
    },
  );
});

describe('formatInstant', () => {
  it('always writes six fraction digits and Z', () => {
    expect(formatInstant(base + 1_000_001)).toBe('2026-11-14T03:00:01.000001Z');
    expect(formatInstant(base)).toBe('2026-11-14T03:00:00.000000Z');
  });
  it('round-trips with parseInstant', () => {
    for (const us of [0, base, base + 123_456_789, base + 999_999]) expect(parseInstant(formatInstant(us))).toBe(us);
  });
  it('writes what Date.toISOString and the microseconds say, for instants in any order (the hour prefix it keeps is never stale)', () => {
    const viaDate = (us: number) =>
      `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0')}Z`;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_000_000_000_000_000, max: Number.MAX_SAFE_INTEGER }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const us of instants) expect(formatInstant(us)).toBe(viaDate(us));
      }),
    );
    for (const us of [base + 3_599_999_999, base + 3_600_000_000, base - 1, 0, Number.MAX_SAFE_INTEGER]) expect(formatInstant(us)).toBe(viaDate(us));
  });
});

describe('hours', () => {
  it('formats and parses hour directory names', () => {
    expect(formatHour(base + 59 * 60_000_000)).toBe('2026-11-14T03');
    expect(parseHour('2026-11-14T03')).toBe(base);
    expect(parseHour('2026-11-14T3')).toBeUndefined();
    expect(parseHour('2026-11-31T03')).toBeUndefined();
  });
  it('lists hours across a day boundary', () => {
    expect(hoursBetween(parseInstant('2026-11-14T22:30:00Z'), parseInstant('2026-11-15T01:00:00Z'))).toEqual([
      '2026-11-14T22',
      '2026-11-14T23',
      '2026-11-15T00',
      '2026-11-15T01',
    ]);
  });
});

describe('parseDecimalSecondsUs', () => {
  it.each([
    ['2', 2_000_000],
    ['2.0', 2_000_000],
    ['2.000', 2_000_000],
    ['1.968', 1_968_000],
    ['2.002', 2_002_000],
    ['0.000001', 1],
    ['2.0000005', 2_000_001],
    ['2.0000004', 2_000_000],
  ])('%s', (text, expected) => expect(parseDecimalSecondsUs(text)).toBe(expected));
  it.each(['', '-1', '2.', '.5', '1e3', 'NaN', ' 2'])('rejects %j', (text) => expect(parseDecimalSecondsUs(text)).toBeUndefined());
});

describe('formatDuration', () => {
  it.each([
    [52_000_000, '52s'],
    [250_000, '0.25s'],
    [125_000_000, '2m 05s'],
    [3_723_500_000, '1h 02m 03.5s'],
  ])('%d us', (us, text) => expect(formatDuration(us)).toBe(text));
});

describe('formatTimeLeft', () => {
  it.each([
    [400_000, 'less than a second left'],
    [2_072_000, 'about 2 s left'],
    [9_600_000, 'about 10 s left'],
    [23_000_000, 'about 25 s left'],
    [58_000_000, 'about 1 min left'],
    [150_000_000, 'about 3 min left'],
    [3_600_000_000 + 5 * 60_000_000, 'about 1 h 05 min left'],
  ])('%i µs reads %s', (us, text) => {
    expect(formatTimeLeft(us)).toBe(text);
  });
});
