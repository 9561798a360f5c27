/**
 * One hour directory's best-per-start segments, computed lazily and kept while the
 * directory's listing is unchanged. A request for the first minutes of an hour parses
 * and stats only what it needs; a later request resumes where the earlier one stopped;
 * requests arriving together share one computation (they queue on one promise chain,
 * and whatever one of them decided the others reuse).
 */
import { pickBest, segmentsNeedingSize } from '../../../shared/select';
import { SegmentNameError, parseSegmentName, segmentTimesOf, type SegmentInfo, type SegmentType } from '../../../shared/segment';
import type { IndexColumns, ReadIndex } from './hour-index';

export type FileCounts = Record<SegmentType | 'bad', number>;

export interface HourDependencies {
  /** File size in bytes, or -1 when the file has vanished since the listing. */
  sizeOf(path: string): Promise<number>;
  /** Sizes of several files at once (same meaning), when the archive has a cheaper way than one sizeOf each. */
  sizesOf?(paths: readonly string[]): Promise<number[]>;
  /** Called once per unparsable `.ts` name (the archive de-duplicates across listings). */
  badName(path: string, reason: string): void;
  /** Work counters, so tests and benchmarks can see what was done. */
  counters: ArchiveCounters;
}

export interface ArchiveCounters {
  listings: number;
  parsedNames: number;
  sizeLookups: number;
}

/** Start and end of the name being looked at by passOverFront (one for all: nothing is allocated per name). */
const SCRATCH_TIMES = new Float64Array(2);

export class HourSelection {
  /** Best segment per start, in time order, as far as computed (an hour from the index: once first advanced). */
  best: SegmentInfo[] = [];
  /** Files seen so far by type (complete once `done`). */
  readonly files: FileCounts = { full: 0, suspect: 0, partial: 0, temp: 0, bad: 0 };
  /** Extra usable copies at a start that already has its chosen segment (complete once `done`). */
  duplicates = 0;
  /** Unparsable `.ts` names met so far and why (for the persisted index). */
  readonly badNames: [string, string][] = [];
  done = false;
  /**
   * True when this hour was read from the persisted index: decided whole, and `names` is
   * empty (the index keeps the decisions, not the listing).
   */
  fromIndex = false;
  /** Called once, when every group of the hour has been decided (the archive saves the index then). */
  onDecided: ((selection: HourSelection) => void) | undefined;

  private cursor = 0;
  private lookahead: SegmentInfo | undefined;
  private pending: SegmentInfo[] | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Computations queued or running; while any is, peeking is no reliable shortcut. */
  private queuedWork = 0;
  /** An hour read from the index, not yet built into `best` (on its first advance). */
  private unread: ReadIndex | undefined;
  /** The columns of an hour read from the index. */
  private columns: IndexColumns | undefined;
  /** An hour read from the index whose bad names are still to be warned about (when it is first walked). */
  private unwarned = false;
  /**
   * Groups at the front of the hour whose every copy ends by this instant are passed over
   * unparsed at the first advance (see from()); -Infinity: none. Fixed once started.
   */
  private frontUs = Number.NEGATIVE_INFINITY;
  private started = false;
  /** Groups were passed over: best, files and duplicates lack them (see whole()). */
  private skippedFront = false;
  private wholeHour: HourSelection | undefined;

  constructor(
    readonly dir: string,
    readonly hour: string,
    readonly hourStartUs: number,
    readonly names: readonly string[],
    private readonly deps: HourDependencies,
  ) {
    if (names.length === 0) this.done = true;
  }

  /**
   * An hour decided whole by an earlier listing, as the persisted index kept it. Its
   * segments are built, and its bad names warned about, when the hour is first advanced:
   * in walk order, as a listing's parsing would have warned, and only for hours walked.
   */
  static fromIndex(dir: string, hour: string, hourStartUs: number, indexed: ReadIndex, deps: HourDependencies): HourSelection {
    const selection = new HourSelection(dir, hour, hourStartUs, [], deps);
    selection.fromIndex = true;
    Object.assign(selection.files, indexed.files);
    selection.duplicates = indexed.duplicates;
    for (const [name, reason] of indexed.badNames) selection.badNames.push([name, reason]);
    selection.unread = indexed;
    selection.columns = indexed.columns;
    selection.unwarned = true;
    return selection;
  }

