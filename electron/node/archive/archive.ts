/**
 * The archive on disk: channels, qualities, hours, the best segments for any range,
 * and coverage. A thin file-system shell around the pure selector (shared/select).
 * Every read goes through one SealedFolder, so nothing outside the archive's real path
 * is ever listed, selected or opened, whichever route or API method asked.
 */
import type { Stats } from 'node:fs';
import { stat } from '../fs-promised';
import path from 'node:path';
import { hourCoverage, type HourCoverage } from '../../../shared/coverage';
import { ArchiveNotFoundError, ArchiveReadError } from '../../../shared/errors';
import { RangeWalker, type Selection } from '../../../shared/select';
import { US_PER_HOUR, hourStartOf, hoursBetween, parseHour } from '../../../shared/time';
import { HourSelection, type ArchiveCounters, type HourDependencies } from './hour';
import { INDEX_TYPES, type HourIndexStore, type IndexColumns } from './hour-index';
import { namesOfKind, segmentNamesFrom } from './listing';
import { SealedFolder, type SealedChild, type SealedEntry, type SkipListener } from './sealed-folder';
import { DamageLog } from './damage-log';
import { quickSizes, sizeOfFileNow } from './file-sizes';
import { damageOfStats, inspectSegmentFile, statDamage, type InspectOptions, type SegmentFile } from './segment-reader';
import { SoundFiles } from './sound-files';
import type { DamageFinding } from '../../../shared/segment-damage';
import { parseSegmentName, type SegmentInfo } from '../../../shared/segment';

/** Qualities that hold something other than video. */
const NON_VIDEO_QUALITIES = new Set(['chat']);

/**
 * A directory modified this recently (ms) may still change within its mtime's
 * granularity (2 s on FAT/exFAT drives): its listing is re-read rather than trusted.
 */
const RACY_MTIME_MS = 2_000;

/**
 * Hours kept in the cache (least recently used dropped first): two weeks of 2 s
 * segments is about 600k parsed names, a few hundred MB at most.
 */
const MAX_CACHED_HOURS = 336;

/** Longest run of missing hours a coverage report lists hour by hour (a week). */
const MAX_FILLED_GAP_HOURS = 168;

/** Ranges up to this many hours visit each hour directly instead of listing the quality folder. */
const COUNTED_RANGE_HOURS = 48;

/** Hour directories read ahead of the one being parsed: keeps the disk busy without flooding it. */
const READ_AHEAD_HOURS = 16;

interface CachedHour {
  mtimeMs: number;
  listedAtMs: number;
  selection: HourSelection;
}

export interface ArchiveOptions {
  /** Receives one warning per unparsable `.ts` file. Default: console.warn. */
  warn?: (message: string) => void;
  /** File size lookup (tests count or slow it). Default: fs.stat. */
  sizeOf?: (filePath: string) => Promise<number>;
  /** Hours kept in the cache. Default: MAX_CACHED_HOURS. */
  maxCachedHours?: number;
  /**
   * Size lookups for tie-breaks as one synchronous batch of stats, however long it takes
   * (a 12-hour selection makes about a thousand): for one-off commands, which have no
   * other work for the event loop to do meanwhile. Without it, stats are synchronous only
   * while they are quick (file-sizes.ts quickSizes). Ignored with `sizeOf`.
   */
  blockingSizeLookups?: boolean;
  /**
   * The persisted per-hour index (hour-index.ts): settled hours are read from it instead of
   * being listed, parsed and stat-ed, and saved to it once decided. For one-off commands
   * (its reads and writes are synchronous). Default: none.
   */
  hourIndex?: HourIndexStore;
  /** The clock listings are timed by (tests pretend time has passed). Default: Date.now. */
  nowMs?: () => number;
  /** Hours loaded ahead of the one being walked. Default: READ_AHEAD_HOURS. */
  readAheadHours?: number;
}

/**
 * Segments inspected at once by inspectMany. Twice libuv's four threads: each inspection
 * is a chain of short calls (stat, open, fstat, two reads, close), and with only four in
 * turn a thread waits while the main thread starts each one's next call (90 segments:
 * 11-13 ms at 4, 5-6 ms at 8). The drive still sees at most four reads at once.
 */
const INSPECTIONS_AT_ONCE = 8;

