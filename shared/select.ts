/**
 * The segment selector: which file to use for every instant, and where the holes are.
 * Pure functions over parsed names and (only where a tie needs it) file sizes; the
 * file-system shell in electron/node/archive feeds them. Rules: ARCHIVE-FORMAT.md.
 */
import { TrimdeskError } from './errors';
import { compareHashBytes, type SegmentInfo, type SegmentType } from './segment';
import { formatInstant } from './time';

/** Recorders' timestamps jitter by a few ms: gaps and overlaps up to this are ignored. */
export const TOLERANCE_US = 10_000;

/** A selection: segments in play order, `null` wherever continuity is not guaranteed. */
export type Selection = (SegmentInfo | null)[];

/** Sizes in bytes of the files a tie-break needed, keyed by file name. */
export type SizeLookup = ReadonlyMap<string, number>;

/**
 * Groups consecutive segments (in name order) that share a start instant. Names sort
 * by their time text, so every copy of one start is adjacent.
 */
export function* groupByStart(segments: Iterable<SegmentInfo>): Generator<SegmentInfo[]> {
  let group: SegmentInfo[] = [];
  for (const segment of segments) {
    if (group.length > 0 && group[0]!.startUs !== segment.startUs) {
      yield group;
      group = [];
    }
    group.push(segment);
  }
  if (group.length > 0) yield group;
}

/** The candidates the best-per-start rule chooses among, before any size is known. */
function finalists(group: readonly SegmentInfo[]): readonly SegmentInfo[] {
  // Most starts have exactly one file: answer without building filtered copies.
  if (group.length === 1) return group[0]!.type === 'temp' ? [] : group;
  const fulls = group.filter((segment) => segment.type === 'full');
  if (fulls.length > 0) {
    const longestUs = Math.max(...fulls.map((segment) => segment.durationUs));
    return fulls.filter((segment) => segment.durationUs === longestUs);
  }
  const suspects = group.filter((segment) => segment.type === 'suspect');
  if (suspects.length > 0) return suspects;
  return group.filter((segment) => segment.type === 'partial');
}

/** Segments of a same-start group whose file size the choice depends on (often none). */
export function segmentsNeedingSize(group: readonly SegmentInfo[]): readonly SegmentInfo[] {
  const candidates = finalists(group);
  return candidates.length > 1 ? candidates : [];
}

/**
 * The best segment of a same-start group, or undefined when only temp files exist.
 * Full: longest, then largest file, then greatest decoded hash. Otherwise suspect over
 * partial, then largest file, then first in name order.
 */
export function pickBest(group: readonly SegmentInfo[], sizes: SizeLookup = new Map()): SegmentInfo | undefined {
  const candidates = finalists(group);
  if (candidates.length <= 1) return candidates[0];
  const sizeOf = (segment: SegmentInfo): number => {
    const size = sizes.get(segment.name);
    if (size === undefined) throw new Error(`pickBest: size of ${segment.name} was not looked up`);
    return size;
  };
  const isFull = candidates[0]!.type === 'full';
  let best = candidates[0]!;
  for (const candidate of candidates.slice(1)) {
    const bySize = sizeOf(candidate) - sizeOf(best);
    const byHash = isFull && bySize === 0 ? compareHashBytes(candidate.hash, best.hash) : 0;
    if (bySize > 0 || byHash > 0) best = candidate;
  }
  return best;
}

/** A hole where `allowHoles: false` was asked for. The hole is [holeStartUs, holeEndUs). */
export class HoleError extends TrimdeskError {
  constructor(
    readonly holeStartUs: number,
    readonly holeEndUs: number,
    readonly afterPartial: boolean,
    /** What to do about it where the hole stopped the work (an export: allow holes or move the range). */
    advice?: string,
  ) {
    const what = describeHole(holeStartUs, holeEndUs, afterPartial);
    super('holes', advice === undefined ? what : `${what}. ${advice}`, { holeStart: formatInstant(holeStartUs), holeEnd: formatInstant(holeEndUs) });
    this.name = 'HoleError';
  }
}

function describeHole(holeStartUs: number, holeEndUs: number, afterPartial: boolean): string {
  if (afterPartial && holeEndUs - holeStartUs <= TOLERANCE_US) {
    return `Footage is not continuous at ${formatInstant(holeStartUs)}: the segment ending there is only a partial or suspect download`;
  }
  return `No footage from ${formatInstant(holeStartUs)} to ${formatInstant(holeEndUs)}`;
}

