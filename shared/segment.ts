/**
 * Segment file names: `MM:SS.ffffff-DURATION-TYPE-HASH.ts` inside an hour directory
 * `YYYY-MM-DDTHH`. See ARCHIVE-FORMAT.md. Parsing is exact and cheap: the minute,
 * second and fraction are added to the hour's start instant as integers.
 */
import { TrimdeskError } from './errors';
import { US_PER_MINUTE, US_PER_SECOND, parseDecimalSecondsUs } from './time';

export const SEGMENT_TYPES = ['full', 'suspect', 'partial', 'temp'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];
/** The types a selection can return (temp is never used). */
export type UsableSegmentType = Exclude<SegmentType, 'temp'>;

export interface SegmentInfo {
  /** Hour directory name, `YYYY-MM-DDTHH`. */
  readonly hour: string;
  /** File name inside the hour directory. */
  readonly name: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly endUs: number;
  readonly type: SegmentType;
  /** Hash text as written in the name (url-safe base64, unpadded; a uuid for temp). */
  readonly hash: string;
}

/** A `.ts` name in an hour directory that is not a segment name; `reason` says why. */
export class SegmentNameError extends TrimdeskError {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super('bad-segment-name', `${fileName}: ${reason}`, { fileName, reason });
    this.name = 'SegmentNameError';
  }
}

const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

/** The segment type spelled exactly at text[start, end), if any. */
function segmentTypeAt(text: string, start: number, end: number): SegmentType | undefined {
  return SEGMENT_TYPES.find((type) => end - start === type.length && text.startsWith(type, start));
}

const ZERO = 48;