export interface SelectOptions {
  allowHoles?: boolean;
}

/** The rows of one hour read from the persisted index, in a ColumnSelection. */
export interface IndexedRows {
  /** The row number of the hour's first segment: its segment `i` is row firstRow + i. */
  firstRow: number;
  columns: IndexColumns;
}

/** A selection as Archive.selectColumns answers it. */
export interface ColumnSelection {
  /** In play order: a segment (of a listed hour), a row number (of an hour in `hours`), or null at every hole. */
  entries: (SegmentInfo | number | null)[];
  /** The hours read from the index that rows point into, in time order. */
  hours: IndexedRows[];
}

/** What Archive.select and Archive.coverage need of one channel/quality (Archive.qualityHours). */
export interface QualityHours {
  /** Hours loaded ahead of the one being walked. */
  readAhead: number;
  /** Hour names to visit, sorted, from the hour containing `fromUs` through the one containing `toUs`. */
  between(fromUs: number, toUs: number): Promise<string[]>;
  /** Every hour the quality has, sorted. */
  all(): Promise<string[]>;
  /** An hour's selection, cached while its listing is unchanged. */
  hour(hour: string): Promise<HourSelection>;
}

export class Archive {
  readonly root: string;
  /** The boundary every read of this archive goes through. */
  readonly sealed: SealedFolder;
  readonly counters: ArchiveCounters = { listings: 0, parsedNames: 0, sizeLookups: 0 };
  /** Segments some read found damaged (the playlist leaves them out like holes). */
  readonly damage = new DamageLog();
  /** Segments some read found sound, while they stay the same file: not read again by a quick inspection. */
  readonly soundFiles = new SoundFiles();
  private readonly hours = new Map<string, CachedHour>();
  private readonly inFlight = new Map<string, Promise<HourSelection>>();
  private readonly warnedPaths = new Set<string>();
  private readonly deps: HourDependencies;
  /** Warns once per path about something left out (a stray file, a symlink leading out, a bad name). */
  private readonly skip: SkipListener;
  private readonly maxCachedHours: number;
  private readonly hourIndex: HourIndexStore | undefined;
  private readonly nowMs: () => number;
  private readonly readAheadHours: number;

  constructor(root: string, options: ArchiveOptions = {}) {
    this.root = path.resolve(root);
    this.maxCachedHours = options.maxCachedHours ?? MAX_CACHED_HOURS;
    this.hourIndex = options.hourIndex;
    this.nowMs = options.nowMs ?? Date.now;
    this.readAheadHours = options.readAheadHours ?? READ_AHEAD_HOURS;
    const warn = options.warn ?? ((message: string) => console.warn(message));
    this.skip = (filePath, reason) => {
      if (this.warnedPaths.has(filePath)) return;
      this.warnedPaths.add(filePath);
      warn(`Skipping ${filePath}: ${reason}`);
    };
    this.sealed = new SealedFolder(this.root, this.skip);
    this.deps = {
      counters: this.counters,
      sizeOf: options.sizeOf ?? sizeOfFile,
      sizesOf: options.sizeOf ? undefined : options.blockingSizeLookups ? async (paths) => paths.map(sizeOfFileNow) : quickSizes(),
      badName: (filePath, reason) => this.skip(filePath, `not a segment name (${reason})`),
    };
  }

  /** Fails with ArchiveNotFoundError unless the root is a readable directory. */
  async check(): Promise<void> {
    const info = await stat(this.root).catch(() => undefined);
    if (!info?.isDirectory()) throw new ArchiveNotFoundError(this.root);
  }

  async channels(): Promise<string[]> {
    await this.check();
    return this.folderNames([]);
  }

  /** Video qualities of a channel (not `chat`). */
  async qualities(channel: string): Promise<string[]> {
    return (await this.folderNames([channel])).filter((name) => !NON_VIDEO_QUALITIES.has(name));
  }

  /** Hour directory names of a channel/quality, sorted; other names are ignored. */
  async hourNames(channel: string, quality: string): Promise<string[]> {
    return (await this.folderNames([channel, quality])).filter((name) => parseHour(name) !== undefined);
  }

