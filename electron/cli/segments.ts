import path from 'node:path';
import { HoleError, holeSpans, type Selection } from '../../shared/select';
import type { SegmentInfo } from '../../shared/segment';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, formatInstant, formatSecondsExact, usToSeconds } from '../../shared/time';
import type { Archive } from '../node/archive/archive';
import { TextBytes } from './text-bytes';
import { SourcedArchive } from '../node/archive/sources/sourced-archive';
import { EXIT_NO_FOOTAGE, EXIT_OK, UsageError, checkChannelAndQuality, parseOptions, required, timeOption, type Command, archiveOption } from './command';

export const segmentsCommand: Command = {
  name: 'segments',
  help: `Usage: trimdesk segments --archive DIR|URL [--archive ...] --channel C --quality Q --start T --end T [--no-holes] [--json]

Times are ISO 8601 UTC (2026-11-14T03:00:00Z; fraction optional; no zone means UTC).
Prints the segment chosen for every instant of [start, end) and a line for each hole.
--json      one JSON array: null for a hole, else {path, start, end, durationSeconds, type,
            source, sources}: source is where its bytes are read from (a folder or a
            node; path is then its place in the node cache), sources every one holding it
--no-holes  fail with exit status 3 at the first hole, naming its time
Settled hours of a folder are indexed for the next run in $TRIMDESK_INDEX_CACHE (default
~/.cache/trimdesk/hour-index; TRIMDESK_INDEX_CACHE=off for none).`,
  async run(argv, output) {
    const { values } = parseOptions(argv, {
      archive: { type: 'string', multiple: true },
      channel: { type: 'string' },
      quality: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      'no-holes': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    // One-off: nothing else waits on the event loop while the tie-break stats run.
    const archive = archiveOption(values.archive, output, { blockingSizeLookups: true, hourIndex: true });
    const channel = required(values.channel, 'channel', 'a channel folder name');
    const quality = required(values.quality, 'quality', 'a quality folder name, e.g. source');
    const startUs = timeOption(values.start, 'start');
    const endUs = timeOption(values.end, 'end');
    if (endUs <= startUs) throw new UsageError(`--end (${formatInstant(endUs)}) must be after --start (${formatInstant(startUs)})`);
    await archive.check();
    await checkChannelAndQuality(archive, channel, quality);
    let selection: Selection;
    try {
      selection = await archive.select(channel, quality, startUs, endUs, { allowHoles: !values['no-holes'] });
    } catch (error) {
      if (!(error instanceof HoleError)) throw error;
      output.err(`trimdesk segments: ${error.message} on ${channel}/${quality}. Drop --no-holes to list around it, or move the range.`);
      return EXIT_NO_FOOTAGE;
    }
    if (values.json) {
      const json = selectionJson(archive, channel, quality, selection);
      if (typeof json === 'string') output.out(json);
      else if (output.outBytes) output.outBytes(json);
      else output.out(json.toString('utf8').slice(0, -1));
    } else {
      for (const line of selectionLines(selection, startUs, endUs, (segment) => archive.segmentPath(channel, quality, segment.hour, segment.name))) {
        output.out(line);
      }
    }
    return EXIT_OK;
  },
};

function segmentJson(archive: Archive, channel: string, quality: string, segment: SegmentInfo) {
  return {
    path: archive.segmentPath(channel, quality, segment.hour, segment.name),
    start: formatInstant(segment.startUs),
    end: formatInstant(segment.endUs),
    durationSeconds: usToSeconds(segment.durationUs),
    type: segment.type,
    ...sourcesOf(archive, channel, quality, segment),
  };
}

/** Text that is the same inside a JSON string (every segment name the parser accepts is). */
const JSON_PLAIN = /^[\w.:-]*$/;
/** Bytes of one segment's JSON beyond its path, sources and name (times, duration, type, punctuation), with room to spare. */
const SEGMENT_JSON_BYTES = 160;
/** Instants written as digits here: whole microseconds in years 1970..9999, as formatInstant's fast form (others go through it). */
const DIGITS_LIMIT_US = Date.UTC(10_000, 0, 1) * 1000;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const COMMA = 0x2c;
const DIGIT_0 = 0x30;

/**
 * The selection as the JSON text of `segmentJson` for each segment, written directly: a
 * 12-hour selection is 21,600 segments, and building an object (and a path.join) per
 * segment only for JSON.stringify to walk it cost as much as the selection itself. A
 * folder archive's path is its hour folder's path (joined once per hour) and the name
 * (a directory entry: never a separator, `.` or `..`); every part that repeats (the hour
 * folder, field names, type and sources) is encoded once and copied, and times are
 * written as digits (text-bytes.ts), so a segment leaves no string behind. An archive of
 * several sources asks where each segment is.
 */
function selectionJson(archive: Archive, channel: string, quality: string, selection: Selection): string | Buffer {
  if (archive instanceof SourcedArchive) return JSON.stringify(selection.map((segment) => segment && segmentJson(archive, channel, quality, segment)));
  const sourceFields = `,"source":${JSON.stringify(archive.root)},"sources":${JSON.stringify([archive.root])}}`;
  const fixedBytes = SEGMENT_JSON_BYTES + Buffer.byteLength(sourceFields) + Buffer.byteLength(archive.segmentPath(channel, quality, 'YYYY-MM-DDTHH', ''));
  const text = new TextBytes(selection.length * (fixedBytes + 80));
  const starts = new InstantWriter('","start":"');
  const ends = new InstantWriter('","end":"');
  /** The fields after the times (duration, type, sources) per duration and type: a few at most. */
  const tails = new Map<string, Buffer>();
  let hour = '';
  let pathStart: Buffer = Buffer.alloc(0);
  // Most segments have the duration and type of the one before: no key to build for them.
  let tailDurationUs = Number.NaN;
  let tailType = '';
  let tail: Buffer = Buffer.alloc(0);
  text.latin1('[');
  for (let index = 0; index < selection.length; index++) {
    const segment = selection[index]!;
    if (index > 0) text.byte(COMMA);
    if (segment === null) {
      text.latin1('null');
      continue;
    }
    if (segment.hour !== hour) {
      hour = segment.hour;
      const hourDir = path.dirname(archive.segmentPath(channel, quality, hour, 'x'));
      pathStart = utf8(`{"path":${JSON.stringify(`${hourDir}${path.sep}`).slice(0, -1)}`);
    }
    if (segment.durationUs !== tailDurationUs || segment.type !== tailType) {
      tailDurationUs = segment.durationUs;
      tailType = segment.type;
      const key = `${tailDurationUs} ${tailType}`;
      tail = tails.get(key) ?? utf8(`","durationSeconds":${JSON.stringify(usToSeconds(tailDurationUs))},"type":"${tailType}"${sourceFields}`);
      tails.set(key, tail);
    }
    const name = segment.name;
    if (!JSON_PLAIN.test(name)) {
      text.raw(pathStart);
      text.utf8(JSON.stringify(name).slice(1, -1));
      const buffer = text.room(INSTANTS_BYTES + tail.length);
      text.advance(writeTimesAndTail(buffer, text.written, segment, starts, ends, tail) - text.written);
      continue;
    }
    const buffer = text.room(pathStart.length + name.length + INSTANTS_BYTES + tail.length);
    let at = text.written;
    buffer.set(pathStart, at);
    at += pathStart.length;
    at += (buffer as LatinWriter).latin1Write(name, at, name.length);
    text.advance(writeTimesAndTail(buffer, at, segment, starts, ends, tail) - text.written);
  }
  text.latin1(']\n');
  return text.bytes();
}

type LatinWriter = Buffer & { latin1Write(text: string, offset: number, length: number): number };
/** Room for both times' fields: the longest formatInstant text (a year beyond 9999, a sign) and its field name, twice. */
const INSTANTS_BYTES = 2 * 48;

/** Writes the start and end fields and `tail` at `at` (room for them made); returns where they end. */
function writeTimesAndTail(buffer: Buffer, at: number, segment: SegmentInfo, starts: InstantWriter, ends: InstantWriter, tail: Buffer): number {
  const afterStart = starts.write(buffer, at, segment.startUs, ends);
  const afterEnd = ends.write(buffer, afterStart, segment.endUs);
  buffer.set(tail, afterEnd);
  return afterEnd + tail.length;
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

/** One line per segment, and one per hole saying which time it leaves out. */
function selectionLines(selection: Selection, startUs: number, endUs: number, pathOf: (segment: SegmentInfo) => string): string[] {
  const holes = holeSpans(selection, startUs, endUs);
  let holeIndex = 0;
  return selection.map((segment, index) => {
    if (segment === null) {
      const hole = holes[holeIndex++]!;
      const before = selection[index - 1];
      // No time is missing, but the segment before may stop short: "hole X .. X" read as nonsense.
      if (hole.endUs === hole.startUs && before) return `-- break at ${formatInstant(hole.startUs)}: the segment before is only a ${before.type} download --`;
      return `-- hole ${formatInstant(hole.startUs)} .. ${formatInstant(hole.endUs)} --`;
    }
    const seconds = formatSecondsExact(segment.durationUs).padStart(10);
    return `${formatInstant(segment.startUs)}  ${formatInstant(segment.endUs)}  ${seconds}s  ${segment.type.padEnd(7)}  ${pathOf(segment)}`;
  });
}

/** Where a segment comes from: a folder or node first, every source holding it after. */
function sourcesOf(archive: Archive, channel: string, quality: string, segment: SegmentInfo): { source: string; sources: string[] } {
  const sources = archive instanceof SourcedArchive ? archive.sourcesOf(channel, quality, segment) : [archive.root];
  return { source: sources[0] ?? archive.root, sources };
}
