/**
 * Chat activity: lines per bin of a few seconds, bins aligned to multiples of the bin
 * length since the epoch (so the same instant falls in the same bin whatever window is
 * open), and the bursts in it.
 *
 * The burst rule (docs/CHAT.md): a bin is hot when its count is at least three times
 * the baseline and at least ten more than it, the baseline being the median count of
 * the bins within 2.5 minutes either side (the bin and its direct neighbours left out,
 * so a burst does not raise its own baseline). A burst is a run of hot bins, one cold
 * bin inside it allowed; its instant is the start of its first hot bin.
 */

export const ACTIVITY_BIN_US = 5_000_000;
export const BURST_FACTOR = 3;
export const BURST_MIN_RISE = 10;
/** Bins either side that make the baseline: 2.5 minutes of 5 s bins. */
export const BASELINE_BINS = 30;

export interface ChatActivity {
  /** Start of the first bin (a multiple of binUs). */
  startUs: number;
  binUs: number;
  counts: number[];
}

export interface ChatBurst {
  startUs: number;
  endUs: number;
  /** The busiest bin's count. */
  peak: number;
}

/** Empty bins covering [startUs, endUs). */
export function emptyActivity(startUs: number, endUs: number, binUs = ACTIVITY_BIN_US): ChatActivity {
  const firstUs = Math.floor(startUs / binUs) * binUs;
  return { startUs: firstUs, binUs, counts: new Array<number>(Math.max(0, Math.ceil((endUs - firstUs) / binUs))).fill(0) };
}

/** Adds instants to their bins (instants outside the bins are ignored). */
export function countInto(activity: ChatActivity, instantsUs: Iterable<number>): void {
  for (const instantUs of instantsUs) {
    const index = Math.floor((instantUs - activity.startUs) / activity.binUs);
    if (index >= 0 && index < activity.counts.length) activity.counts[index]!++;
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  const middle = values.length >> 1;
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/** The baseline of bin `index`: the median of its surroundings (see the rule above). */
export function baselineAt(counts: readonly number[], index: number): number {
  const around: number[] = [];
  for (let other = Math.max(0, index - BASELINE_BINS); other <= Math.min(counts.length - 1, index + BASELINE_BINS); other++) {
    if (Math.abs(other - index) > 1) around.push(counts[other]!);
  }
  return median(around);
}

function isHot(count: number, baseline: number): boolean {
  return count >= BURST_FACTOR * baseline && count >= baseline + BURST_MIN_RISE;
}

/** Every burst of the activity, in time order. */
export function findBursts(activity: ChatActivity): ChatBurst[] {
  const { counts, startUs, binUs } = activity;
  const bursts: ChatBurst[] = [];
  let current: ChatBurst | undefined;
  let lastHot = -2;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index]!;
    if (count < BURST_MIN_RISE || !isHot(count, baselineAt(counts, index))) continue;
    const binStartUs = startUs + index * binUs;
    if (current && index - lastHot <= 2) {
      current.endUs = binStartUs + binUs;
      current.peak = Math.max(current.peak, count);
    } else {
      current = { startUs: binStartUs, endUs: binStartUs + binUs, peak: count };
      bursts.push(current);
    }
    lastHot = index;
  }
  return bursts;
}

/**
 * The burst a "next burst" jump goes to: the first starting more than a second after the
 * playhead (the frame on screen after a jump may sit a frame before the burst's start).
 */
export function nextBurst(bursts: readonly ChatBurst[], playheadUs: number): ChatBurst | undefined {
  return bursts.find((burst) => burst.startUs > playheadUs + 1_000_000);
}

/** The burst a "previous burst" jump goes to: the last starting more than a second before the playhead. */
export function previousBurst(bursts: readonly ChatBurst[], playheadUs: number): ChatBurst | undefined {
  return bursts.findLast((burst) => burst.startUs < playheadUs - 1_000_000);
}
