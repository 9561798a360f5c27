/**
 * The persisted per-hour index (issue 15): what a settled hour folder's listing decided
 * (best segment per start, file counts, duplicates, bad names), saved in a cache folder
 * so that a new process, a one-off `trimdesk segments` or `coverage` run, reads one small
 * file per hour instead of listing, parsing and stat-ing the hour again. A 12-hour run
 * spent about 30 ms reading the hour folders alone and most of the rest parsing names with
 * the JIT cold.
 *
 * When it is trusted: only while the hour folder's identity and times are exactly what
 * they were just before the listing it was made from (device, inode, size, mtime and
 * ctime, in nanoseconds: the folder's `key`), and it is only made from a listing taken
 * more than SETTLED_MS after both times (the caller checks), so a file added, removed or
 * renamed in the same timestamp tick as the listing (2 s on FAT) still shows as a later
 * mtime. The kernel sets ctime on every change of the folder, a utimes that puts the mtime
 * back included, and no program can set it. The folder's entry count is not part of the
 * key: counting needs the readdir the index is there to save.
 *
 * Files: one per hour folder, named by a hash of its real path (hex only, so nothing is
 * ever written outside the cache folder), written to a temporary file and renamed. A file
 * that is not a complete index of this format for this folder (cut short, altered, of
 * another version or another folder) is ignored with a warning and rewritten; a stale one
 * (the folder changed) is ignored silently. Reads and writes are synchronous: the index
 * is for one-off commands, which have nothing else for the event loop to do.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SegmentInfo, UsableSegmentType } from '../../../shared/segment';
import { US_PER_HOUR } from '../../../shared/time';
import type { FileCounts } from './hour';
import { bodyChecksum, cacheFilesAvailable, errorText, framedBytes, nameHash, pruneCacheFolder, readFrame, writeCacheFile } from './cache-file';

/** First bytes of every index file: the format and its version. */
const MAGIC = Buffer.from('trimdesk hour index 2\n', 'latin1');
/** Bytes per segment before the names: start and duration (float64), type (u8), name length and hash start (u16). */
const BYTES_PER_SEGMENT = 8 + 8 + 1 + 2 + 2;
const FILE_SUFFIX = '.hour';
const COUNT_NAMES = ['full', 'suspect', 'partial', 'temp', 'bad'] as const;
/** Bytes no segment name has: '/', '\\' and NUL. */
const NOT_IN_NAMES = [0x2f, 0x5c, 0x00];

/** What an hour's listing decided, as the index keeps it. */
export interface IndexedHour {
  /** Best segment per start, in time order (the whole hour). */
  best: readonly SegmentInfo[];
  files: FileCounts;
  duplicates: number;
  /** Unparsable `.ts` names and why: warned about again on every read, as a listing would. */
  badNames: readonly (readonly [string, string])[];
  /** When the listing was taken (ms since the epoch). */
  listedAtMs: number;
}

/**
 * An index as read: checked whole, its segments built only when first asked for. An hour
 * read ahead holds its file's bytes, not 1,800 objects that would outlive a young-generation
 * collection or two and be promoted, only to die there (a week's coverage held 30 MB of them).
 */
export interface ReadIndex extends Omit<IndexedHour, 'best'> {
  segments(): SegmentInfo[];
  /** The same segments as columns, for a walk that builds no object per segment. */
  readonly columns: IndexColumns;
}

/**
 * The segments of a checked index as columns over its bytes: a one-off run walks them and
 * writes their JSON without a segment object each (every object of a 12-hour range lived
 * until the output was written, and the young-generation collections copying them were a
 * sixth of the run).
 */
export interface IndexColumns {
  readonly hour: string;
  /**
   * The hour folder's real path, and the folder's key with the index body's CRC-32:
   * together they name exactly these rows (segment-json-cache.ts keys on them). Rows made
   * under one key differ only if a file's size changed in place (a tie-break), and then
   * their CRC-32 differs too, but for one chance in 2^32.
   */
  readonly dir: string;
  readonly checksum: string;
  readonly count: number;
  /** Start and duration of each segment, in µs. */
  readonly startsUs: Float64Array;
  readonly durationsUs: Float64Array;
  /** Each segment's type, an index into INDEX_TYPES. */
  readonly typeCodes: Uint8Array;
  /** Where each name starts in `body`, and (entry `count`) where the last one ends. */
  readonly nameStarts: Uint32Array;
  /** Where each hash starts in `body` (it ends 3 bytes, `.ts`, before the name). */
  readonly hashStarts: Uint32Array;
  /** The index's bytes: names are ASCII of `[A-Za-z0-9_.:-]` only (checked), the same in a JSON string. */
  readonly body: Buffer;
}

