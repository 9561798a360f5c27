/**
 * Reading chat batch files from `<archive>/<channel>/chat/<hour>/` through the archive's
 * seal (sealed-folder.ts): nothing outside the archive is listed or opened, a name that
 * is not a regular file is never opened (a FIFO would block the read), and a batch that
 * cannot be read, or has lines that are not messages, is a problem naming the file
 * (archive-relative) while the rest is still read. Parsed batches are kept while the
 * file's size and mtime are unchanged.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { BATCH_US, parseBatch, parseBatchName, type ParsedBatch } from '../../../shared/chat/batch';
import type { ChatEntry } from '../../../shared/chat/message';
import { batchMayHold } from '../../../shared/chat/span';
import { hoursBetween, parseHour } from '../../../shared/time';
import type { SealedFolder } from '../archive/sealed-folder';

/** A batch bigger than this is refused: a busy minute is about 1 MB, so this is not a batch. */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;
/** Messages kept parsed across requests (a busy hour is about 100k). */
const MAX_CACHED_MESSAGES = 600_000;
const READS_AT_ONCE = 4;

/** Something wrong with one batch file: its archive-relative path and what. */
export interface ChatProblem {
  file: string;
  why: string;
}

export interface BatchFile {
  /** `<channel>/chat/<hour>/<name>`. */
  label: string;
  path: string;
  startUs: number;
  regular: boolean;
}

interface CachedBatch {
  mtimeMs: number;
  size: number;
  parsed: ParsedBatch;
}

export function problemText(problem: ChatProblem): string {
  return `Chat batch ${problem.file}: ${problem.why}`;
}

export class BatchFiles {
  private readonly cache = new Map<string, CachedBatch>();
  private cachedMessages = 0;

  constructor(private readonly sealed: SealedFolder) {}

  /** Batch files that may hold messages of [startUs, endUs), in hour and name order. */
  async list(channel: string, startUs: number, endUs: number): Promise<BatchFile[]> {
    const chatDir = await this.sealed.resolve([channel, 'chat']);
    if (chatDir === undefined) return [];
    const files: BatchFile[] = [];
    // Batches from two minutes before start to a minute after end (span.ts): maybe in the hours either side.
    for (const hour of hoursBetween(startUs - 2 * BATCH_US, endUs + BATCH_US)) {
      const hourStartUs = parseHour(hour)!;
      const folder = await this.sealed.child(chatDir, hour);
      if (folder?.kind !== 'directory') continue;
      const entries = (await this.sealed.entries(folder.realPath)) ?? [];
      for (const entry of entries) {
        const batch = parseBatchName(entry.name, hourStartUs);
        if (batch === undefined || !batchMayHold(batch.startUs, startUs, endUs)) continue;
        files.push({
          label: `${channel}/chat/${hour}/${entry.name}`,
          path: path.join(folder.realPath, entry.name),
          startUs: batch.startUs,
          regular: entry.kind === 'file',
        });
      }
    }
    return files.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }

  /** The messages of each file (in the order given), and the problems met. */
  async read(files: readonly BatchFile[]): Promise<{ batches: ChatEntry[][]; problems: ChatProblem[] }> {
    const batches: ChatEntry[][] = new Array(files.length);
    const problems: ChatProblem[][] = files.map(() => []);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        const file = files[index]!;
        const parsed = await this.parsed(file).catch((error: unknown) => {
          problems[index]!.push({ file: file.label, why: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); left out` });
          return undefined;
        });
        batches[index] = parsed === undefined || typeof parsed === 'string' ? [] : parsed.entries;
        if (typeof parsed === 'string') problems[index]!.push({ file: file.label, why: parsed });
        else if (parsed !== undefined && parsed.badLines.length > 0) problems[index]!.push({ file: file.label, why: badLinesText(parsed) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, files.length) }, worker));
    return { batches, problems: problems.flat() };
  }

  /** A file's parsed batch, or why it cannot be a batch. */
  private async parsed(file: BatchFile): Promise<ParsedBatch | string> {
    if (!file.regular) return 'not a regular file (a folder, FIFO or device named like a batch); left out';
    // O_NONBLOCK: a FIFO swapped in after the listing must not block the open.
    const handle = await open(file.path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return 'not a regular file; left out';
      if (info.size > MAX_BATCH_BYTES) return `is ${info.size} bytes, more than a batch can be (${MAX_BATCH_BYTES}); left out`;
      const cached = this.cache.get(file.path);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
        this.cache.delete(file.path);
        this.cache.set(file.path, cached);
        return cached.parsed;
      }
      const parsed = parseBatch(await handle.readFile('utf8'));
      this.remember(file.path, { mtimeMs: info.mtimeMs, size: info.size, parsed });
      return parsed;
    } finally {
      await handle.close();
    }
  }

  private remember(filePath: string, entry: CachedBatch): void {
    const earlier = this.cache.get(filePath);
    if (earlier) this.cachedMessages -= earlier.parsed.entries.length;
    this.cache.delete(filePath);
    this.cache.set(filePath, entry);
    this.cachedMessages += entry.parsed.entries.length;
    while (this.cachedMessages > MAX_CACHED_MESSAGES && this.cache.size > 1) {
      const [oldest, dropped] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.cachedMessages -= dropped.parsed.entries.length;
    }
  }
}

function badLinesText(parsed: ParsedBatch): string {
  const [first, ...rest] = parsed.badLines;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more bad line${rest.length === 1 ? '' : 's'})`;
  return `line ${first!.line} ${first!.why}${more}; the other lines are shown`;
}
