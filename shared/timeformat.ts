/**
 * The clock as the user reads and types it: UTC, local time in a time zone, or "bus
 * time" (elapsed since a configurable event start, as marathon streams count it).
 * Formatting and parsing are exact to the microsecond; no floating point, no Date.parse.
 */
import { TimeParseError, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, fractionToUs, instantFromParts, parseInstant } from './time';

export type TimeFormat = 'utc' | 'local' | 'bus';

export interface ClockSettings {
  format: TimeFormat;
  /** IANA zone for 'local' (e.g. "Europe/Berlin"). */
  timeZone: string;
  /** The instant bus time counts from. */
  busStartUs: number;
}

/** How many fraction digits a formatted time shows. */
export type ClockPrecision = 0 | 3 | 6;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function fraction(microsecond: number, precision: ClockPrecision): string {
  if (precision === 0) return '';
  return `.${pad(microsecond, 6).slice(0, precision)}`;
}

/** Splits an instant into UTC calendar fields plus the microsecond within the second. */
function utcFields(instantUs: number) {
  const secondUs = Math.floor(instantUs / US_PER_SECOND) * US_PER_SECOND;
  const date = new Date(secondUs / 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    microsecond: instantUs - secondUs,
  };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** Area/Location names (and UTC, Etc/GMT+5...): what IANA zones look like; offsets like +01:00 are not zones. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * True for a time zone this runtime knows by its IANA name. A stored or typed zone is
 * checked before use: formatting with an unknown one throws (RangeError "Invalid time
 * zone specified") and would take the whole editor down.
 */
export function isTimeZone(name: string): boolean {
  if (!ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Offset of a time zone from UTC at an instant, in microseconds (east positive). */
export function zoneOffsetUs(timeZone: string, instantUs: number): number {
  let formatter = zoneFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormatters.set(timeZone, formatter);
  }
  const secondUs = Math.floor(instantUs / US_PER_SECOND) * US_PER_SECOND;
  const parts = Object.fromEntries(formatter.formatToParts(new Date(secondUs / 1000)).map((p) => [p.type, p.value]));
  const wallUs = instantFromParts(
    Number(parts.year),
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
    0,
  );
  return (wallUs ?? secondUs) - secondUs;
}

function formatCalendar(instantUs: number, precision: ClockPrecision): string {
  const f = utcFields(instantUs);
  return `${f.year}-${pad(f.month, 2)}-${pad(f.day, 2)} ${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${fraction(f.microsecond, precision)}`;
}

/** Elapsed time as `[-]H:MM:SS[.fff]`; hours grow past 24 (bus time runs for days). */
export function formatElapsed(elapsedUs: number, precision: ClockPrecision): string {
  const sign = elapsedUs < 0 ? '-' : '';
  const abs = Math.abs(elapsedUs);
  const hours = Math.floor(abs / US_PER_HOUR);
  const minutes = Math.floor((abs % US_PER_HOUR) / US_PER_MINUTE);
  const seconds = Math.floor((abs % US_PER_MINUTE) / US_PER_SECOND);
  return `${sign}${hours}:${pad(minutes, 2)}:${pad(seconds, 2)}${fraction(abs % US_PER_SECOND, precision)}`;
}

/** The instant as the user's chosen clock shows it, e.g. `2026-11-14 03:04:05.123`. */
export function formatClock(instantUs: number, settings: ClockSettings, precision: ClockPrecision = 3): string {
  switch (settings.format) {
    case 'utc':
      return formatCalendar(instantUs, precision);
    case 'local':
      return formatCalendar(instantUs + zoneOffsetUs(settings.timeZone, instantUs), precision);
    case 'bus':
      return formatElapsed(instantUs - settings.busStartUs, precision);
  }
}

/** A short label for the clock, shown next to times: "UTC", the zone, or "bus". */
export function clockSuffix(settings: ClockSettings): string {
  if (settings.format === 'utc') return 'UTC';
  if (settings.format === 'local') return settings.timeZone;
  return 'bus';
}

/** An ISO instant inside a message, as shared/time formatInstant writes them (the fraction optional). */
const ISO_INSTANT_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?Z/g;

/**
 * A message with each ISO instant in it in the user's clock, e.g. "at 2026-11-14T03:14:10Z"
 * to "at 3:14:10 bus": errors are worded once, in ISO (the command line's form), and the
 * window shows them in the clock the user reads. As exact as the instant was written.
 */
export function withClockTimes(text: string, settings: ClockSettings): string {
  return text.replace(ISO_INSTANT_IN_TEXT, (iso: string, fraction: string | undefined) => {
    const digits = (fraction ?? '').replace(/0+$/, '').length;
    const precision: ClockPrecision = digits === 0 ? 0 : digits <= 3 ? 3 : 6;
    try {
      return `${formatClock(parseInstant(iso), settings, precision)} ${clockSuffix(settings)}`;
    } catch {
      // Not a real calendar instant (2026-02-30): left as written.
      return iso;
    }
  });
}

const CALENDAR_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const TIME_OF_DAY_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/;
const ELAPSED_PATTERN = /^(-)?(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,6}))?$/;

const CALENDAR_FORM = 'YYYY-MM-DD HH:MM:SS.fff, or HH:MM:SS for the same day';
const ELAPSED_FORM = 'H:MM:SS.fff since the event start';

/**
 * A typed time that cannot be read. When the form was right but a part is not (minute 61,
 * 30 February), the message names that part instead of repeating the whole form.
 */
export class ClockParseError extends TimeParseError {
  constructor(
    input: string,
    expected: string,
    /** What is wrong with one part, e.g. "minute 61 is past 59"; undefined when the form itself is off. */
    readonly problem?: string,
  ) {
    super(input, expected);
    if (problem !== undefined) this.message = `Cannot read time ${JSON.stringify(input)}: ${problem}.`;
  }
}

/** A wall-clock reading as typed, before any check that such a time exists. */
interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pastLimit(name: string, value: number, limit: number): string | undefined {
  return value > limit ? `${name} ${value} is past ${limit}` : undefined;
}

/** The first part of a wall-clock reading that cannot exist, in words; undefined when all can. */
function wallFieldProblem(f: WallFields): string | undefined {
  if (f.month < 1 || f.month > 12) return `month ${f.month} does not exist`;
  if (f.day < 1 || f.day > daysInMonth(f.year, f.month)) return `no such date ${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
  return pastLimit('hour', f.hour, 23) ?? pastLimit('minute', f.minute, 59) ?? pastLimit('second', f.second, 59);
}

/** Calendar fields of a typed wall-clock time; undefined when the text is in neither form. */
function wallFields(text: string, referenceWallUs: number): WallFields | undefined {
  const calendar = CALENDAR_PATTERN.exec(text);
  const timeOfDay = calendar ? undefined : TIME_OF_DAY_PATTERN.exec(text);
  if (!calendar && !timeOfDay) return undefined;
  const day = utcFields(referenceWallUs);
  const [y, mo, d, h, mi, s, frac] = calendar ? calendar.slice(1) : [day.year, day.month, day.day, ...timeOfDay!.slice(1)];
  return {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? '0'),
    microsecond: frac ? fractionToUs(String(frac)) : 0,
  };
}

/** Wall-clock calendar time (in the clock's own zone) to microseconds of that "wall" reading. */
function parseWallClock(text: string, referenceWallUs: number): number {
  const fields = wallFields(text.trim(), referenceWallUs);
  if (fields === undefined) throw new ClockParseError(text, CALENDAR_FORM);
  const problem = wallFieldProblem(fields);
  if (problem !== undefined) throw new ClockParseError(text, CALENDAR_FORM, problem);
  const { year, month, day, hour, minute, second, microsecond } = fields;
  const wallUs = instantFromParts(year, month, day, hour, minute, second, microsecond);
  if (wallUs === undefined) throw new ClockParseError(text, CALENDAR_FORM, `year ${year} is out of range`);
  return wallUs;
}

/** Instant whose local wall reading in `timeZone` is `wallUs` (two passes settle DST edges). */
function instantFromZoneWall(wallUs: number, timeZone: string): number {
  let instantUs = wallUs - zoneOffsetUs(timeZone, wallUs);
  instantUs = wallUs - zoneOffsetUs(timeZone, instantUs);
  return instantUs;
}

/**
 * Reads a time typed in the user's clock. `referenceUs` supplies the date when only a
 * time of day is typed. Full ISO instants with Z are accepted in every format.
 * Throws ClockParseError naming the part that is wrong, or the expected form.
 */
export function parseClock(text: string, settings: ClockSettings, referenceUs: number): number {
  const trimmed = text.trim();
  if (/[zZ]$|\+00:?00$/.test(trimmed)) return parseInstant(trimmed);
  if (settings.format === 'bus') return settings.busStartUs + parseElapsed(text);
  const offsetUs = settings.format === 'local' ? zoneOffsetUs(settings.timeZone, referenceUs) : 0;
  const wallUs = parseWallClock(text, referenceUs + offsetUs);
  return settings.format === 'local' ? instantFromZoneWall(wallUs, settings.timeZone) : wallUs;
}

/** Bus time as typed, `[-][H:]MM:SS[.fff]`, to elapsed microseconds. */
function parseElapsed(text: string): number {
  const match = ELAPSED_PATTERN.exec(text.trim());
  if (!match) throw new ClockParseError(text, ELAPSED_FORM);
  const [, minus, h, mi, s, frac] = match;
  const problem = pastLimit('minute', Number(mi), 59) ?? pastLimit('second', Number(s), 59);
  if (problem !== undefined) throw new ClockParseError(text, ELAPSED_FORM, problem);
  const elapsedUs = Number(h ?? '0') * US_PER_HOUR + Number(mi) * US_PER_MINUTE + Number(s) * US_PER_SECOND + (frac ? fractionToUs(frac) : 0);
  return minus ? -elapsedUs : elapsedUs;
}