  /**
   * Visible names (files and folders) in root/components, sorted; [] when missing or not
   * a folder, as the reference server listed. ArchiveEscapeError when the folder itself
   * leads outside the archive.
   */
  async listing(components: readonly string[]): Promise<string[]> {
    const dir = await this.sealed.resolve(components);
    const entries =
      dir === undefined
        ? []
        : await this.sealed.entries(dir).catch((error: unknown) => {
            if (error instanceof ArchiveReadError && error.code === 'ENOTDIR') return [];
            throw error;
          });
    return (entries ?? []).map((entry) => entry.name).sort();
  }

  /** Segment and (optionally) tombstone names of one hour, sorted; [] for a missing hour. */
  async segmentNames(channel: string, quality: string, hour: string, options: { tombstones?: boolean } = {}): Promise<string[]> {
    const qualityDir = await this.sealed.resolve([channel, quality]);
    return segmentNamesFrom(qualityDir === undefined ? [] : await this.hourFileNames(qualityDir, hour), options);
  }

  /**
   * Segment names of one hour as the listing cache holds them, sorted: the same array
   * while the folder is unchanged (an archive of several sources reuses its union then).
   */
  async hourListing(channel: string, quality: string, hour: string): Promise<readonly string[]> {
    const qualityDir = await this.sealed.resolve([channel, quality]);
    if (qualityDir === undefined) return [];
    const selection = await this.hour(qualityDir, hour);
    // An hour read from the persisted index has its decisions, not its names.
    return selection.fromIndex ? segmentNamesFrom(await this.hourFileNames(qualityDir, hour)) : selection.names;
  }

  private async folderNames(components: readonly string[]): Promise<string[]> {
    const dir = await this.sealed.resolve(components);
    return dir === undefined ? [] : namesOfKind((await this.sealed.entries(dir)) ?? [], 'directory').sort();
  }

  /**
   * Entry names in an hour folder, whatever each is (selection is by name: a FIFO or a
   * folder named like a segment is chosen, and the reader reports it as damaged); [] when
   * it is missing or not a folder (a stray file, warned about).
   */
  private async hourFileNames(qualityDir: string, hour: string): Promise<string[]> {
    const folder = await this.hourFolder(qualityDir, hour);
    return folder === undefined ? [] : ((await this.sealed.entries(folder.realPath)) ?? []).map((entry) => entry.name);
  }

  /** An hour folder as the seal sees it; a file (or anything else) in its place is skipped with a warning. */
  private async hourFolder(qualityDir: string, hour: string): Promise<SealedChild | undefined> {
    const child = await this.sealed.child(qualityDir, hour);
    if (child === undefined || child.kind === 'directory') return child;
    this.skip(child.realPath, child.kind === 'file' ? 'a file where an hour folder should be' : 'not a folder where an hour folder should be');
    return undefined;
  }

  /** A selected segment with its path, as the segment reader takes it. */
  segmentFile(channel: string, quality: string, segment: SegmentInfo): SegmentFile {
    return { channel, quality, segment, path: this.segmentPath(channel, quality, segment.hour, segment.name) };
  }

  /**
   * Inspects a segment for damage (segment-reader.ts: `stat` looks at no byte, `quick` at
   * both ends, `whole` at all) and remembers the answer.
   */
  async inspect(file: SegmentFile, options: InspectOptions | { depth: 'stat' }): Promise<DamageFinding | null> {
    if (options.depth === 'stat') {
      const finding = await statDamage(file);
      this.noteFinding(file, finding, true);
      return finding;
    }
    if (options.depth === 'quick' && (await this.stillSound(file))) return null;
    const { finding, info } = await inspectSegmentFile(file, options);
    this.noteInspected(file, finding, info);
    return finding;
  }

  /** Whether the file at the segment's path is one a read found sound (one stat; see SoundFiles). */
  private async stillSound(file: SegmentFile): Promise<boolean> {
    if (!this.soundFiles.knows(file.path)) return false;
    const info = await stat(file.path).catch(() => undefined);
    return info !== undefined && this.soundFiles.stillSound(file.path, info);
  }

  /**
   * What an inspection of the file the caller opened found (segment-reader.ts
   * inspectOpenSegment), remembered as inspect would; `info`, the fstat of the file read,
   * lets a sound one skip the next quick inspection while it stays the same file.
   */
  noteInspected(file: SegmentFile, finding: DamageFinding | null, info?: Stats): void {
    this.noteFinding(file, finding, false);
    if (finding === null && info !== undefined) this.soundFiles.remember(file.path, info);
    else this.soundFiles.forget(file.path);
  }