  /**
   * The segments of an hour read from the index as its columns, for a walk that builds no
   * object per segment (its bad names are warned about, as a first advance would); undefined
   * for a listed hour.
   */
  indexColumns(): IndexColumns | undefined {
    this.warnIndexedBadNames();
    return this.columns;
  }

  private warnIndexedBadNames(): void {
    if (!this.unwarned) return;
    this.unwarned = false;
    for (const [name, reason] of this.badNames) this.deps.badName(`${this.dir}/${name}`, reason);
  }

  /**
   * This hour for a walk of a range starting at `startUs`. A walk offered a segment that
   * ends by its start ignores it (RangeWalker), so the groups at the front of the hour
   * whose every copy ends by then are passed over unparsed, unstat-ed and undecided: the
   * hour before a range's start is read for its last segments only. Not in an hour waiting
   * to be saved to the index (it must be whole). A walk from earlier than the front
   * already passed over gets the whole hour instead.
   */
  from(startUs: number): HourSelection {
    if (!this.started) {
      if (this.onDecided === undefined && (this.frontUs === Number.NEGATIVE_INFINITY || startUs < this.frontUs)) this.frontUs = startUs;
      return this;
    }
    return startUs >= this.frontUs ? this : this.whole();
  }

  /** This hour with every group (coverage's counts need them all): itself unless groups were passed over, else one new selection of the same names. */
  whole(): HourSelection {
    if (!this.started) this.frontUs = Number.NEGATIVE_INFINITY;
    if (!this.skippedFront) return this;
    this.wholeHour ??= new HourSelection(this.dir, this.hour, this.hourStartUs, this.names, this.deps);
    return this.wholeHour;
  }

  /**
   * Decides every group that starts before `untilUs`. The size lookups those groups
   * need (only ties) go out together, so a long stretch costs one round of stats.
   */
  advanceUntil(untilUs: number): Promise<void> {
    return this.enqueue(
      (nextStartUs) => nextStartUs < untilUs,
      () => this.decideBefore(untilUs),
    );
  }

  /** Decides groups until `best` has more than `count` entries or the hour is done. */
  advancePast(count: number): Promise<void> {
    return this.enqueue(
      () => this.best.length <= count,
      () => this.decideNextBeyond(count),
    );
  }

  advanceAll(): Promise<void> {
    return this.advanceUntil(Number.POSITIVE_INFINITY);
  }

