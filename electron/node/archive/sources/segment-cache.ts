/**
 * Segments fetched from nodes, kept on local disk so that replaying or exporting the same
 * footage does not fetch it twice. Laid out like an archive (<dir>/<ch>/<q>/<hour>/<name>),
 * so every reader (ffmpeg, the segment route, the damage checks) reads a cached segment
 * as it reads a drive's. A file enters only whole and verified: it is written under a
 * hidden temporary name, its sha256 compared with the hash in its name, then renamed
 * (as the reference's backfiller does). Bounded: past `maxBytes` the least recently used
 * files go (the one just added always stays, even alone over the limit).
 */
import { open, readdir, rename, stat, unlink, utimes } from '../../fs-promised';
import path from 'node:path';
import { TrimdeskError } from '../../../../shared/errors';
import type { SegmentInfo } from '../../../../shared/segment';
import { makeFolders } from '../../new-folders';

/** Default size of the cache: a few hours of source-quality footage. */
export const DEFAULT_CACHE_BYTES = 4 * 1024 ** 3;

/** A node sent bytes that are not the ones its name promises. */
export class HashMismatchError extends TrimdeskError {
  constructor(
    readonly node: string,
    readonly label: string,
    gotHash: string,
  ) {
    super('bad-node', `Node ${node} sent ${label} with sha256 ${gotHash}, not the hash in its name: it is treated as missing from that node.`, {
      node,
      segment: label,
    });
    this.name = 'HashMismatchError';
  }
}

/** Streams a segment's bytes into `onChunk`; resolves with the byte count, -1 when the source has no such file. */
export type SegmentDownload = (onChunk: (chunk: Uint8Array) => Promise<void>) => Promise<number>;

export interface CacheCounters {
  hits: number;
  fills: number;
  evictions: number;
}