  /** What a stat the caller made already (an fstat of the file it opened) says, remembered as inspect at depth 'stat' would. */
  noteStats(file: SegmentFile, info: Stats): DamageFinding | null {
    const finding = damageOfStats(info);
    this.noteFinding(file, finding, true);
    return finding;
  }

  private noteFinding(file: SegmentFile, finding: DamageFinding | null, statOnly: boolean): void {
    if (finding) this.damage.remember(file, finding);
    // A stat that sees a regular, non-empty file says nothing about its bytes: only a read
    // clears what a read found (a repaired or replaced file).
    else if (!statOnly || this.damage.get(file.path)?.damage === 'empty' || this.damage.get(file.path)?.damage === 'not-a-file') this.damage.forget(file.path);
  }

  /**
   * Inspects many segments, a few at a time (a disk answers a handful of reads at once
   * faster than one, and not a thousand): the findings in the order of `files`. A file
   * that vanished counts as unreadable.
   */
  async inspectMany(
    files: readonly SegmentFile[],
    options: (InspectOptions | { depth: 'stat'; signal?: AbortSignal }) & { atOnce?: number },
  ): Promise<(DamageFinding | null)[]> {
    const findings = new Array<DamageFinding | null>(files.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        findings[index] = await this.inspect(files[index]!, options).catch((error: unknown) => {
          if (options.signal?.aborted) throw error;
          return { damage: 'unreadable' as const, why: (error as NodeJS.ErrnoException).code ?? String(error) };
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.atOnce ?? INSPECTIONS_AT_ONCE, files.length) }, worker));
    return findings;
  }

  /**
   * Keeps the bytes of `segments` at their segmentPath until the returned release is
   * called: an export reads them by path long after it looked at them. A drive's files
   * stay anyway; an archive of several sources pins its cached copies (sources/).
   */
  pinSegments(_channel: string, _quality: string, _segments: readonly SegmentInfo[]): () => void {
    return () => undefined;
  }

  /** Absolute path of a segment file. */
  segmentPath(channel: string, quality: string, hour: string, name: string): string {
    return path.join(this.root, channel, quality, hour, name);
  }

  /**
   * The best segments for [startUs, endUs): segments in order, null at every hole.
   * With allowHoles false, the first hole throws HoleError saying where it is.
   */
  async select(channel: string, quality: string, startUs: number, endUs: number, options: SelectOptions = {}): Promise<Selection> {
    const walker = new RangeWalker(startUs, endUs, options.allowHoles ?? true);
    for await (const loaded of this.hoursOfRange(channel, quality, startUs, endUs)) {
      const selection = loaded.from(startUs);
      await selection.advanceUntil(endUs);
      if (await this.walkHour(selection, walker)) break;
    }
    const selection = walker.finish();
    // Nothing at all: tell an unplugged drive apart from a real hole.
    if (selection.every((segment) => segment === null)) await this.check();
    return selection;
  }

  /**
   * select() for a caller that reads the persisted index's columns itself (`segments
   * --json`): a segment of an hour read from the index is its row number (see
   * ColumnSelection), so a long range builds no object per segment; a listed hour's
   * segments are themselves.
   */
  async selectColumns(channel: string, quality: string, startUs: number, endUs: number, options: SelectOptions = {}): Promise<ColumnSelection> {
    const walker = new RangeWalker<SegmentInfo | number>(startUs, endUs, options.allowHoles ?? true);
    const hours: IndexedRows[] = [];
    let firstRow = 0;
    for await (const loaded of this.hoursOfRange(channel, quality, startUs, endUs)) {
      const columns = loaded.indexColumns();
      if (columns === undefined) {
        const selection = loaded.from(startUs);
        await selection.advanceUntil(endUs);
        if (await this.walkHour(selection, walker)) break;
        continue;
      }
      hours.push({ firstRow, columns });
      if (walkColumns(columns, firstRow, walker)) break;
      firstRow += columns.count;
    }
    const entries = walker.finish();
    if (entries.every((entry) => entry === null)) await this.check();
    return { entries, hours };
  }

  /**
   * The hours a selection of [startUs, endUs) reads, loaded: from the hour before start's
   * (a segment starting at 00:59:59 can cover 01:00:00). Hours are loaded ahead (I/O
   * overlaps); each comes after a turn of the event loop, so no request holds the loop
   * for long.
   */
  private async *hoursOfRange(channel: string, quality: string, startUs: number, endUs: number): AsyncGenerator<HourSelection> {
    const view = await this.qualityHours(channel, quality);
    const hours = view === undefined ? [] : await view.between(startUs - US_PER_HOUR, endUs);
    const inRange = hoursStartingBefore(hours, endUs);
    yield* readAhead(hours.slice(0, inRange), view?.readAhead ?? 0, (hour) => view!.hour(hour));
    // The hour that starts at the range's end (an end on the hour) can only give the segment
    // after a hole at the very end: it is listed when the walk gets there, not read ahead
    // (a walk that reaches the end before it, most of them, never lists it; nor does the reference).
    for (const hour of hours.slice(inRange)) {
      await yieldToEventLoop();
      yield await view!.hour(hour);
    }
  }

  /**
   * A channel/quality as select and coverage walk it: which hours to visit and each
   * hour's cached selection; undefined when the quality folder is missing. An archive of
   * several sources (sources/) answers with its union hours, so both walks are shared.
   */
  protected async qualityHours(channel: string, quality: string): Promise<QualityHours | undefined> {
    const qualityDir = await this.sealed.resolve([channel, quality]);
    if (qualityDir === undefined) return undefined;
    return {
      readAhead: this.readAheadHours,
      between: (fromUs, toUs) => this.hourDirsBetween(qualityDir, fromUs, toUs),
      all: () => this.hourNames(channel, quality),
      hour: (hour) => this.hour(qualityDir, hour),
    };
  }

  /**
   * Hour directory names to read from the hour containing `fromUs` through the one
   * containing `toUs`. A short range is counted out (no listing, the warm path stays a
   * few stats); a long one is taken from one listing of the quality folder, so a mistyped
   * year (a range of centuries) costs one readdir, not millions of stats.
   */
  private async hourDirsBetween(qualityDir: string, fromUs: number, toUs: number): Promise<string[]> {
    const firstUs = hourStartOf(fromUs);
    if (toUs - firstUs <= COUNTED_RANGE_HOURS * US_PER_HOUR) return hoursBetween(firstUs, toUs);
    const names = ((await this.sealed.entries(qualityDir)) ?? []).map((entry) => entry.name);
    return names
      .filter((name) => {
        const hourUs = parseHour(name);
        return hourUs !== undefined && hourUs >= firstUs && hourUs <= toUs;
      })
      .sort();
  }

  /** Offers an hour's best segments to the walker; true once the walker is satisfied. */
  protected async walkHour(selection: HourSelection, walker: RangeWalker<SegmentInfo> | RangeWalker<SegmentInfo | number>): Promise<boolean> {
    for (let index = 0; ; index++) {
      if (index >= selection.best.length) {
        // The walker may still want the first segment after the range (it closes a hole).
        await selection.advancePast(index);
        if (index >= selection.best.length) return false;
      }
      if (walker.offer(selection.best[index]!)) return true;
    }
  }

  /**
   * Per-hour coverage of a channel/quality from its first to its last hour folder, one row
   * per hour; missing hours between folders are rows too (each one hole), except across
   * gaps longer than MAX_FILLED_GAP_HOURS (see coverageHours).
   */
  async coverage(channel: string, quality: string): Promise<HourCoverage[]> {
    const view = await this.qualityHours(channel, quality);
    const hourNames = view === undefined ? [] : await view.all();
    if (hourNames.length === 0) {
      await this.check(); // an unplugged drive is an error, not an empty channel
      return [];
    }
    // Each hour is summed up as it arrives, both as if footage went on after it and as if it
    // were the last (which only leaves out the hole after the last recording): which one
    // applies is known at the end, and no hour's segments are held until then (a week is
    // 300k names).
    const summaries: { goesOn: HourCoverage; last: HourCoverage; hasFootage: boolean }[] = [];
    let reachUs: number | undefined;
    for await (const loaded of readAhead(coverageHours(hourNames), view!.readAhead, (hour) => view!.hour(hour))) {
      const selection = loaded.whole();
      await selection.advanceAll();
      const input = {
        hour: selection.hour,
        hourStartUs: selection.hourStartUs,
        files: selection.files,
        duplicates: selection.duplicates,
        best: selection.best,
        reachUs,
      };
      const goesOn = hourCoverage({ ...input, isLast: false });
      summaries.push({ goesOn: goesOn.coverage, last: hourCoverage({ ...input, isLast: true }).coverage, hasFootage: selection.best.length > 0 });
      reachUs = goesOn.reachUs;
    }
    const lastWithFootage = summaries.findLastIndex((summary) => summary.hasFootage);
    return summaries.map((summary, index) => (index >= lastWithFootage ? summary.last : summary.goesOn));
  }

  /**
   * The cached selection of an hour, re-listed when the directory may have changed.
   * Concurrent callers for one hour share one listing.
   */
  private hour(qualityDir: string, hour: string): Promise<HourSelection> {
    const dir = path.join(qualityDir, hour);
    const existing = this.inFlight.get(dir);
    if (existing) return existing;
    const loading = this.loadHour(qualityDir, hour).finally(() => this.inFlight.delete(dir));
    this.inFlight.set(dir, loading);
    return loading;
  }

  /** `qualityDir` is a real path inside the archive; the hour folder is looked at through the seal. */
  private async loadHour(qualityDir: string, hour: string): Promise<HourSelection> {
    const dir = path.join(qualityDir, hour);
    const hourStartUs = parseHour(hour)!;
    const folder = await this.hourFolder(qualityDir, hour);
    const cached = this.hours.get(dir);
    if (!folder) {
      this.hours.delete(dir);
      return new HourSelection(dir, hour, hourStartUs, [], this.deps);
    }
    if (cached && cached.selection.dir === folder.realPath && cached.mtimeMs === folder.mtimeMs && cached.listedAtMs - folder.mtimeMs > RACY_MTIME_MS) {
      this.remember(dir, cached);
      return cached.selection;
    }
    const indexed = this.hourIndex?.read(folder.realPath, folder.key, hour, hourStartUs);
    if (indexed) {
      const selection = HourSelection.fromIndex(folder.realPath, hour, hourStartUs, indexed, this.deps);
      this.remember(dir, { mtimeMs: folder.mtimeMs, listedAtMs: indexed.listedAtMs, selection });
      return selection;
    }
    const listedAtMs = this.nowMs();
    this.counters.listings++;
    const { files, others } = (await this.sealed.listing(folder.realPath)) ?? { files: [], others: [] };
    const names = segmentNamesFrom(others.length === 0 ? files : [...files, ...others.map((entry) => entry.name)]);
    if (others.length > 0) this.noteNotRegular(channelQualityOf(await this.sealed.realRoot(), qualityDir), hour, hourStartUs, others);
    const unchanged = cached !== undefined && cached.selection.dir === folder.realPath && sameNames(cached.selection.names, names);
    const selection = unchanged ? cached.selection : new HourSelection(folder.realPath, hour, hourStartUs, names, this.deps);
    if (!unchanged && this.hourIndex && indexable(folder, listedAtMs, others)) {
      const store = this.hourIndex;
      selection.onDecided = (decided) =>
        store.write(folder.realPath, folder.key, {
          best: decided.best,
          files: decided.files,
          duplicates: decided.duplicates,
          badNames: decided.badNames,
          listedAtMs,
        });
    }
    this.remember(dir, { mtimeMs: folder.mtimeMs, listedAtMs, selection });
    return selection;
  }

  /**
   * Names of the listing that are not regular files are damaged without a read (the
   * listing's file types say so): noted, so the playlist leaves them out from the start.
   */
  private noteNotRegular(where: { channel: string; quality: string } | undefined, hour: string, hourStartUs: number, entries: readonly SealedEntry[]): void {
    if (where === undefined) return;
    for (const entry of entries) {
      if (entry.kind === 'file' || !entry.name.endsWith('.ts')) continue;
      let segment: SegmentInfo;
      try {
        segment = parseSegmentName(entry.name, hour, hourStartUs);
      } catch {
        continue;
      }
      const why = entry.kind === 'directory' ? 'a folder' : 'a FIFO, socket or device';
      this.damage.remember(this.segmentFile(where.channel, where.quality, segment), { damage: 'not-a-file', why });
    }
  }

  /** Stores an hour as the most recently used, dropping the least recently used past the limit. */
  private remember(dir: string, entry: CachedHour): void {
    this.hours.delete(dir);
    this.hours.set(dir, entry);
    if (this.hours.size > this.maxCachedHours) this.hours.delete(this.hours.keys().next().value!);
  }
}

