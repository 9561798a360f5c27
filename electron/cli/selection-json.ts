/**
 * `segments --json` of a folder archive, written straight into bytes: a 12-hour selection
 * is 21,600 segments, and building an object (and a path.join) per segment only for
 * JSON.stringify to walk it cost as much as the selection itself. The text is exactly
 * JSON.stringify's of segmentJson (segments.ts) for each segment.
 *
 * A segment's path is its hour folder's path (joined once per hour) and its name (a
 * directory entry: never a separator, `.` or `..`); every part that repeats (the hour
 * folder, field names, type and sources) is encoded once and copied, and times are
 * written as digits, so a segment leaves no string behind. Segments of hours read from
 * the persisted index come as rows of its columns (Archive.selectColumns): their numbers
 * are read from typed arrays and their names copied from the index's bytes, which hold
 * only characters that are the same inside a JSON string (hour-index.ts checks).
 */
import path from 'node:path';
import type { SegmentInfo } from '../../shared/segment';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, formatInstant, usToSeconds } from '../../shared/time';
import type { Archive, ColumnSelection } from '../node/archive/archive';
import { INDEX_TYPES, type IndexColumns } from '../node/archive/hour-index';
import type { HourJson, SegmentJsonCache } from './segment-json-cache';
import { collectingWriteNow, type WriteNow } from './write-now';
import { TextBytes } from './text-bytes';

/** Text that is the same inside a JSON string (every segment name the parser accepts is). */
const JSON_PLAIN = /^[\w.:-]*$/;
/** Bytes of one segment's JSON beyond its path, sources and name (times, duration, type, punctuation), with room to spare. */
const SEGMENT_JSON_BYTES = 160;
/** Room for both times' fields: the longest formatInstant text (a year beyond 9999, a sign) and its field name, twice. */
const INSTANTS_BYTES = 2 * 48;
/** Instants written as digits here: whole microseconds in years 1970..9999, as formatInstant's fast form (others go through it). */
const DIGITS_LIMIT_US = Date.UTC(10_000, 0, 1) * 1000;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

type LatinWriter = Buffer & { latin1Write(text: string, offset: number, length: number): number };

/**
 * An indexed hour's rows are copied from its whole text (segment-json-cache.ts: saved, or
 * written now and saved) when the selection uses at least this share of them and this many:
 * a run of minutes writes its few rows itself rather than the whole hour.
 */
const WHOLE_HOUR_SHARE = 0.5;
const WHOLE_HOUR_MIN_ROWS = 256;

/**
 * Writes the JSON text (with its line end) of a folder archive's selection through
 * `write`, in pieces; hours' texts from `cache` where it has them (and saved to it where
 * not). Every piece is written before the next is made: an hour's saved text is passed on
 * from the buffer it was read into, which the next hour's read fills again.
 */
export function writeFolderSelectionJson(
  archive: Archive,
  channel: string,
  quality: string,
  selection: ColumnSelection,
  cache: SegmentJsonCache | undefined,
  write: WriteNow,
): void {
  const writer = new SelectionJsonWriter(archive, channel, quality, selection.entries.length);
  const { entries, hours } = selection;
  const made: [IndexColumns, HourJson][] = [];
  let hourIndex = -1;
  let rows: IndexColumns | undefined;
  let hourJson: HourJson | undefined;
  let firstRow = 0;
  let endRow = 0;
  writer.open();
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (index > 0) writer.comma();
    if (entry === null) writer.hole();
    else if (typeof entry !== 'number') writer.segment(entry);
    else {
      // Rows come in time order: the hour they are in only moves on.
      while (entry >= endRow) {
        const next = hours[++hourIndex]!;
        rows = next.columns;
        firstRow = next.firstRow;
        endRow = firstRow + rows.count;
        const usedRows = Math.min(endRow - entry, entries.length - index);
        hourJson =
          cache !== undefined && usedRows >= WHOLE_HOUR_MIN_ROWS && usedRows >= rows.count * WHOLE_HOUR_SHARE
            ? cachedHourJson(writer, rows, cache, made)
            : undefined;
      }
      if (hourJson !== undefined) {
        // The run of rows that follow each other from here (an overlap skipped or a hole ends it) in one copy.
        let last = index;
        while (last + 1 < entries.length && entries[last + 1] === entry + last + 1 - index && entry + last + 1 - index < endRow) last++;
        if (writer.rowsFrom(hourJson, entry - firstRow, entry - firstRow + last - index, write)) {
          index = last;
          continue;
        }
        cache!.warnDamaged(rows!);
        hourJson = undefined; // the rest of the hour is written from its rows
      }
      writer.row(rows!, entry - firstRow);
    }
  }
  writer.close(write);
  for (const [columns, json] of made) cache!.write(columns, json);
}

/** writeFolderSelectionJson's text as one buffer. */
export function folderSelectionJson(archive: Archive, channel: string, quality: string, selection: ColumnSelection, cache?: SegmentJsonCache): Buffer {
  const collected = collectingWriteNow();
  writeFolderSelectionJson(archive, channel, quality, selection, cache, collected.write);
  return collected.bytes();
}