export class SegmentCache {
  readonly counters: CacheCounters = { hits: 0, fills: 0, evictions: 0 };
  /** Cached files in least-recently-used-first order, with their sizes. */
  private index: Map<string, number> | undefined;
  private indexing: Promise<Map<string, number>> | undefined;
  private totalBytes = 0;
  private readonly filling = new Map<string, Promise<string | undefined>>();
  /** Paths that may not be evicted, with how many holders pin each. */
  private readonly pins = new Map<string, number>();

  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_CACHE_BYTES,
  ) {}

  /**
   * Keeps the files at `paths` (cached now or filled later) from eviction until the
   * returned release is called (once; later calls do nothing). Pins of several holders add up.
   */
  pin(paths: readonly string[]): () => void {
    const unique = [...new Set(paths)];
    for (const filePath of unique) this.pins.set(filePath, (this.pins.get(filePath) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const filePath of unique) {
        const holders = this.pins.get(filePath)! - 1;
        if (holders > 0) this.pins.set(filePath, holders);
        else this.pins.delete(filePath);
      }
      // What the pins held past the limit goes now.
      if (this.index && this.totalBytes > this.maxBytes) void this.evict(this.index, undefined);
    };
  }

  /** Where a segment lives in the cache (whether or not it is there). */
  pathOf(channel: string, quality: string, hour: string, name: string): string {
    return path.join(this.dir, channel, quality, hour, name);
  }

  /** Bytes the cache holds now. */
  async sizeBytes(): Promise<number> {
    await this.loadIndex();
    return this.totalBytes;
  }

  /** True when the segment is cached (marks it recently used). */
  async has(filePath: string): Promise<boolean> {
    const index = await this.loadIndex();
    if (!index.has(filePath)) return false;
    // Another process sharing the folder (a second CLI run) may have evicted it.
    if (!(await stat(filePath).catch(() => undefined))) {
      this.drop(index, filePath);
      return false;
    }
    this.touch(index, filePath);
    return true;
  }

  /**
   * The cached file of `segment`, fetched with `download` first when it is not cached.
   * Concurrent calls for one segment share one download. Rejects with HashMismatchError
   * (nothing kept) when the bytes do not match the name, with the download's error when it
   * fails, and resolves undefined when the source does not have the file.
   */
  async fill(channel: string, quality: string, segment: SegmentInfo, node: string, download: SegmentDownload): Promise<string | undefined> {
    const filePath = this.pathOf(channel, quality, segment.hour, segment.name);
    if (await this.has(filePath)) {
      this.counters.hits++;
      return filePath;
    }
    const running = this.filling.get(filePath);
    if (running) return running;
    const filled = this.write(filePath, segment, node, download).finally(() => this.filling.delete(filePath));
    this.filling.set(filePath, filled);
    return filled;
  }

  private async write(filePath: string, segment: SegmentInfo, node: string, download: SegmentDownload): Promise<string | undefined> {
    // Loaded only when a node's segment is fetched: a one-off command on a folder never needs
    // node:crypto, and loading it was 4 ms of every start. Not import(): the CLI's chunks are
    // compiled through vm.Script (scripts/code-cache.cjs), where a dynamic import has no loader.
    const { createHash, randomUUID } = process.getBuiltinModule('node:crypto');
    await makeFolders(path.dirname(filePath));
    const temporary = path.join(path.dirname(filePath), `.${randomUUID()}.part`);
    const handle = await open(temporary, 'wx');
    const hash = createHash('sha256');
    let bytes: number;
    try {
      bytes = await download(async (chunk) => {
        hash.update(chunk);
        await handle.write(chunk);
      });
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await handle.close();
    const got = hash.digest('base64url');
    if (bytes < 0 || (segment.type !== 'temp' && got !== segment.hash)) {
      await unlink(temporary).catch(() => undefined);
      if (bytes < 0) return undefined;
      throw new HashMismatchError(node, `${segment.hour}/${segment.name}`, got);
    }
    await rename(temporary, filePath);
    this.counters.fills++;
    const index = await this.loadIndex();
    this.drop(index, filePath);
    index.set(filePath, bytes);
    this.totalBytes += bytes;
    await this.evict(index, filePath);
    return filePath;
  }

  /** Least recently used files out until the cache fits, never `keep` or a pinned one. */
  private async evict(index: Map<string, number>, keep: string | undefined): Promise<void> {
    for (const [filePath] of index) {
      if (this.totalBytes <= this.maxBytes) return;
      if (filePath === keep || this.pins.has(filePath)) continue;
      this.drop(index, filePath);
      this.counters.evictions++;
      await unlink(filePath).catch(() => undefined);
    }
  }

  private touch(index: Map<string, number>, filePath: string): void {
    const size = index.get(filePath)!;
    index.delete(filePath);
    index.set(filePath, size);
    // The order survives a restart through the modification time (read back by loadIndex).
    const now = new Date();
    utimes(filePath, now, now).catch(() => undefined);
  }

  private drop(index: Map<string, number>, filePath: string): void {
    const size = index.get(filePath);
    if (size === undefined) return;
    index.delete(filePath);
    this.totalBytes -= size;
  }

  /** What a previous run left in the folder, oldest use first; unfinished temporary files are removed. */
  private loadIndex(): Promise<Map<string, number>> {
    if (this.index) return Promise.resolve(this.index);
    this.indexing ??= this.scan().then((index) => {
      this.index = index;
      return index;
    });
    return this.indexing;
  }

  private async scan(): Promise<Map<string, number>> {
    const found: { filePath: string; size: number; usedMs: number }[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const entryPath = path.join(dir, entry.name);
        if (depth < 3 && entry.isDirectory()) await walk(entryPath, depth + 1);
        else if (depth === 3 && entry.isFile() && entry.name.endsWith('.part') && entry.name.startsWith('.')) await unlink(entryPath).catch(() => undefined);
        else if (depth === 3 && entry.isFile()) {
          const info = await stat(entryPath).catch(() => undefined);
          if (info) found.push({ filePath: entryPath, size: info.size, usedMs: info.mtimeMs });
        }
      }
    };
    await walk(this.dir, 0);
    found.sort((a, b) => a.usedMs - b.usedMs);
    this.totalBytes = found.reduce((sum, file) => sum + file.size, 0);
    return new Map(found.map((file) => [file.filePath, file.size]));
  }
}