/** Offers an indexed hour's segments to the walker by their columns, each standing for its row; true once the walker is satisfied. */
function walkColumns(columns: IndexColumns, firstRow: number, walker: RangeWalker<SegmentInfo | number>): boolean {
  const { count, startsUs, durationsUs, typeCodes } = columns;
  for (let index = 0; index < count; index++) {
    const startUs = startsUs[index]!;
    if (walker.offerTimes(startUs, startUs + durationsUs[index]!, INDEX_TYPES[typeCodes[index]!]!, firstRow + index)) return true;
  }
  return false;
}

/** How many of the sorted hour names start before `endUs`. */
function hoursStartingBefore(hours: readonly string[], endUs: number): number {
  let count = 0;
  while (count < hours.length && parseHour(hours[count]!)! < endUs) count++;
  return count;
}

/** The channel and quality of a quality folder's real path (under the root's real path). */
function channelQualityOf(root: string, qualityDir: string): { channel: string; quality: string } | undefined {
  const parts = path.relative(root, qualityDir).split(path.sep);
  return parts.length === 2 && !parts[0]!.startsWith('..') ? { channel: parts[0]!, quality: parts[1]! } : undefined;
}

/**
 * Lets timers, I/O and other requests run between hours: parsing an hour is quick, but
 * many hours' continuations would otherwise run back to back as one long task.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The hours a coverage report has rows for: every hour folder, and the missing hours
 * between two folders at most MAX_FILLED_GAP_HOURS apart. A stray folder from another
 * year must not turn the report into half a million empty rows; the neighbouring rows
 * still show the gap as holes.
 */