  /**
   * Runs `work` after any computation already under way, unless nothing is running and
   * `needed` says the next undecided group is not wanted (the common, warm case: no promise
   * chain at all). Queued work re-checks what is left, so nothing is decided twice.
   */
  private enqueue(needed: (nextStartUs: number) => boolean, work: () => Promise<void>): Promise<void> {
    if (this.unread) {
      this.best = this.unread.segments();
      this.unread = undefined;
      this.warnIndexedBadNames();
    }
    if (this.queuedWork === 0) {
      const next = this.peekGroup();
      if (next === undefined) this.decided();
      if (next === undefined || !needed(next[0]!.startUs)) return Promise.resolve();
    }
    this.queuedWork++;
    const done = this.queue
      .then(work)
      .then(() => this.decided())
      .finally(() => this.queuedWork--);
    // A failed computation fails its caller, not every later request for the hour.
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Tells `onDecided` once the last group is decided (`done` is set when the names run out, before their groups' sizes are in). */
  private decided(): void {
    if (!this.done || this.pending !== undefined || this.onDecided === undefined) return;
    const hook = this.onDecided;
    this.onDecided = undefined;
    hook(this);
  }

  private async decideBefore(untilUs: number): Promise<void> {
    const groups: SegmentInfo[][] = [];
    for (let group = this.peekGroup(); group !== undefined && group[0]!.startUs < untilUs; group = this.peekGroup()) {
      groups.push(group);
      this.pending = undefined;
    }
    const needed = groups.flatMap((group) => segmentsNeedingSize(group));
    const sizes = needed.length > 0 ? await this.lookUpSizes(needed) : undefined;
    for (const group of groups) this.decide(group, sizes);
  }

  private async decideNextBeyond(count: number): Promise<void> {
    for (let group = this.peekGroup(); group !== undefined && this.best.length <= count; group = this.peekGroup()) {
      this.pending = undefined;
      const needed = segmentsNeedingSize(group);
      this.decide(group, needed.length > 0 ? await this.lookUpSizes(needed) : undefined);
    }
  }

  private decide(group: SegmentInfo[], sizes: Map<string, number> | undefined): void {
    const chosen = pickBest(group, sizes);
    if (chosen) this.best.push(chosen);
    if (group.length > 1) this.duplicates += group.filter((segment) => segment.type !== 'temp').length - (chosen ? 1 : 0);
  }

  private async lookUpSizes(segments: readonly SegmentInfo[]): Promise<Map<string, number>> {
    this.deps.counters.sizeLookups += segments.length;
    const paths = segments.map((segment) => `${this.dir}/${segment.name}`);
    const sizes = this.deps.sizesOf ? await this.deps.sizesOf(paths) : await Promise.all(paths.map((filePath) => this.deps.sizeOf(filePath)));
    return new Map(segments.map((segment, index) => [segment.name, sizes[index]!]));
  }

  /** The next undecided same-start group, parsing names as needed; undefined when done. */
  private peekGroup(): SegmentInfo[] | undefined {
    if (this.pending) return this.pending;
    if (!this.started) {
      this.started = true;
      if (this.frontUs !== Number.NEGATIVE_INFINITY) this.passOverFront();
    }
    const group: SegmentInfo[] = [];
    if (this.lookahead) group.push(this.lookahead);
    this.lookahead = undefined;
    while (this.cursor < this.names.length) {
      const segment = this.parse(this.names[this.cursor++]!);
      if (segment === undefined) continue;
      if (group.length > 0 && segment.startUs !== group[0]!.startUs) {
        this.lookahead = segment;
        break;
      }
      group.push(segment);
    }
    if (group.length === 0) {
      this.done = true;
      return undefined;
    }
    this.pending = group;
    return group;
  }

  /**
   * Moves the cursor past the front groups whose every copy ends by `frontUs`, reading only
   * their times in place. Stops at the first name that is not a segment name: from there
   * names are parsed (and a bad one warned about) as usual.
   */
  private passOverFront(): void {
    const times = SCRATCH_TIMES;
    let index = this.cursor;
    while (index < this.names.length && segmentTimesOf(this.names[index]!, this.hourStartUs, times)) {
      const groupStartUs = times[0]!;
      let groupEndUs = times[1]!;
      let next = index + 1;
      let readable = true;
      for (; next < this.names.length; next++) {
        if (!segmentTimesOf(this.names[next]!, this.hourStartUs, times)) {
          readable = false;
          break;
        }
        if (times[0] !== groupStartUs) break;
        groupEndUs = Math.max(groupEndUs, times[1]!);
      }
      if (!readable || groupEndUs > this.frontUs) break;
      index = next;
      this.skippedFront = true;
    }
    this.cursor = index;
  }

  private parse(name: string): SegmentInfo | undefined {
    this.deps.counters.parsedNames++;
    try {
      const segment = parseSegmentName(name, this.hour, this.hourStartUs);
      this.files[segment.type]++;
      return segment;
    } catch (error) {
      if (!(error instanceof SegmentNameError)) throw error;
      this.files.bad++;
      this.badNames.push([name, error.reason]);
      this.deps.badName(`${this.dir}/${name}`, error.reason);
      return undefined;
    }
  }
}
