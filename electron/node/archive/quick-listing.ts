/**
 * Folder listings (readdir with file types) made blocking while they are quick, one per
 * turn of the event loop, and through the thread pool for a while after a slow one.
 *
 * A listing through the thread pool costs more CPU than the same listing made blocking:
 * a pool thread's and the loop's wake-ups, and the names' memory, allocated on the pool
 * thread, freed on the loop's. For the 13 hour folders of a cold 12-hour selection that
 * was about 5 ms of its 30 (BENCHMARKS.md). A cached hour folder of 1,850 names lists in
 * about a millisecond; one that takes over SLOW_LISTING_MS went to the disk (or the
 * process lost its core), and the listings of the next COLD_DRIVE_MS go to the thread
 * pool, as a cold or slow drive's must: it would hold the event loop for each.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

/** A blocking listing slower than this (ms) read the disk, or lost its core. */
const SLOW_LISTING_MS = 10;

/** After a slow listing, listings go through the thread pool for this long (ms). */
const COLD_DRIVE_MS = 10_000;

export class QuickListings {
  private asyncUntilMs = Number.NEGATIVE_INFINITY;
  /**
   * The last blocking listing asked for: the next one waits for it and then for a turn of
   * the event loop, so listings asked for together (an archive reads hours ahead) never
   * hold the loop for more than one listing at a time.
   */
  private lastBlocking: Promise<unknown> = Promise.resolve();

  constructor(private readonly nowMs: () => number = performance.now.bind(performance)) {}

  /** The entries of the folder at `dirPath`; fails as fs.readdir does (ENOENT, ENOTDIR...). */
  entries(dirPath: string): Promise<Dirent[]> {
    if (this.nowMs() < this.asyncUntilMs) return readdir(dirPath, { withFileTypes: true });
    const listed = this.lastBlocking.then(nextTurn).then(() => this.listNow(dirPath));
    this.lastBlocking = listed.catch(() => undefined);
    return listed;
  }

  /** A blocking listing, unless one before it (while this one waited its turn) was slow. */
  private listNow(dirPath: string): Dirent[] | Promise<Dirent[]> {
    const startedMs = this.nowMs();
    if (startedMs < this.asyncUntilMs) return readdir(dirPath, { withFileTypes: true });
    try {
      return readdirSync(dirPath, { withFileTypes: true });
    } finally {
      const endedMs = this.nowMs();
      if (endedMs - startedMs > SLOW_LISTING_MS) this.asyncUntilMs = endedMs + COLD_DRIVE_MS;
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
