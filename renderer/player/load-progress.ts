/**
 * How far the footage the player waits for has come, to tell a slow drive from a stuck
 * seek: the bytes hls.js's loaders have received for the playlist's fragments (counted as
 * they arrive, not only once a fragment is whole) and the seconds the element holds
 * buffered. Both only grow while footage comes; a seek whose mark moved since it was aimed
 * is progressing, however slowly.
 */

export interface LoadMark {
  receivedBytes: number;
  bufferedSeconds: number;
}

/** What a fragment's loader reports (hls.js's Fragment.stats). */
interface LoadedFragment {
  stats: { loaded: number };
}

export function loadMark(fragments: readonly LoadedFragment[], buffered: TimeRanges | undefined): LoadMark {
  let receivedBytes = 0;
  for (const fragment of fragments) receivedBytes += fragment.stats.loaded;
  let bufferedSeconds = 0;
  const ranges = buffered ?? { length: 0, start: () => 0, end: () => 0 };
  for (let index = 0; index < ranges.length; index++) bufferedSeconds += ranges.end(index) - ranges.start(index);
  return { receivedBytes, bufferedSeconds };
}

/** True when footage came between `before` and `after`: bytes arrived or the buffer grew. */
export function loadProgressed(before: LoadMark, after: LoadMark): boolean {
  return after.receivedBytes > before.receivedBytes || after.bufferedSeconds > before.bufferedSeconds;
}