/** An hour's whole JSON: saved, or written now (and listed in `made`, to be saved). */
function cachedHourJson(writer: SelectionJsonWriter, columns: IndexColumns, cache: SegmentJsonCache, made: [IndexColumns, HourJson][]): HourJson {
  const saved = cache.read(columns);
  if (saved !== undefined) return saved;
  const json = writer.wholeHour(columns);
  made.push([columns, json]);
  return json;
}

class SelectionJsonWriter {
  private readonly text: TextBytes;
  private readonly starts = new InstantWriter('","start":"');
  private readonly ends = new InstantWriter('","end":"');
  private readonly sourceFields: string;
  /** The fields after the times (duration, type, sources) per duration and type: a few at most. */
  private readonly tails = new Map<string, Buffer>();
  // Most segments have the duration and type of the one before: no key to build for them.
  private tailDurationUs = Number.NaN;
  private tailType = '';
  private tail: Buffer = Buffer.alloc(0);
  private hour = '';
  private pathStart: Buffer = Buffer.alloc(0);

  constructor(
    private readonly archive: Archive,
    private readonly channel: string,
    private readonly quality: string,
    entries: number,
  ) {
    this.sourceFields = `,"source":${JSON.stringify(archive.root)},"sources":${JSON.stringify([archive.root])}}`;
    const fixedBytes =
      SEGMENT_JSON_BYTES + Buffer.byteLength(this.sourceFields) + Buffer.byteLength(archive.segmentPath(channel, quality, 'YYYY-MM-DDTHH', ''));
    this.text = new TextBytes(entries * (fixedBytes + 80));
  }

  /** Every row of an indexed hour, each followed by a comma (segment-json-cache.ts's HourJson). */
  wholeHour(columns: IndexColumns): HourJson {
    const writer = new SelectionJsonWriter(this.archive, this.channel, this.quality, columns.count);
    const starts = new Uint32Array(columns.count + 1);
    for (let row = 0; row < columns.count; row++) {
      starts[row] = writer.text.written;
      writer.row(columns, row);
      writer.comma();
    }
    starts[columns.count] = writer.text.written;
    return { starts, text: writer.text.bytes() };
  }

  open(): void {
    this.text.latin1('[');
  }

  comma(): void {
    this.text.byte(COMMA);
  }

  hole(): void {
    this.text.latin1('null');
  }

  close(write: WriteNow): void {
    this.text.latin1(']\n');
    this.flush(write);
  }

  /** Writes what was made so far and starts again at the buffer's start. */
  private flush(write: WriteNow): void {
    write(this.text.bytes());
    this.text.clear();
    // Their last texts were in what was just written.
    this.starts.forget();
    this.ends.forget();
  }

  /** A segment of a listed hour. */
  segment(segment: SegmentInfo): void {
    this.enterHour(segment.hour);
    this.useTail(segment.durationUs, segment.type);
    const { text, tail } = this;
    const name = segment.name;
    if (!JSON_PLAIN.test(name)) {
      text.raw(this.pathStart);
      text.utf8(JSON.stringify(name).slice(1, -1));
      const buffer = text.room(INSTANTS_BYTES + tail.length);
      text.advance(this.timesAndTail(buffer, text.written, segment.startUs, segment.endUs) - text.written);
      return;
    }
    const buffer = text.room(this.pathStart.length + name.length + INSTANTS_BYTES + tail.length);
    let at = text.written;
    buffer.set(this.pathStart, at);
    at += this.pathStart.length;
    at += (buffer as LatinWriter).latin1Write(name, at, name.length);
    text.advance(this.timesAndTail(buffer, at, segment.startUs, segment.endUs) - text.written);
  }

  /**
   * Writes rows `fromRow` through `toRow` of an hour's whole JSON, commas between, after
   * what was made before them. False, with nothing written, when the file's row starts do
   * not bound such a run (a file not written by this code; checked here, per run, not
   * for all 1,800 rows of every hour read).
   */
  rowsFrom(json: HourJson, fromRow: number, toRow: number, write: WriteNow): boolean {
    const { starts, text } = json;
    const from = starts[fromRow]!;
    const end = starts[toRow + 1]!;
    if (!(from < end && end <= text.length && text[end - 1] === COMMA)) return false;
    this.flush(write);
    write(text.subarray(from, end - 1));
    return true;
  }

  /** Segment `row` of an hour read from the index: its name copied from the index's bytes. */
  row(columns: IndexColumns, row: number): void {
    this.enterHour(columns.hour);
    const startUs = columns.startsUs[row]!;
    const durationUs = columns.durationsUs[row]!;
    this.useTail(durationUs, INDEX_TYPES[columns.typeCodes[row]!]!);
    const nameStart = columns.nameStarts[row]!;
    const nameEnd = columns.nameStarts[row + 1]!;
    const { text, pathStart } = this;
    const buffer = text.room(pathStart.length + nameEnd - nameStart + INSTANTS_BYTES + this.tail.length);
    let at = text.written;
    buffer.set(pathStart, at);
    at += pathStart.length;
    // A view and a set: Buffer#copy makes the same view after two layers of argument checks.
    const { body } = columns;
    buffer.set(new Uint8Array(body.buffer, body.byteOffset + nameStart, nameEnd - nameStart), at);
    at += nameEnd - nameStart;
    text.advance(this.timesAndTail(buffer, at, startUs, startUs + durationUs) - text.written);
  }