/** The segment types of IndexColumns.typeCodes. */
export const INDEX_TYPES: readonly UsableSegmentType[] = ['full', 'suspect', 'partial'];

interface Header {
  dir: string;
  key: string;
  listedAtMs: number;
  files: FileCounts;
  duplicates: number;
  bad: [string, string][];
  count: number;
  namesBytes: number;
  crc32: number;
}

/** The index folder: $TRIMDESK_INDEX_CACHE (`off` turns the index off), else the user's cache folder; none on a Node without zlib's CRC-32. */
export function hourIndexDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.TRIMDESK_INDEX_CACHE;
  if (chosen === 'off' || !cacheFilesAvailable) return undefined;
  if (chosen) return path.resolve(chosen);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'trimdesk', 'hour-index');
}

/** An index file that cannot be used for a reason worth a warning (not merely out of date). */
class UnusableIndex extends Error {}

export class HourIndexStore {
  private readonly warned = new Set<string>();
  private pruned = false;

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** The index of the hour folder at real path `hourDir` if it was made under `key`; undefined otherwise. */
  read(hourDir: string, key: string, hour: string, hourStartUs: number): ReadIndex | undefined {
    const file = this.fileOf(hourDir);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.warnOnce(file, `hour index ${file} not readable (${errorText(error)}); the hour is listed instead`);
      return undefined;
    }
    try {
      return decode(bytes, hourDir, key, hour, hourStartUs);
    } catch (error) {
      if (!(error instanceof UnusableIndex)) throw error;
      this.warnOnce(file, `hour index ${file} ignored (${error.message}); the hour is listed instead and its index rewritten`);
      return undefined;
    }
  }

  /** Saves the index of the hour folder at real path `hourDir`; a failure is a warning, never an error. */
  write(hourDir: string, key: string, hour: IndexedHour): void {
    const bytes = encode(hourDir, key, hour);
    if (bytes === undefined) return;
    const failure = writeCacheFile(this.fileOf(hourDir), bytes);
    if (failure !== undefined) {
      this.warnOnce(this.dir, `hour index not saved in ${this.dir} (${failure}); hours are listed each time`);
      return;
    }
    if (!this.pruned) {
      this.pruned = true;
      pruneCacheFolder(this.dir, (message) => this.warnOnce(`${this.dir}\0prune`, message));
    }
  }

  /** The index file of an hour folder: a hash of its real path, so hex only and always inside `dir`. */
  fileOf(hourDir: string): string {
    return path.join(this.dir, `${nameHash(hourDir)}${FILE_SUFFIX}`);
  }

  private warnOnce(what: string, message: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.warn(message);
  }
}

/** The index file's bytes; undefined when the hour cannot be indexed (a name that is not plain ASCII). */
function encode(hourDir: string, key: string, hour: IndexedHour): Buffer | undefined {
  const count = hour.best.length;
  let namesBytes = 0;
  for (const segment of hour.best) {
    if (segment.type === 'temp' || !/^[\x20-\x7e]*$/.test(segment.name) || segment.name.length > 0xffff) return undefined;
    namesBytes += segment.name.length;
  }
  const body = Buffer.alloc(count * BYTES_PER_SEGMENT + namesBytes);
  let offset = 0;
  for (const segment of hour.best) offset = body.writeDoubleLE(segment.startUs, offset);
  for (const segment of hour.best) offset = body.writeDoubleLE(segment.durationUs, offset);
  for (const segment of hour.best) offset = body.writeUInt8(INDEX_TYPES.indexOf(segment.type as UsableSegmentType), offset);
  for (const segment of hour.best) offset = body.writeUInt16LE(segment.name.length, offset);
  for (const segment of hour.best) offset = body.writeUInt16LE(segment.name.length - 3 - segment.hash.length, offset);
  for (const segment of hour.best) offset += body.write(segment.name, offset, 'latin1');
  const header: Header = {
    dir: hourDir,
    key,
    listedAtMs: hour.listedAtMs,
    files: hour.files,
    duplicates: hour.duplicates,
    bad: hour.badNames.map(([name, reason]) => [name, reason]),
    count,
    namesBytes,
    crc32: bodyChecksum(body),
  };
  return framedBytes(MAGIC, header, body);
}

