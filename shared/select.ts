/**
 * The segment selector: which file to use for every instant, and where the holes are.
 * Pure functions over parsed names and (only where a tie needs it) file sizes; the
 * file-system shell in electron/node/archive feeds them. Rules: ARCHIVE-FORMAT.md.
 */
import { TrimdeskError } from './errors';
import { SEGMENT_TYPES, compareHashBytes, type SegmentInfo, type SegmentType } from './segment';
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

/** SEGMENT_TYPES indices of the types the best-per-start rule chooses among (temp never). */
const FULL_CODE = SEGMENT_TYPES.indexOf('full');
const SUSPECT_CODE = SEGMENT_TYPES.indexOf('suspect');
const PARTIAL_CODE = SEGMENT_TYPES.indexOf('partial');

/**
 * The candidates the best-per-start rule chooses among, before any size is known, of a
 * same-start group held as columns: the indices in [from, to) of the longest fulls, else of
 * the suspects, else of the partials. `typeCodes` are SEGMENT_TYPES indices; any other code
 * (a name that is not a segment) is left out, as temp is. A caller holding an hour's names
 * as typed arrays (electron/node/archive/hour.ts) decides a group without an object per copy.
 */
export function finalistIndices(typeCodes: ArrayLike<number>, durationsUs: ArrayLike<number>, from: number, to: number): number[] {
  let longestFullUs = Number.NEGATIVE_INFINITY;
  let suspects = false;
  for (let index = from; index < to; index++) {
    const code = typeCodes[index];
    if (code === FULL_CODE) longestFullUs = Math.max(longestFullUs, durationsUs[index]!);
    else if (code === SUSPECT_CODE) suspects = true;
  }
  const hasFull = longestFullUs !== Number.NEGATIVE_INFINITY;
  const wanted = hasFull ? FULL_CODE : suspects ? SUSPECT_CODE : PARTIAL_CODE;
  const indices: number[] = [];
  for (let index = from; index < to; index++) {
    if (typeCodes[index] === wanted && (!hasFull || durationsUs[index] === longestFullUs)) indices.push(index);
  }
  return indices;
}

/**
 * Which of several finalists (finalistIndices) wins once their file sizes are known, as a
 * position among them: the largest file (-1 for one that vanished); among fulls of one size
 * the greatest decoded hash; otherwise the first in name order.
 */
export function bestFinalist(count: number, isFull: boolean, sizeAt: (position: number) => number, hashAt: (position: number) => string): number {
  let best = 0;
  let bestSize = sizeAt(0);
  for (let position = 1; position < count; position++) {
    const size = sizeAt(position);
    const byHash = isFull && size === bestSize ? compareHashBytes(hashAt(position), hashAt(best)) : 0;
    if (size > bestSize || byHash > 0) {
      best = position;
      bestSize = size;
    }
  }
  return best;
}

/** The candidates the best-per-start rule chooses among, before any size is known. */
function finalists(group: readonly SegmentInfo[]): readonly SegmentInfo[] {
  // Most starts have exactly one file: answer without building filtered copies.
  if (group.length === 1) return group[0]!.type === 'temp' ? [] : group;
  const codes = group.map((segment) => SEGMENT_TYPES.indexOf(segment.type));
  const durationsUs = group.map((segment) => segment.durationUs);
  return finalistIndices(codes, durationsUs, 0, group.length).map((index) => group[index]!);
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
  const candidateSizes = candidates.map((segment) => {
    const size = sizes.get(segment.name);
    if (size === undefined) throw new Error(`pickBest: size of ${segment.name} was not looked up`);
    return size;
  });
  const isFull = candidates[0]!.type === 'full';
  return candidates[
    bestFinalist(
      candidates.length,
      isFull,
      (position) => candidateSizes[position]!,
      (position) => candidates[position]!.hash,
    )
  ];
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