  private enterHour(hour: string): void {
    if (hour === this.hour) return;
    this.hour = hour;
    const hourDir = path.dirname(this.archive.segmentPath(this.channel, this.quality, hour, 'x'));
    this.pathStart = utf8(`{"path":${JSON.stringify(`${hourDir}${path.sep}`).slice(0, -1)}`);
  }

  private useTail(durationUs: number, type: string): void {
    if (durationUs === this.tailDurationUs && type === this.tailType) return;
    this.tailDurationUs = durationUs;
    this.tailType = type;
    const key = `${durationUs} ${type}`;
    let tail = this.tails.get(key);
    if (tail === undefined) {
      tail = utf8(`","durationSeconds":${JSON.stringify(usToSeconds(durationUs))},"type":"${type}"${this.sourceFields}`);
      this.tails.set(key, tail);
    }
    this.tail = tail;
  }

  /** Writes the start and end fields and the tail at `at` (room for them made); returns where they end. */
  private timesAndTail(buffer: Buffer, at: number, startUs: number, endUs: number): number {
    const afterStart = this.starts.write(buffer, at, startUs, this.ends);
    const afterEnd = this.ends.write(buffer, afterStart, endUs);
    buffer.set(this.tail, afterEnd);
    return afterEnd + this.tail.length;
  }
}

/** A field name and formatInstant's text of an instant written as bytes, the two and the date-and-hour prefix encoded once per hour. */
class InstantWriter {
  private hourUs = Number.NaN;
  private prefix = Buffer.alloc(0);
  private readonly leadBytes: Buffer;
  /** The last instant written and where its text is in the output: a segment usually starts where the one before ended. */
  private lastUs = Number.NaN;
  private lastTextStart = 0;
  private lastTextEnd = 0;

  constructor(private readonly lead: string) {
    this.leadBytes = Buffer.from(lead, 'latin1');
  }

  /** Writes at `at` (room for INSTANTS_BYTES / 2 made), copying the text `same` wrote last if it is this instant's; returns where it ends. */
  write(buffer: Buffer, at: number, instantUs: number, same?: InstantWriter): number {
    const textStart = at + this.leadBytes.length;
    if (same !== undefined && same.lastUs === instantUs) {
      buffer.set(this.leadBytes, at);
      buffer.copyWithin(textStart, same.lastTextStart, same.lastTextEnd);
      return textStart + same.lastTextEnd - same.lastTextStart;
    }
    const end = this.writeText(buffer, at, instantUs);
    this.lastUs = instantUs;
    this.lastTextStart = textStart;
    this.lastTextEnd = end;
    return end;
  }

  /** Forgets the last instant's text (its bytes were written out and the buffer is filled again). */
  forget(): void {
    this.lastUs = Number.NaN;
  }

  private writeText(buffer: Buffer, at: number, instantUs: number): number {
    if (!(Number.isSafeInteger(instantUs) && instantUs >= 0 && instantUs < DIGITS_LIMIT_US)) {
      return at + (buffer as LatinWriter).latin1Write(`${this.lead}${formatInstant(instantUs)}`, at, INSTANTS_BYTES / 2);
    }
    const inHourUs = instantUs % US_PER_HOUR;
    const hourUs = instantUs - inHourUs;
    if (hourUs !== this.hourUs) {
      this.hourUs = hourUs;
      this.prefix = Buffer.from(`${this.lead}${formatInstant(hourUs).slice(0, 14)}`, 'latin1'); // ","start":"2026-11-14T03:
    }
    buffer.set(this.prefix, at);
    let end = at + this.prefix.length;
    const minute = Math.floor(inHourUs / US_PER_MINUTE);
    const inMinuteUs = inHourUs - minute * US_PER_MINUTE;
    const second = Math.floor(inMinuteUs / US_PER_SECOND);
    let microsecond = inMinuteUs - second * US_PER_SECOND;
    buffer[end++] = DIGIT_0 + Math.floor(minute / 10);
    buffer[end++] = DIGIT_0 + (minute % 10);
    buffer[end++] = 0x3a; // :
    buffer[end++] = DIGIT_0 + Math.floor(second / 10);
    buffer[end++] = DIGIT_0 + (second % 10);
    buffer[end++] = 0x2e; // .
    for (let digit = end + 5; digit >= end; digit--) {
      buffer[digit] = DIGIT_0 + (microsecond % 10);
      microsecond = Math.floor(microsecond / 10);
    }
    buffer[end + 6] = 0x5a; // Z
    return end + 7;
  }
}