/** The index in `bytes` if it is this folder's, made under `key`; UnusableIndex when it is damaged or foreign. */
function decode(bytes: Buffer, hourDir: string, key: string, hour: string, hourStartUs: number): ReadIndex | undefined {
  const frame = readFrame(bytes, MAGIC, 'not an index');
  if (frame === undefined) return undefined; // made by another version: replaced, not damaged
  if ('problem' in frame) throw new UnusableIndex(frame.problem);
  const { bodyStart } = frame;
  const header = frame.header as Header;
  if (typeof header !== 'object' || header === null || typeof header.dir !== 'string') throw new UnusableIndex('its header has no folder');
  if (header.dir !== hourDir) throw new UnusableIndex(`made for another folder, ${header.dir}`);
  if (header.key !== key) return undefined; // the folder changed since: out of date, not damaged
  const { count, namesBytes } = header;
  if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(namesBytes) || namesBytes < 0) throw new UnusableIndex('bad segment count');
  if (bytes.length - bodyStart !== count * BYTES_PER_SEGMENT + namesBytes) throw new UnusableIndex('its length does not match its header');
  const body = bytes.subarray(bodyStart);
  if (bodyChecksum(body) !== header.crc32) throw new UnusableIndex('its checksum does not match');
  if (!validCounts(header.files) || !Number.isSafeInteger(header.duplicates) || !validBadNames(header.bad) || !Number.isFinite(header.listedAtMs)) {
    throw new UnusableIndex('bad counts in its header');
  }
  const columns = columnsOf(body, count, hour, hourStartUs, hourDir, `${key}/${header.crc32}`);
  return {
    columns,
    segments: () => segmentsOf(columns),
    files: header.files,
    duplicates: header.duplicates,
    badNames: header.bad,
    listedAtMs: header.listedAtMs,
  };
}

/** Bytes a name may hold: what parseSegmentName accepts of a segment's name (a temp file, whose hash may be anything, is never indexed). */
const NAME_BYTES = /^[A-Za-z0-9_.:-]*$/;

/**
 * The columns of an index body (see encode), checked for what the selector and the JSON
 * writer rely on (in the hour, in time order, a known type, names that fit and hold only
 * a segment name's characters) without building anything: a file that passes its checksum
 * yet fails here was not written by this code. Numbers are copied into typed arrays once:
 * this loop runs once per segment with the JIT cold, where a Float64Array index costs a
 * fraction of a readDoubleLE.
 */
function columnsOf(body: Buffer, count: number, hour: string, hourStartUs: number, dir: string, checksum: string): IndexColumns {
  const typesAt = count * 16;
  const numbers = new Float64Array(copyOf(body, 0, count * 16));
  const lengths = new Uint16Array(copyOf(body, typesAt + count, count * 4));
  const namesAt = typesAt + count * 5;
  const nameStarts = new Uint32Array(count + 1);
  const hashStarts = new Uint32Array(count);
  const hourEndUs = hourStartUs + US_PER_HOUR;
  let nameStart = namesAt;
  let previousStartUs = hourStartUs - 1;
  for (let index = 0; index < count; index++) {
    const startUs = numbers[index]!;
    const durationUs = numbers[count + index]!;
    const nameLength = lengths[index]!;
    const hashOffset = lengths[count + index]!;
    if (
      body[typesAt + index]! >= INDEX_TYPES.length ||
      !(startUs > previousStartUs && startUs < hourEndUs) ||
      !wholeUs(startUs - hourStartUs) ||
      !wholeUs(durationUs) ||
      hashOffset > nameLength - 3
    ) {
      throw new UnusableIndex(`segment ${index + 1} of ${count} is not valid`);
    }
    nameStarts[index] = nameStart;
    hashStarts[index] = nameStart + hashOffset;
    nameStart += nameLength;
    previousStartUs = startUs;
  }
  nameStarts[count] = nameStart;
  if (nameStart !== body.length) throw new UnusableIndex('its names do not match their lengths');
  // A name is joined to its hour folder's path: one with a separator (or a NUL) could lead out of it.
  for (const forbidden of NOT_IN_NAMES) {
    if (body.indexOf(forbidden, namesAt) >= 0) throw new UnusableIndex('a name holds a path separator');
  }
  if (!onlyNameBytes(body, namesAt)) throw new UnusableIndex('a name holds a character no segment name has');
  return {
    hour,
    dir,
    checksum,
    count,
    startsUs: numbers.subarray(0, count),
    durationsUs: numbers.subarray(count),
    typeCodes: body.subarray(typesAt, typesAt + count),
    nameStarts,
    hashStarts,
    body,
  };
}

