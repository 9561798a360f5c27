import { describe, expect, it } from 'vitest';
import { formatClock, formatElapsed, parseClock, withClockTimes, zoneOffsetUs, type ClockSettings } from '../../shared/timeformat';
import { TimeParseError, parseInstant } from '../../shared/time';

const at = (iso: string) => parseInstant(iso);
const utc: ClockSettings = { format: 'utc', timeZone: 'UTC', busStartUs: 0 };
const berlin: ClockSettings = { format: 'local', timeZone: 'Europe/Berlin', busStartUs: 0 };
const bus: ClockSettings = { format: 'bus', timeZone: 'UTC', busStartUs: at('2026-11-13T00:00:00Z') };
const reference = at('2026-11-14T03:00:00Z');

describe('formatClock', () => {
  it.each([
    [utc, 3, '2026-11-14 03:04:05.123'],
    [utc, 6, '2026-11-14 03:04:05.123456'],
    [utc, 0, '2026-11-14 03:04:05'],
    [berlin, 3, '2026-11-14 04:04:05.123'],
    [bus, 3, '27:04:05.123'],
  ] as const)('%o at precision %d', (settings, precision, text) => {
    expect(formatClock(at('2026-11-14T03:04:05.123456Z'), settings, precision)).toBe(text);
  });

  it('truncates rather than rounds, so a frame never shows the next second', () => {
    expect(formatClock(at('2026-11-14T03:04:05.999999Z'), utc, 3)).toBe('2026-11-14 03:04:05.999');
  });

  it('writes negative bus time before the event start', () => {
    expect(formatElapsed(-1_500_000, 3)).toBe('-0:00:01.500');
  });

  it('follows daylight saving time', () => {
    expect(zoneOffsetUs('Europe/Berlin', at('2026-07-01T12:00:00Z'))).toBe(2 * 3600 * 1e6);
    expect(zoneOffsetUs('Europe/Berlin', at('2026-01-01T12:00:00Z'))).toBe(3600 * 1e6);
  });
});

describe('parseClock', () => {
  it.each([
    [utc, '2026-11-14 03:04:05.123', '2026-11-14T03:04:05.123Z'],
    [utc, '2026-11-14T03:04', '2026-11-14T03:04:00Z'],
    [utc, '03:04:05.5', '2026-11-14T03:04:05.5Z'],
    [utc, '2026-11-14T03:04:05.123456Z', '2026-11-14T03:04:05.123456Z'],
    [berlin, '2026-11-14 04:04:05', '2026-11-14T03:04:05Z'],
    [berlin, '04:04:05', '2026-11-14T03:04:05Z'],
    [berlin, '2026-07-01 14:00:00', '2026-07-01T12:00:00Z'],
    [bus, '27:04:05.123', '2026-11-14T03:04:05.123Z'],
    [bus, '4:05', '2026-11-13T00:04:05Z'],
    [bus, '-0:00:01.5', '2026-11-12T23:59:58.5Z'],
  ] as const)('%o reads %s', (settings, text, iso) => {
    expect(parseClock(text, settings, reference)).toBe(at(iso));
  });

  it('round-trips every format to the microsecond', () => {
    const instantUs = at('2026-11-14T03:04:05.000007Z');
    for (const settings of [utc, berlin, bus]) expect(parseClock(formatClock(instantUs, settings, 6), settings, reference)).toBe(instantUs);
  });

  it.each([
    [utc, 'yesterday'],
    [utc, '2026-02-30 10:00:00'],
    [utc, '25:00:00'],
    [bus, '1:75:00'],
    [bus, 'noon'],
  ] as const)('%o refuses %s with the expected form', (settings, text) => {
    expect(() => parseClock(text, settings, reference)).toThrow(TimeParseError);
  });
});

describe('withClockTimes', () => {
  const message = 'No footage from 2026-11-14T03:04:05Z to 2026-11-14T03:04:07.250000Z on desertbus/source (at 2026-11-14T03:04:05.123456Z)';
  it.each([
    [utc, 'No footage from 2026-11-14 03:04:05 UTC to 2026-11-14 03:04:07.250 UTC on desertbus/source (at 2026-11-14 03:04:05.123456 UTC)'],
    [
      berlin,
      'No footage from 2026-11-14 04:04:05 Europe/Berlin to 2026-11-14 04:04:07.250 Europe/Berlin on desertbus/source (at 2026-11-14 04:04:05.123456 Europe/Berlin)',
    ],
    [bus, 'No footage from 27:04:05 bus to 27:04:07.250 bus on desertbus/source (at 27:04:05.123456 bus)'],
  ] as const)('%o: each instant in the clock, as exact as written', (settings, text) => {
    expect(withClockTimes(message, settings)).toBe(text);
  });

  it('leaves file names, hour folders and impossible dates as written', () => {
    const text = 'desertbus-2026-11-14T03-00-07.250Z.png in 2026-11-14T03, not 2026-02-30T00:00:00Z';
    expect(withClockTimes(text, bus)).toBe(text);
  });
});
