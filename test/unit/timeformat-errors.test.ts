import { describe, expect, it } from 'vitest';
import { ClockParseError, parseClock, type ClockSettings } from '../../shared/timeformat';
import { TimeParseError, parseInstant } from '../../shared/time';

const utc: ClockSettings = { format: 'utc', timeZone: 'UTC', busStartUs: 0 };
const berlin: ClockSettings = { format: 'local', timeZone: 'Europe/Berlin', busStartUs: 0 };
const bus: ClockSettings = { format: 'bus', timeZone: 'UTC', busStartUs: parseInstant('2026-11-13T00:00:00Z') };
const reference = parseInstant('2026-11-14T03:00:00Z');

function messageOf(text: string, settings: ClockSettings): string {
  try {
    parseClock(text, settings, reference);
  } catch (error) {
    expect(error).toBeInstanceOf(TimeParseError);
    expect(error).toBeInstanceOf(ClockParseError);
    return (error as Error).message;
  }
  throw new Error(`${text} was read`);
}

describe('time parse errors name the part that is wrong', () => {
  it.each([
    [utc, '03:61:00', 'Cannot read time "03:61:00": minute 61 is past 59.'],
    [utc, '25:00:00', 'Cannot read time "25:00:00": hour 25 is past 23.'],
    [utc, '03:00:75', 'Cannot read time "03:00:75": second 75 is past 59.'],
    [utc, '2026-13-01 10:00', 'Cannot read time "2026-13-01 10:00": month 13 does not exist.'],
    [utc, '2026-02-30 10:00:00', 'Cannot read time "2026-02-30 10:00:00": no such date 2026-02-30.'],
    [utc, '2026-04-31 10:00:00', 'Cannot read time "2026-04-31 10:00:00": no such date 2026-04-31.'],
    [utc, '2026-00-10 10:00:00', 'Cannot read time "2026-00-10 10:00:00": month 0 does not exist.'],
    [utc, '0050-01-01 10:00:00', 'Cannot read time "0050-01-01 10:00:00": year 50 is out of range.'],
    [berlin, '2026-02-29 10:00:00', 'Cannot read time "2026-02-29 10:00:00": no such date 2026-02-29.'],
    [bus, '1:75:00', 'Cannot read time "1:75:00": minute 75 is past 59.'],
    [bus, '27:04:61', 'Cannot read time "27:04:61": second 61 is past 59.'],
  ] as const)('%o: %s', (settings, text, message) => {
    expect(messageOf(text, settings)).toBe(message);
  });

  it('reads 29 February in a leap year', () => {
    expect(parseClock('2028-02-29 10:00:00', utc, reference)).toBe(parseInstant('2028-02-29T10:00:00Z'));
  });

  it('gives the expected form, kept short, when the text is in no form it reads', () => {
    expect(messageOf('yesterday', utc)).toBe('Cannot read time "yesterday": expected YYYY-MM-DD HH:MM:SS.fff, or HH:MM:SS for the same day');
    expect(messageOf('noon', bus)).toBe('Cannot read time "noon": expected H:MM:SS.fff since the event start');
  });
});