/**
 * True for a whole, non-negative number of µs. Bit operations for the usual case (below
 * 2^32 µs, 71 minutes: every offset into an hour): `% 1` on a double is a call into C
 * from the interpreter, and this runs for every segment of every index read, JIT cold.
 */
function wholeUs(us: number): boolean {
  return us >>> 0 === us || (Number.isSafeInteger(us) && us >= 0);
}

type Latin1Bytes = Buffer & { latin1Slice(start: number, end: number): string };

/** Characters of names checked at once: a string this long is young garbage, not a large object that only a full collection frees. */
const NAME_CHECK_CHARS = 32 * 1024;

/** True when the bytes from `start` are all NAME_BYTES: checked as latin1 text by the regular expression engine, a native pass (a byte loop here ran with the JIT cold). */
function onlyNameBytes(body: Buffer, start: number): boolean {
  for (let at = start; at < body.length; at += NAME_CHECK_CHARS) {
    if (!NAME_BYTES.test((body as Latin1Bytes).latin1Slice(at, Math.min(body.length, at + NAME_CHECK_CHARS)))) return false;
  }
  return true;
}

/**
 * A segment of a checked index body whose name and hash are cut from the body's bytes
 * only when asked for. A run that holds every segment of its range until it prints them
 * pays for each byte of them at every young-generation collection: a plain object with
 * its name and hash strings was about 180 bytes, this one less than half that.
 */
class IndexedSegment implements SegmentInfo {
  readonly hour: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly endUs: number;
  readonly type: UsableSegmentType;

  constructor(
    private readonly columns: IndexColumns,
    private readonly row: number,
  ) {
    this.hour = columns.hour;
    this.startUs = columns.startsUs[row]!;
    this.durationUs = columns.durationsUs[row]!;
    this.endUs = this.startUs + this.durationUs;
    this.type = INDEX_TYPES[columns.typeCodes[row]!]!;
  }

  get name(): string {
    return (this.columns.body as Latin1Bytes).latin1Slice(this.columns.nameStarts[this.row]!, this.columns.nameStarts[this.row + 1]!);
  }

  get hash(): string {
    return (this.columns.body as Latin1Bytes).latin1Slice(this.columns.hashStarts[this.row]!, this.columns.nameStarts[this.row + 1]! - 3);
  }
}

/** Segment `row` of checked index columns. */
export function indexedSegmentAt(columns: IndexColumns, row: number): SegmentInfo {
  return new IndexedSegment(columns, row);
}

/** The segments of checked index columns. Each name is cut from the bytes on its own, when asked for: one string of the hour's names (130 kB) kept would sit in V8's large-object space, which only a full collection frees. */
function segmentsOf(columns: IndexColumns): SegmentInfo[] {
  const best: SegmentInfo[] = new Array(columns.count);
  for (let row = 0; row < columns.count; row++) best[row] = new IndexedSegment(columns, row);
  return best;
}

/** `bytes` bytes of `body` from `start` in an ArrayBuffer of their own (aligned for a typed array view). */
function copyOf(body: Buffer, start: number, bytes: number): ArrayBuffer {
  return body.buffer.slice(body.byteOffset + start, body.byteOffset + start + bytes) as ArrayBuffer;
}

function validCounts(files: unknown): files is FileCounts {
  if (typeof files !== 'object' || files === null) return false;
  return COUNT_NAMES.every((name) => Number.isSafeInteger((files as Record<string, unknown>)[name]));
}

function validBadNames(bad: unknown): bad is [string, string][] {
  return Array.isArray(bad) && bad.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string');
}
