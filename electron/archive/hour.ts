/**
 * One hour directory's best-per-start segments, computed lazily and kept while the
 * directory's listing is unchanged. A request for the first minutes of an hour parses
 * and stats only what it needs; a later request resumes where the earlier one stopped;
 * requests arriving together share one computation (they queue on one promise chain,
 * and whatever one of them decided the others reuse).
 */
import { pickBest, segmentsNeedingSize } from '../../shared/select';
import { SegmentNameError, parseSegmentName, type SegmentInfo, type SegmentType } from '../../shared/segment';

export type FileCounts = Record<SegmentType | 'bad', number>;

export interface HourDependencies {
  /** File size in bytes, or -1 when the file has vanished since the listing. */
  sizeOf(path: string): Promise<number>;
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

export class HourSelection {
  /** Best segment per start, in time order, as far as computed. */
  readonly best: SegmentInfo[] = [];
  /** Files seen so far by type (complete once `done`). */
  readonly files: FileCounts = { full: 0, suspect: 0, partial: 0, temp: 0, bad: 0 };
  /** Extra usable copies at a start that already has its chosen segment (complete once `done`). */
  duplicates = 0;
  done = false;

  private cursor = 0;
  private lookahead: SegmentInfo | undefined;
  private pending: SegmentInfo[] | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    readonly hour: string,
    readonly hourStartUs: number,
    readonly names: readonly string[],
    private readonly deps: HourDependencies,
  ) {
    if (names.length === 0) this.done = true;
  }

  /** Decides groups in time order while `shouldDecide(nextGroupStartUs)` holds. */
  advanceWhile(shouldDecide: (nextStartUs: number) => boolean): Promise<void> {
    const next = this.peekGroup();
    if (next === undefined || !shouldDecide(next[0]!.startUs)) return Promise.resolve();
    this.queue = this.queue.then(() => this.run(shouldDecide));
    return this.queue;
  }

  /** Decides every group up to (not including) the first that starts at or after `untilUs`. */
  advanceUntil(untilUs: number): Promise<void> {
    return this.advanceWhile((nextStartUs) => nextStartUs < untilUs);
  }

  /** Decides groups until `best` has more than `count` entries or the hour is done. */
  advancePast(count: number): Promise<void> {
    return this.advanceWhile(() => this.best.length <= count);
  }

  advanceAll(): Promise<void> {
    return this.advanceWhile(() => true);
  }

  private async run(shouldDecide: (nextStartUs: number) => boolean): Promise<void> {
    for (;;) {
      const group = this.peekGroup();
      if (group === undefined || !shouldDecide(group[0]!.startUs)) return;
      const needed = segmentsNeedingSize(group);
      const sizes = needed.length > 0 ? await this.lookUpSizes(needed) : undefined;
      const chosen = pickBest(group, sizes);
      // Cleared only now: a concurrent peek must see this group as undecided until it is.
      this.pending = undefined;
      if (chosen) this.best.push(chosen);
      this.duplicates += group.filter((segment) => segment.type !== 'temp').length - (chosen ? 1 : 0);
    }
  }

  private async lookUpSizes(segments: SegmentInfo[]): Promise<Map<string, number>> {
    this.deps.counters.sizeLookups += segments.length;
    const sizes = await Promise.all(segments.map((segment) => this.deps.sizeOf(`${this.dir}/${segment.name}`)));
    return new Map(segments.map((segment, index) => [segment.name, sizes[index]!]));
  }

  /** The next undecided same-start group, parsing names as needed; undefined when done. */
  private peekGroup(): SegmentInfo[] | undefined {
    if (this.pending) return this.pending;
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

  private parse(name: string): SegmentInfo | undefined {
    this.deps.counters.parsedNames++;
    try {
      const segment = parseSegmentName(name, this.hour, this.hourStartUs);
      this.files[segment.type]++;
      return segment;
    } catch (error) {
      if (!(error instanceof SegmentNameError)) throw error;
      this.files.bad++;
      this.deps.badName(`${this.dir}/${name}`, error.reason);
      return undefined;
    }
  }
}
