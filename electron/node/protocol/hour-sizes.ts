/**
 * File sizes of hour folders for `/files/<ch>/<q>/<hour>?sizes=true` (listing-routes.ts),
 * remembered per folder while it is unchanged (same inode and mtime, and the mtime old
 * enough to be trusted): an hour's 1,800 stats cost more than the HEADs they save when
 * every client's cold selection made them again, while a settled hour never changes.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** Stats made between two turns of the event loop (a few milliseconds on a warm disk). */
const STATS_PER_TURN = 256;
/** A folder modified this recently (ms) may still change within its mtime's granularity. */
const RACY_MTIME_MS = 2_000;
/** Folders remembered (least recently used dropped first): two weeks of hours. */
const MAX_FOLDERS = 336;

interface KnownFolder {
  ino: number;
  mtimeMs: number;
  sizes: Map<string, number | null>;
}

export class HourSizes {
  private readonly folders = new Map<string, KnownFolder>();

  /**
   * Bytes of each name in the (real, sealed) folder; null where it is no regular file
   * there (a symlink, a name another source holds). Stats run synchronously,
   * STATS_PER_TURN at a time with a turn of the event loop between: promised one by one
   * they cost several times as long (each a trip through the thread pool).
   */
  async of(folder: string, names: readonly string[]): Promise<(number | null)[]> {
    const before = statOrUndefined(folder, statSync);
    const known = this.folders.get(folder);
    const trusted = before !== undefined && known?.ino === before.ino && known.mtimeMs === before.mtimeMs ? known.sizes : undefined;
    const sizes = new Map<string, number | null>();
    let statted = 0;
    for (const name of names) {
      const remembered = trusted?.get(name);
      if (remembered !== undefined) {
        sizes.set(name, remembered);
        continue;
      }
      if (++statted % STATS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      const info = statOrUndefined(path.join(folder, name), lstatSync);
      sizes.set(name, info?.isFile() ? info.size : null);
    }
    if (before !== undefined && Date.now() - before.mtimeMs > RACY_MTIME_MS) this.remember(folder, { ino: before.ino, mtimeMs: before.mtimeMs, sizes });
    return names.map((name) => sizes.get(name)!);
  }

  private remember(folder: string, entry: KnownFolder): void {
    this.folders.delete(folder);
    this.folders.set(folder, entry);
    if (this.folders.size > MAX_FOLDERS) this.folders.delete(this.folders.keys().next().value!);
  }
}

function statOrUndefined(filePath: string, look: typeof statSync): Stats | undefined {
  try {
    return look(filePath, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
