/**
 * File sizes for tie-breaks (two copies of one start), looked up in batches: a 12-hour
 * selection makes about 900. Three ways, by who is asking (Archive picks one).
 */
import { stat as statWithCallback, statSync } from 'node:fs';

/**
 * A blocking stat slower than this (ms) went to the disk rather than the inode cache, or
 * the process lost its core meanwhile. A cached inode takes a few microseconds; the first
 * stat of a new process about a millisecond (lazy initialisation), and on a loaded machine
 * any one of them may be preempted for a few.
 */
const SLOW_STAT_MS = 1;

/** Slow stats in one batch that say the drive is cold (one is noise: see SLOW_STAT_MS); the rest goes through the thread pool. */
const SLOW_STATS_OF_A_COLD_DRIVE = 3;

/** Longest a batch of blocking stats may hold the event loop (ms); an hour's ties (about 70) take well under it. */
const SYNC_BUDGET_MS = 10;

/** After a slow stat, batches stay with the thread pool for this long (ms): the disk is cold. */
const COLD_DISK_MS = 10_000;

/** Size in bytes, or -1 when the file has vanished (or cannot be stat-ed), blocking. */
export function sizeOfFileNow(filePath: string): number {
  try {
    return statSync(filePath, { throwIfNoEntry: false })?.size ?? -1;
  } catch {
    return -1;
  }
}

/**
 * Sizes of many files (-1 for one that vanished) as one promise over callback stats: a
 * promise per fs.promises.stat cost twice the CPU of the callbacks (24-32 ms against
 * 11-14 ms for 900 here).
 */
export function sizesOfFiles(paths: readonly string[], from = 0, sizes = new Array<number>(paths.length)): Promise<number[]> {
  return new Promise((resolve) => {
    let left = paths.length - from;
    if (left === 0) resolve(sizes);
    for (let index = from; index < paths.length; index++) {
      statWithCallback(paths[index]!, (error, info) => {
        sizes[index] = error ? -1 : info.size;
        if (--left === 0) resolve(sizes);
      });
    }
  });
}

/**
 * Sizes looked up blocking while that is quick, the rest with callbacks. A stat through
 * the thread pool cost about ten times the CPU of a blocking one here (a wake-up of a pool
 * thread and of the loop for each), which was a fifth of a cold selection; a blocking stat
 * of a cached inode takes microseconds. Once SLOW_STATS_OF_A_COLD_DRIVE stats have taken
 * over SLOW_STAT_MS each (or the batch SYNC_BUDGET_MS) the rest of the batch goes to the
 * thread pool, and so do whole batches for COLD_DISK_MS after that: a cold or slow drive
 * holds the loop for a few stats.
 */
export function quickSizes(nowMs: () => number = () => performance.now()): (paths: readonly string[]) => Promise<number[]> {
  let asyncUntilMs = Number.NEGATIVE_INFINITY;
  return (paths) => {
    const startedMs = nowMs();
    if (startedMs < asyncUntilMs) return sizesOfFiles(paths);
    const sizes = new Array<number>(paths.length);
    let beforeMs = startedMs;
    let slowStats = 0;
    for (let index = 0; index < paths.length; index++) {
      sizes[index] = sizeOfFileNow(paths[index]!);
      const afterMs = nowMs();
      if (afterMs - beforeMs > SLOW_STAT_MS) slowStats++;
      if (slowStats >= SLOW_STATS_OF_A_COLD_DRIVE || afterMs - startedMs > SYNC_BUDGET_MS) {
        asyncUntilMs = afterMs + COLD_DISK_MS;
        return sizesOfFiles(paths, index + 1, sizes);
      }
      beforeMs = afterMs;
    }
    return Promise.resolve(sizes);
  };
}
