/**
 * Instants are integer microseconds since the Unix epoch (UTC), held in a plain
 * number: exact until the year 2255. Every time Trimdesk stores or compares is one.
 *
 * Parsing never goes through floating point or a general date parser: archive file
 * names are parsed millions of times, and a 1 us rounding error makes adjacent
 * segments look like they overlap.
 */

import { TrimdeskError } from './errors';

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;

/** A time the user or a caller wrote that Trimdesk cannot read. */
export class TimeParseError extends TrimdeskError {
  constructor(
    readonly input: string,
    readonly expected: string,
  ) {
    super('bad-input', `Cannot read time ${JSON.stringify(input)}: expected ${expected}`, { input, expected });
    this.name = 'TimeParseError';
  }
}

const ISO_FORM = 'ISO 8601 UTC like 2026-11-14T03:00:00Z (seconds and up to 6 fraction digits optional)';
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|z|\+00:?00)?$/;

/** Microseconds from a string of 1 to 6 fraction digits: "5" is 500000. */
export function fractionToUs(digits: string): number {
  return Number(digits.padEnd(6, '0'));
}

/** The instant a UTC calendar date and time names. Validates every field. */
export function instantFromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  microsecond: number,
): number | undefined {
  // Date.UTC would read years 0-99 as 1900-1999; they are outside the range below anyway.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; a valid date round-trips.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const instantUs = ms * US_PER_MS + microsecond;
  // Outside 1686-2255 microseconds no longer fit a number exactly: refused, not rounded.
  return Number.isSafeInteger(instantUs) ? instantUs : undefined;
}

/** Parses an ISO 8601 UTC instant; no zone designator means UTC. */
export function parseInstant(text: string): number {
  const match = ISO_PATTERN.exec(text.trim());
  if (!match) throw new TimeParseError(text, ISO_FORM);
  const [, y, mo, d, h, mi, s, frac] = match;
  const instant = instantFromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? '0'), frac === undefined ? 0 : fractionToUs(frac));
  if (instant === undefined) throw new TimeParseError(text, `a real calendar date and time between the years 1686 and 2255 (${ISO_FORM})`);
  return instant;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Years 1970..9999: where `toISOString` has the plain `YYYY-` form the hour prefix is cut from. */
const FAST_FORMAT_LIMIT_US = Date.UTC(10_000, 0, 1) * US_PER_MS;
/** The date-and-hour prefix (`2026-11-14T03:`) of the last hour formatted: a listing or playlist formats thousands of instants of one hour in a row. */
let prefixHourUs = Number.NaN;
let hourPrefix = '';

/** `2026-11-14T03:04:05.123456Z`: always 6 fraction digits. */
export function formatInstant(instantUs: number): string {
  if (!(instantUs >= 0 && instantUs < FAST_FORMAT_LIMIT_US)) {
    const iso = new Date(Math.floor(instantUs / US_PER_MS)).toISOString(); // 2026-11-14T03:04:05.123Z
    const microsecond = instantUs - Math.floor(instantUs / US_PER_SECOND) * US_PER_SECOND;
    return `${iso.slice(0, 19)}.${pad(microsecond, 6)}Z`;
  }
  const hourUs = instantUs - (instantUs % US_PER_HOUR);
  if (hourUs !== prefixHourUs) {
    hourPrefix = new Date(hourUs / US_PER_MS).toISOString().slice(0, 14);
    prefixHourUs = hourUs;
  }
  const inHourUs = instantUs - hourUs;
  const minute = Math.floor(inHourUs / US_PER_MINUTE);
  const second = Math.floor((inHourUs - minute * US_PER_MINUTE) / US_PER_SECOND);
  const microsecond = inHourUs - minute * US_PER_MINUTE - second * US_PER_SECOND;
  return `${hourPrefix}${minute < 10 ? '0' : ''}${minute}:${second < 10 ? '0' : ''}${second}.${pad(microsecond, 6)}Z`;
}

/** Start of the UTC hour containing the instant. */
export function hourStartOf(instantUs: number): number {
  return Math.floor(instantUs / US_PER_HOUR) * US_PER_HOUR;
}

