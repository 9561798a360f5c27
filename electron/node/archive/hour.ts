/**
 * One hour directory's best-per-start segments, computed lazily and kept while the
 * directory's listing is unchanged. A request for the first minutes of an hour parses
 * and stats only what it needs; a later request resumes where the earlier one stopped;
 * requests arriving together share one computation (they queue on one promise chain,
 * and whatever one of them decided the others reuse).
 */
import { bestFinalist, finalistIndices } from '../../../shared/select';
import {
  FIELD_DURATION_US,
  FIELD_HASH_START,
  FIELD_OFFSET_US,
  FIELD_TYPE,
  SEGMENT_TYPES,
  segmentNameProblem,
  segmentFieldsOf,
  type SegmentInfo,
  type SegmentType,
} from '../../../shared/segment';
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

/** The fields of the name being parsed (one for all: nothing is allocated per name). */
const SCRATCH_FIELDS = new Float64Array(4);

/** Type column value of a name that is not a segment name. */
const BAD = 255;
/** Type column values of full and temp (SEGMENT_TYPES indices); below TEMP, a usable copy. */
const FULL = 0;
const TEMP = 3;
/** Names parsed into the field columns at a time (parsing is pure, so a little past what is needed costs nothing but the parse). */
const PARSE_AHEAD = 64;

/**
 * An hour's names as parsed, one typed-array column per field (start within the hour,
 * duration, type, where the hash starts), by name index. A SegmentInfo is made only for
 * the segments chosen: an object per name, and an array per start, were most of a cold
 * selection's garbage.
 */
/** What planGroups found: where it stopped, and the groups up to there (see planGroups). */
interface GroupPlan {
  stop: number;
  /** The chosen segments in order; undefined where the choice waits for file sizes (the next of `ties`). */
  chosen: (SegmentInfo | undefined)[];
  /** Per start whose choice needs sizes, the name indices of its finalists (finalistIndices), in name order. */
  ties: number[][];
  /** The paths of every tie's finalists, in the order of `ties`: one batch of size lookups. */
  needed: string[];
  /** Usable copies beyond the one chosen, in the groups planned. */
  duplicates: number;
}