export function coverageHours(hourNames: readonly string[]): string[] {
  const hours: string[] = [];
  let previousUs: number | undefined;
  for (const name of hourNames) {
    const hourUs = parseHour(name)!;
    if (previousUs !== undefined && hourUs - previousUs <= MAX_FILLED_GAP_HOURS * US_PER_HOUR) {
      hours.push(...hoursBetween(previousUs + US_PER_HOUR, hourUs - US_PER_HOUR));
    }
    hours.push(name);
    previousUs = hourUs;
  }
  return hours;
}

/**
 * Loads items in order, keeping up to `depth` loads in flight ahead of the consumer, and
 * yields each once loaded and after a turn of the event loop. A load that fails throws
 * when its turn comes (not earlier, and never as an unhandled rejection).
 */
export async function* readAhead<T, R>(items: readonly T[], depth: number, load: (item: T) => Promise<R>): AsyncGenerator<R> {
  // Keyed by index and deleted once handed out: a load kept after its turn would keep
  // what it loaded (a week of hours' names) alive until the whole walk ends.
  const loads = new Map<number, Promise<R>>();
  const start = (index: number) => {
    if (index >= items.length) return;
    const loading = load(items[index]!);
    loading.catch(() => undefined);
    loads.set(index, loading);
  };
  for (let index = 0; index < depth; index++) start(index);
  for (let index = 0; index < items.length; index++) {
    start(index + depth);
    const loading = loads.get(index)!;
    loads.delete(index);
    const loaded = await loading;
    await yieldToEventLoop();
    yield loaded;
  }
}

/**
 * Whether a listing may go into the persisted index: taken more than RACY_MTIME_MS after
 * the folder last changed (mtime and ctime, as stat-ed before the listing), so any later
 * change shows in the key; and of plain files only (a symlink can be re-aimed, and what
 * is not a regular file is damage noted at each listing).
 */
function indexable(folder: SealedChild, listedAtMs: number, notPlainFiles: readonly SealedEntry[]): boolean {
  return listedAtMs - Math.max(folder.mtimeMs, folder.ctimeMs) > RACY_MTIME_MS && notPlainFiles.length === 0;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

async function sizeOfFile(filePath: string): Promise<number> {
  try {
    return (await stat(filePath)).size;
  } catch {
    return -1;
  }
}