/** Value of the two ASCII digits at `index`, or -1. */
function twoDigits(text: string, index: number): number {
  const tens = text.charCodeAt(index) - ZERO;
  const ones = text.charCodeAt(index + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** What parseTimeInHour found: a time in the hour, text of another form, or a minute or second past 59. */
const TIME_IN_HOUR = 0;
const NOT_A_TIME = 1;
const OUTSIDE_THE_HOUR = 2;

/**
 * Reads `MM:SS.f` (1 to 6 fraction digits) at text[start, end) and writes its microseconds
 * into the hour to `into[slot]` (see TIME_IN_HOUR...). Written to an array, not returned: past
 * 35 minutes the microseconds are more than a small integer holds, and a returned number was
 * boxed, one allocation per name. Hand-written rather than a regular expression: every file
 * name of an archive goes through here.
 */
function parseTimeInHour(text: string, start: number, end: number, into: Float64Array, slot: number): number {
  const length = end - start;
  if (length < 7 || length > 12 || text.charCodeAt(start + 2) !== 58 /* : */ || text.charCodeAt(start + 5) !== 46 /* . */) {
    return NOT_A_TIME;
  }
  const minute = twoDigits(text, start);
  const second = twoDigits(text, start + 3);
  if (minute < 0 || second < 0) return NOT_A_TIME;
  let fractionUs = 0;
  for (let index = start + 6; index < start + 12; index++) {
    const digit = index < end ? text.charCodeAt(index) - ZERO : 0;
    if (digit < 0 || digit > 9) return NOT_A_TIME;
    fractionUs = fractionUs * 10 + digit;
  }
  if (minute > 59 || second > 59) return OUTSIDE_THE_HOUR;
  into[slot] = minute * US_PER_MINUTE + second * US_PER_SECOND + fractionUs;
  return TIME_IN_HOUR;
}

/** Where segmentOrReason has parseTimeInHour write a name's time. */
const TIME_SCRATCH = new Float64Array(1);

/**
 * Parses a segment file name found in hour directory `hour` (whose start instant is
 * `hourStartUs`). Throws SegmentNameError with the reason when the name is not valid.
 */
export function parseSegmentName(name: string, hour: string, hourStartUs: number): SegmentInfo {
  const parsed = segmentOrReason(name, hour, hourStartUs);
  if (typeof parsed === 'string') throw new SegmentNameError(name, parsed);
  return parsed;
}

/** Why `name` is not a segment name (parseSegmentName's reason), or undefined when it is one; nothing is thrown (an error's stack trace costs more than the parse). */
export function segmentNameProblem(name: string): string | undefined {
  const parsed = segmentOrReason(name, '', 0);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** parseSegmentName's segment, or the reason the name is not one. */
function segmentOrReason(name: string, hour: string, hourStartUs: number): SegmentInfo | string {
  if (!name.endsWith('.ts')) return 'does not end in .ts';
  // Fields are read in place by index: an archive has hundreds of thousands of names, and
  // cutting each into substrings first made the garbage collector the largest cost.
  // Split on the first three dashes only: the hash may itself contain `-`.
  const stemEnd = name.length - 3;
  const first = name.indexOf('-');
  const second = first < 0 ? -1 : name.indexOf('-', first + 1);
  const third = second < 0 ? -1 : name.indexOf('-', second + 1);
  if (third < 0) return 'expected MM:SS.ffffff-DURATION-TYPE-HASH.ts (too few dashes)';
  const time = parseTimeInHour(name, 0, first, TIME_SCRATCH, 0);
  if (time === NOT_A_TIME) return `start ${JSON.stringify(name.slice(0, first))} is not MM:SS.ffffff`;
  if (time === OUTSIDE_THE_HOUR) return `start ${name.slice(0, first)} is outside the hour`;
  const offsetUs = TIME_SCRATCH[0]!;
  const durationUs = parseDecimalSecondsUs(name, first + 1, second);
  if (durationUs === undefined) {
    return `duration ${JSON.stringify(name.slice(first + 1, second))} is not decimal seconds`;
  }
  const type = segmentTypeAt(name, second + 1, third);
  if (type === undefined) {
    return `type ${JSON.stringify(name.slice(second + 1, third))} is not one of ${SEGMENT_TYPES.join(', ')}`;
  }
  const hash = name.slice(third + 1, stemEnd);
  if (type !== 'temp' && !isBase64Url(hash)) {
    return 'hash is not url-safe base64';
  }
  const startUs = hourStartUs + offsetUs;
  return { hour, name, startUs, durationUs, endUs: startUs + durationUs, type, hash };
}

/** Where segmentFieldsOf writes each field of a name: start within the hour and duration (µs), type (index in SEGMENT_TYPES), where the hash starts. */
export const FIELD_OFFSET_US = 0;
export const FIELD_DURATION_US = 1;
export const FIELD_TYPE = 2;
export const FIELD_HASH_START = 3;

/**
 * The fields of a segment name written to `fields` (see FIELD_OFFSET_US...), when
 * parseSegmentName would accept the name; false otherwise (parse it then for the reason;
 * `fields` may then hold some of the name's fields).
 * Nothing is allocated: the archive reads every name of a listing with this and makes a
 * SegmentInfo only for the segments it chooses.
 */
export function segmentFieldsOf(name: string, fields: Float64Array): boolean {
  const stemEnd = name.length - 3;
  if (stemEnd < 0 || name.charCodeAt(stemEnd) !== 46 /* . */ || name.charCodeAt(stemEnd + 1) !== 116 /* t */ || name.charCodeAt(stemEnd + 2) !== 115 /* s */) {
    return false;
  }
  const first = name.indexOf('-');
  const second = first < 0 ? -1 : name.indexOf('-', first + 1);
  const third = second < 0 ? -1 : name.indexOf('-', second + 1);
  if (third < 0) return false;
  if (parseTimeInHour(name, 0, first, fields, FIELD_OFFSET_US) !== TIME_IN_HOUR) return false;
  const durationUs = parseDecimalSecondsUs(name, first + 1, second);
  if (durationUs === undefined) return false;
  const type = typeIndexAt(name, second + 1, third);
  if (type < 0 || (type !== TEMP_TYPE && !isBase64UrlAt(name, third + 1, stemEnd))) return false;
  fields[FIELD_DURATION_US] = durationUs;
  fields[FIELD_TYPE] = type;
  fields[FIELD_HASH_START] = third + 1;
  return true;
}

/** Index in SEGMENT_TYPES of temp, the type whose hash is a uuid. */
const TEMP_TYPE = 3;

/** Index in SEGMENT_TYPES of the type spelled exactly at text[start, end), or -1 (segmentTypeAt without a closure per name). */
function typeIndexAt(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 4) {
    if (text.startsWith('full', start)) return 0;
    if (text.startsWith('temp', start)) return TEMP_TYPE;
  } else if (length === 7) {
    if (text.startsWith('suspect', start)) return 1;
    if (text.startsWith('partial', start)) return 2;
  }
  return -1;
}

/** The longest run of url-safe base64 characters from where lastIndex is set (sticky: it matches there or nowhere). */
const BASE64URL_RUN = /[A-Za-z0-9_-]*/y;

/**
 * isBase64Url of text[start, end), in place: the run of alphabet characters from start
 * reaches end. One native regular-expression match rather than a loop over 43
 * characters in JavaScript, which a fresh process runs unoptimised for its first
 * thousands of names.
 */
function isBase64UrlAt(text: string, start: number, end: number): boolean {
  if ((end - start) % 4 === 1) return false;
  BASE64URL_RUN.lastIndex = start;
  BASE64URL_RUN.test(text);
  return BASE64URL_RUN.lastIndex >= end;
}

function isBase64Url(text: string): boolean {
  return BASE64URL_PATTERN.test(text) && text.length % 4 !== 1;
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes unpadded url-safe base64 (already validated by parseSegmentName). */
export function decodeHash(hash: string): Uint8Array {
  const bytes = new Uint8Array(Math.floor((hash.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of hash) {
    buffer = (buffer << 6) | BASE64URL_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

/** Each base64url character's 6-bit value, by character code (-1: not in the alphabet). */
const SEXTET_OF = new Int8Array(128).fill(-1);
for (let index = 0; index < BASE64URL_ALPHABET.length; index++) SEXTET_OF[BASE64URL_ALPHABET.charCodeAt(index)] = index;

/**
 * Orders hashes by their decoded bytes (not their base64 text, whose alphabet is not in
 * byte order): negative, zero or positive. Hashes of one length (every recorder's) are
 * compared character by character as 6-bit values, which orders the same bit string as
 * the bytes do, with no decoding: the bits of the last character that no whole byte
 * holds are left out, as decoding drops them. Other lengths are decoded.
 */
export function compareHashBytes(a: string, b: string): number {
  if (a.length === b.length) {
    const last = a.length - 1;
    const droppedBits = (a.length * 6) % 8;
    for (let index = 0; index <= last; index++) {
      let left = SEXTET_OF[a.charCodeAt(index)] ?? -1;
      let right = SEXTET_OF[b.charCodeAt(index)] ?? -1;
      if (left < 0 || right < 0) return compareDecoded(a, b);
      if (index === last) {
        left >>= droppedBits;
        right >>= droppedBits;
      }
      if (left !== right) return left - right;
    }
    return 0;
  }
  return compareDecoded(a, b);
}

function compareDecoded(a: string, b: string): number {
  const left = decodeHash(a);
  const right = decodeHash(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