interface NameColumns {
  offsetsUs: Float64Array;
  durationsUs: Float64Array;
  types: Uint8Array;
  hashStarts: Uint32Array;
}

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

  /** Next name not yet taken into a decision (or passed over at the front). */
  private cursor = 0;
  /** Names parsed into `fields` so far (a prefix of `names`). */
  private parsed = 0;
  /** Parsed fields of names[0, parsed); dropped once the hour is done. */
  private fields: NameColumns | undefined;
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
      () => this.decideGroups(untilUs, Number.POSITIVE_INFINITY),
    );
  }

  /** Decides groups until `best` has more than `count` entries or the hour is done. */
  advancePast(count: number): Promise<void> {
    return this.enqueue(
      () => this.best.length <= count,
      () => this.decideGroups(Number.POSITIVE_INFINITY, count + 1),
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
      const nextStartUs = this.nextGroupStartUs();
      if (nextStartUs === undefined) this.decided();
      if (nextStartUs === undefined || !needed(nextStartUs)) return Promise.resolve();
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

  /** Tells `onDecided` once the last group is decided. */
  private decided(): void {
    if (!this.done || this.onDecided === undefined) return;
    const hook = this.onDecided;
    this.onDecided = undefined;
    hook(this);
  }

  /**
   * Start of the next undecided group, or undefined when none is left (the names that
   * are left, all bad, are then taken and the hour is done). Only while nothing is queued.
   */
  private nextGroupStartUs(): number | undefined {
    this.startOnce();
    const first = this.firstSegmentFrom(this.cursor);
    if (first < this.names.length) return this.hourStartUs + this.fields!.offsetsUs[first]!;
    if (!this.done) this.take(this.cursor, this.names.length);
    return undefined;
  }

  /**
   * Decides the groups from the cursor that start before `untilUs`, stopping once `best`
   * would hold `bestWanted` segments: planned in one pass over the columns, then, once
   * the sizes their ties need are in (often none), taken into `best` at once (a walk
   * reading `best` meanwhile sees it whole or not at all). The passes are plain functions
   * around the one await: the loops run optimised from their first call on.
   */
  private async decideGroups(untilUs: number, bestWanted: number): Promise<void> {
    const plan = this.planGroups(untilUs, bestWanted);
    const sizes = plan.needed.length === 0 ? [] : await this.lookUpSizes(plan.needed);
    this.takeGroups(plan, sizes);
  }

  /**
   * The groups from the cursor on as decideGroups wants them: the segment of each start,
   * decided on the columns, or in its place, where the choice needs file sizes (equal
   * copies: rare), the finalists to look up. No object is made for a copy that loses.
   */
  private planGroups(untilUs: number, bestWanted: number): GroupPlan {
    this.startOnce();
    const names = this.names;
    // Sized for every name left and trimmed: grown by push it was copied at every step.
    const plan: GroupPlan = { stop: this.cursor, chosen: new Array(names.length - this.cursor), ties: [], needed: [], duplicates: 0 };
    let planned = 0;
    let chosenCount = this.best.length;
    while (chosenCount < bestWanted) {
      const first = this.firstSegmentFrom(plan.stop);
      if (first >= names.length) {
        plan.stop = names.length;
        break;
      }
      if (this.hourStartUs + this.fields!.offsetsUs[first]! >= untilUs) break;
      const end = this.groupEnd(first);
      if (this.isSingle(first, end)) {
        if (this.fields!.types[first] !== TEMP) {
          plan.chosen[planned++] = this.segmentAt(first);
          chosenCount++;
        }
      } else if (this.planCopies(plan, first, end, planned)) {
        planned++;
        chosenCount++;
      }
      plan.stop = end;
    }
    plan.chosen.length = planned;
    return plan;
  }

  /**
   * Plans the group names[first, end) of several names (copies, or bad names beside one):
   * its segment goes to plan.chosen[at] now when the rule needs no size, or waits there as
   * a tie. False when the start has no usable copy (temp files only).
   */
  private planCopies(plan: GroupPlan, first: number, end: number, at: number): boolean {
    const { types, durationsUs } = this.fields!;
    const finalists = finalistIndices(types, durationsUs, first, end);
    if (finalists.length === 0) return false;
    let usable = 0;
    for (let index = first; index < end; index++) if (types[index]! < TEMP) usable++;
    plan.duplicates += usable - 1;
    if (finalists.length === 1) {
      plan.chosen[at] = this.segmentAt(finalists[0]!);
      return true;
    }
    plan.chosen[at] = undefined;
    plan.ties.push(finalists);
    for (const index of finalists) plan.needed.push(`${this.dir}/${this.names[index]!}`);
    return true;
  }

  /**
   * Takes a plan's groups into `best`, its ties decided with `sizes` (of plan.needed), and
   * moves the cursor past them. The plan's array, its ties filled in, becomes `best` when
   * that is empty (an hour decided in one go): no copy.
   */
  private takeGroups(plan: GroupPlan, sizes: readonly number[]): void {
    const { chosen, ties } = plan;
    let tie = 0;
    let sized = 0;
    for (let index = 0; index < chosen.length; index++) {
      if (chosen[index] !== undefined) continue;
      const finalists = ties[tie++]!;
      chosen[index] = this.segmentAt(finalists[this.bestOfTie(finalists, sizes, sized)]!);
      sized += finalists.length;
    }
    this.duplicates += plan.duplicates;
    if (this.best.length === 0) this.best = chosen as SegmentInfo[];
    else for (const segment of chosen as SegmentInfo[]) this.best.push(segment);
    this.take(this.cursor, plan.stop);
  }

  /** Position among a tie's finalists of the one the rule picks, their sizes at sizes[from...]. */
  private bestOfTie(finalists: readonly number[], sizes: readonly number[], from: number): number {
    const { types, hashStarts } = this.fields!;
    return bestFinalist(
      finalists.length,
      types[finalists[0]!] === FULL,
      (position) => sizes[from + position]!,
      (position) => {
        const name = this.names[finalists[position]!]!;
        return name.slice(hashStarts[finalists[position]!]!, name.length - 3);
      },
    );
  }

  private async lookUpSizes(paths: readonly string[]): Promise<readonly number[]> {
    this.deps.counters.sizeLookups += paths.length;
    return this.deps.sizesOf ? await this.deps.sizesOf(paths) : await Promise.all(paths.map((filePath) => this.deps.sizeOf(filePath)));
  }

  /**
   * Moves the cursor over names[from, to), whose groups are decided: counts them by type
   * and warns about the bad ones, in name order. The hour is done when the names run out.
   */
  private take(from: number, to: number): void {
    const columns = this.fields;
    const counts = [0, 0, 0, 0];
    for (let index = from; index < to; index++) {
      const type = columns!.types[index]!;
      if (type === BAD) this.badName(this.names[index]!);
      else counts[type]!++;
    }
    this.files.full += counts[0]!;
    this.files.suspect += counts[1]!;
    this.files.partial += counts[2]!;
    this.files.temp += counts[TEMP]!;
    // Names taken into decisions (those passed over at the front are only read for their times).
    this.deps.counters.parsedNames += to - from;
    this.cursor = to;
    if (to >= this.names.length) {
      this.done = true;
      this.fields = undefined;
    }
  }

  private badName(name: string): void {
    this.files.bad++;
    const reason = badNameReason(name);
    this.badNames.push([name, reason]);
    this.deps.badName(`${this.dir}/${name}`, reason);
  }

  /** Index of the first segment name at or after `index` (names.length: none). */
  private firstSegmentFrom(index: number): number {
    const names = this.names.length;
    for (; index < names; index++) {
      if (index >= this.parsed) this.parseThrough(index);
      if (this.fields!.types[index] !== BAD) return index;
    }
    return names;
  }

  /** End of the group whose first name is `first`: the next segment name with another start (bad names in between belong to the group). */
  private groupEnd(first: number): number {
    const names = this.names.length;
    const offsetUs = this.fields!.offsetsUs[first];
    let index = first + 1;
    for (; index < names; index++) {
      if (index >= this.parsed) this.parseThrough(index);
      const columns = this.fields!;
      if (columns.types[index] !== BAD && columns.offsetsUs[index] !== offsetUs) break;
    }
    return index;
  }

  /** True when the group names[first, end) holds one segment name (the others, if any, are bad). */
  private isSingle(first: number, end: number): boolean {
    const types = this.fields!.types;
    for (let index = first + 1; index < end; index++) if (types[index] !== BAD) return false;
    return true;
  }

  /** The segment of a parsed name, as parseSegmentName makes it (same fields, same order). */
  private segmentAt(index: number): SegmentInfo {
    const columns = this.fields!;
    const name = this.names[index]!;
    const startUs = this.hourStartUs + columns.offsetsUs[index]!;
    // Math.trunc gives the same (whole) number as a small integer where it fits: a Float64Array's
    // element is a boxed double, and stored as one a segment's duration took a 16-byte box.
    const durationUs = Math.trunc(columns.durationsUs[index]!);
    return {
      hour: this.hour,
      name,
      startUs,
      durationUs,
      endUs: startUs + durationUs,
      type: SEGMENT_TYPES[columns.types[index]!]!,
      hash: name.slice(columns.hashStarts[index]!, name.length - 3),
    };
  }

  /** Parses names from `parsed` through at least `index` into the columns. */
  private parseThrough(index: number): void {
    const names = this.names;
    this.fields ??= {
      offsetsUs: new Float64Array(names.length),
      durationsUs: new Float64Array(names.length),
      types: new Uint8Array(names.length),
      hashStarts: new Uint32Array(names.length),
    };
    const columns = this.fields;
    const fields = SCRATCH_FIELDS;
    const end = Math.min(names.length, Math.max(index + 1, this.parsed + PARSE_AHEAD));
    for (let at = this.parsed; at < end; at++) {
      if (segmentFieldsOf(names[at]!, fields)) {
        columns.offsetsUs[at] = fields[FIELD_OFFSET_US]!;
        columns.durationsUs[at] = fields[FIELD_DURATION_US]!;
        columns.types[at] = fields[FIELD_TYPE]!;
        columns.hashStarts[at] = fields[FIELD_HASH_START]!;
      } else {
        columns.types[at] = BAD;
      }
    }
    this.parsed = end;
  }

  /** The first look at the names: passes over the front (see from()) once. */
  private startOnce(): void {
    if (this.started) return;
    this.started = true;
    if (this.frontUs !== Number.NEGATIVE_INFINITY) this.passOverFront();
  }

  /**
   * Moves the cursor past the front groups whose every copy ends by `frontUs`, unparsed
   * into segments and uncounted. Stops at the first name that is not a segment name: from
   * there names are taken (and a bad one warned about) as usual.
   */
  private passOverFront(): void {
    const names = this.names.length;
    let index = this.cursor;
    while (index < names) {
      if (index >= this.parsed) this.parseThrough(index);
      const columns = this.fields!;
      if (columns.types[index] === BAD) break;
      const offsetUs = columns.offsetsUs[index]!;
      let groupEndUs = offsetUs + columns.durationsUs[index]!;
      let next = index + 1;
      let readable = true;
      for (; next < names; next++) {
        if (next >= this.parsed) this.parseThrough(next);
        if (columns.types[next] === BAD) {
          readable = false;
          break;
        }
        if (columns.offsetsUs[next] !== offsetUs) break;
        groupEndUs = Math.max(groupEndUs, offsetUs + columns.durationsUs[next]!);
      }
      if (!readable || this.hourStartUs + groupEndUs > this.frontUs) break;
      index = next;
      this.skippedFront = true;
    }
    this.cursor = index;
  }
}

/** Why parseSegmentName refuses a name segmentFieldsOf refused (the two accept exactly the same names). */
function badNameReason(name: string): string {
  const reason = segmentNameProblem(name);
  if (reason === undefined) throw new Error(`${name}: segmentFieldsOf refused a name parseSegmentName accepts`);
  return reason;
}