/** The archive's hour directory name, `YYYY-MM-DDTHH`, for the hour containing the instant. */
export function formatHour(instantUs: number): string {
  return new Date(hourStartOf(instantUs) / US_PER_MS).toISOString().slice(0, 13);
}

const HOUR_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/;

/** Start instant of an hour directory name, or undefined when the name is not one. */
export function parseHour(name: string): number | undefined {
  const match = HOUR_PATTERN.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h] = match;
  return instantFromParts(Number(y), Number(mo), Number(d), Number(h), 0, 0, 0);
}

/** Hour directory names from the hour containing `fromUs` through the one containing `toUs`. */
export function hoursBetween(fromUs: number, toUs: number): string[] {
  const hours: string[] = [];
  for (let hour = hourStartOf(fromUs); hour <= toUs; hour += US_PER_HOUR) hours.push(formatHour(hour));
  return hours;
}

/** FRACTION_SCALE[n]: microseconds in one unit of the n-th fraction digit, 10 ** (6 - n), as a table (`**` computed a power for every segment name's duration). */
const FRACTION_SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/**
 * Exact decimal seconds ("2", "2.0", "1.968") to microseconds. Digits past the sixth
 * are rounded half-up, as the recorders' own parsers round to the microsecond.
 */
export function parseDecimalSecondsUs(text: string, start = 0, end = text.length): number | undefined {
  // By hand, in place, rather than a regular expression: every segment name's duration
  // comes here (text[start, end)).
  let dot = text.indexOf('.', start);
  if (dot >= end) dot = -1;
  const wholeEnd = dot < 0 ? end : dot;
  if (wholeEnd === start || dot === end - 1) return undefined;
  let whole = 0;
  for (let index = start; index < wholeEnd; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    whole = whole * 10 + digit;
  }
  let fractionUs = 0;
  for (let index = wholeEnd + 1, place = 0; index < end; index++, place++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (place < 6) fractionUs = fractionUs * 10 + digit;
    else if (place === 6 && digit >= 5) fractionUs += 1; // round half up at the microsecond
  }
  const fractionDigits = dot < 0 ? 0 : Math.min(6, end - dot - 1);
  const total = whole * US_PER_SECOND + fractionUs * FRACTION_SCALE[fractionDigits]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Seconds as a JS number, for display and for ffmpeg arguments only (never for comparison). */
export function usToSeconds(durationUs: number): number {
  return durationUs / US_PER_SECOND;
}

/** Exact decimal text of a duration in seconds, e.g. 2.5 -> "2.500000". */
export function formatSecondsExact(durationUs: number): string {
  const sign = durationUs < 0 ? '-' : '';
  const abs = Math.abs(durationUs);
  return `${sign}${Math.floor(abs / US_PER_SECOND)}.${pad(abs % US_PER_SECOND, 6)}`;
}

/** Human duration like `1h 02m 03.5s`, `2m 05s`, `0.25s` (millisecond precision). */
export function formatDuration(durationUs: number): string {
  const totalMs = Math.round(Math.abs(durationUs) / US_PER_MS);
  const hours = Math.floor(totalMs / 3_600_000);
  const minutes = Math.floor((totalMs % 3_600_000) / 60_000);
  const wholeSeconds = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  const fraction = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  const sign = durationUs < 0 ? '-' : '';
  if (hours > 0) return `${sign}${hours}h ${pad(minutes, 2)}m ${pad(wholeSeconds, 2)}${fraction}s`;
  if (minutes > 0) return `${sign}${minutes}m ${pad(wholeSeconds, 2)}${fraction}s`;
  return `${sign}${wholeSeconds}${fraction}s`;
}

/**
 * A time left as people say it: "about 5 s left" reads better than "2.072s left", and an
 * estimate has no milliseconds worth showing. Under 10 s to the second, under a minute to
 * 5 s, under an hour to the minute, beyond that hours and minutes.
 */
export function formatTimeLeft(durationUs: number): string {
  const seconds = Math.max(0, durationUs) / US_PER_SECOND;
  if (seconds < 1) return 'less than a second left';
  if (seconds < 10) return `about ${Math.round(seconds)} s left`;
  if (seconds < 57.5) return `about ${Math.round(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${pad(minutes % 60, 2)} min left`;
}