/**
 * Walks best-per-start segments in time order and builds the selection for
 * [startUs, endUs). Feed it with offer() until it returns true (the range is reached),
 * then call finish(). Stateful so the caller can stop reading hours as soon as it is done.
 */
export class RangeWalker<T = SegmentInfo> {
  private readonly result: (T | null)[] = [];
  /** The last segment taken: its end and type (undefined: none yet). */
  private lastEndUs = 0;
  private lastType: SegmentType | undefined;
  private reachedEnd = false;

  constructor(
    readonly startUs: number,
    readonly endUs: number,
    readonly allowHoles = true,
  ) {}

  /** Considers the next segment; returns true once no further segment can matter. */
  offer(segment: SegmentInfo & T): boolean {
    return this.offerTimes(segment.startUs, segment.endUs, segment.type, segment);
  }

  /**
   * offer() by the segment's times and type, `item` standing for it in the selection: a
   * caller holding segments as columns (the persisted hour index) builds no object per
   * segment to walk them.
   */
  offerTimes(startUs: number, endUs: number, type: SegmentType, item: T): boolean {
    if (this.reachedEnd) return true;
    if (this.lastType === undefined) {
      if (startUs <= this.startUs && this.startUs < endUs) {
        this.take(endUs, type, item);
      } else if (this.startUs < startUs && startUs < this.endUs) {
        this.hole(this.startUs, startUs, false);
        this.take(endUs, type, item);
      } else {
        return startUs >= this.endUs;
      }
    } else {
      const gapUs = startUs - this.lastEndUs;
      if (gapUs < -TOLERANCE_US) return false;
      if (this.lastType !== 'full' || gapUs > TOLERANCE_US) {
        this.hole(this.lastEndUs, startUs, this.lastType !== 'full');
      }
      this.take(endUs, type, item);
    }
    this.reachedEnd = this.endUs <= endUs;
    return this.reachedEnd;
  }

  /** The selection, with a trailing hole unless the last segment is full and reaches the end. */
  finish(): (T | null)[] {
    if (this.lastType === undefined) {
      this.hole(this.startUs, this.endUs, false);
    } else if (this.lastType !== 'full' || this.lastEndUs < this.endUs) {
      this.hole(this.lastEndUs, Math.max(this.lastEndUs, this.endUs), this.lastType !== 'full');
    }
    return this.result;
  }

  private take(endUs: number, type: SegmentType, item: T): void {
    this.result.push(item);
    this.lastEndUs = endUs;
    this.lastType = type;
  }

  private hole(holeStartUs: number, holeEndUs: number, afterPartial: boolean): void {
    if (!this.allowHoles) throw new HoleError(holeStartUs, holeEndUs, afterPartial);
    this.result.push(null);
  }
}

/** The best segments for [startUs, endUs) from best-per-start segments in time order. */
export function selectRange(bestSegments: Iterable<SegmentInfo>, startUs: number, endUs: number, allowHoles = true): Selection {
  const walker = new RangeWalker(startUs, endUs, allowHoles);
  for (const segment of bestSegments) {
    if (walker.offer(segment)) break;
  }
  return walker.finish();
}

/** Best segment per start of one hour's parsed names (all sizes known): for tests and tools. */
export function bestPerStart(segments: Iterable<SegmentInfo>, sizes: SizeLookup = new Map()): SegmentInfo[] {
  const best: SegmentInfo[] = [];
  for (const group of groupByStart(segments)) {
    const chosen = pickBest(group, sizes);
    if (chosen) best.push(chosen);
  }
  return best;
}

/**
 * The time each hole of a selection leaves out, in order: from the previous segment's
 * end (or the range start) to the next segment's start (or the range end). A hole after
 * a partial segment that the next one joins directly has zero length.
 */
export function holeSpans(selection: Selection, startUs: number, endUs: number): { startUs: number; endUs: number }[] {
  const spans: { startUs: number; endUs: number }[] = [];
  selection.forEach((segment, index) => {
    if (segment !== null) return;
    const before = selection[index - 1];
    const after = selection[index + 1];
    const holeStartUs = before ? before.endUs : startUs;
    const holeEndUs = after ? after.startUs : Math.max(endUs, holeStartUs);
    spans.push({ startUs: holeStartUs, endUs: Math.max(holeStartUs, holeEndUs) });
  });
  return spans;
}
