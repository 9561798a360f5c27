/**
 * Each indexed hour's segments as `segments --json` writes them, saved beside the hour
 * index (hour-index.ts), so a run over many settled hours copies each hour's text in a few
 * pieces instead of writing 1,800 segments one by one. Writing them was half of a 12-hour
 * run's own CPU: its loop runs 21,600 times in a new process, mostly before the JIT has
 * compiled it.
 *
 * What a file holds is a pure function of the index's rows and of how they are written:
 * the archive root as given (each path starts with it, and `source` is it), the channel
 * and the quality. So a file is named by a hash of the hour folder's real path and those,
 * and is used only while its header names the same folder, hour, root, channel, quality,
 * row count and index checksum as the index just read and checked: the index itself is
 * trusted only while its folder is unchanged, and a changed folder is indexed again with
 * other rows (another checksum), which no file made before matches. A file that is not
 * whole (cut short, altered: its body's CRC-32 is in the header) is ignored with a warning
 * and made again.
 *
 * Files are read into one buffer, used again for the next hour: a 12-hour run reads 8 MB
 * of them, and fresh memory for each cost as much in page faults as reading them.
 */
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { bodyChecksum, framedBytes, nameHash, pruneCacheFolder, readFrame, writeCacheFile } from '../node/archive/cache-file';
import type { IndexColumns } from '../node/archive/hour-index';

/** First bytes of every file: the format and its version (bump when the JSON written for a segment changes). */
const MAGIC = Buffer.from('trimdesk segment json 2\n', 'latin1');
const FILE_SUFFIX = '.json';

/**
 * An hour's segments as JSON text: row `r`'s text, ending in a comma, is
 * `text[starts[r] .. starts[r + 1])`. One read from the cache is valid until the next read.
 */
export interface HourJson {
  readonly starts: Uint32Array;
  readonly text: Buffer;
}

interface Header {
  dir: string;
  hour: string;
  writer: string;
  index: string;
  count: number;
  crc32: number;
}

/** A file that cannot be used for a reason worth a warning (not merely made for other rows). */
class UnusableFile extends Error {}

export class SegmentJsonCache {
  /** What the text depends on besides the rows: the archive root as given, the channel and the quality. */
  private readonly writer: string;
  private readonly warned = new Set<string>();
  private pruned = false;
  /** What every read fills (grown when a file is larger). */
  private readBuffer = Buffer.alloc(0);

  constructor(
    readonly dir: string,
    root: string,
    channel: string,
    quality: string,
    private readonly warn: (message: string) => void,
  ) {
    this.writer = JSON.stringify([root, channel, quality]);
  }

  /** The saved JSON of these rows, if a file made from exactly them is there; valid until the next read. */
  read(columns: IndexColumns): HourJson | undefined {
    const file = this.fileOf(columns);
    const bytes = this.readWhole(file);
    if (bytes === undefined) return undefined; // not made yet (or unreadable: it is made again)
    try {
      return this.decode(bytes, columns);
    } catch (error) {
      if (!(error instanceof UnusableFile)) throw error;
      this.warnOnce(file, `segment JSON cache ${file} ignored (${error.message}); written again`);
      return undefined;
    }
  }

  /**
   * For a file whose rows turned out not to fit its text while they were being copied
   * (their starts are checked per run copied): warned about, and removed, so the next
   * run makes it again.
   */
  warnDamaged(columns: IndexColumns): void {
    const file = this.fileOf(columns);
    this.warnOnce(file, `segment JSON cache ${file} ignored (its rows do not fit its text); made again on the next run`);
    try {
      unlinkSync(file);
    } catch {
      // Gone already, or not ours to remove: the next run finds it damaged again.
    }
  }

  /** A file's bytes in readBuffer (a view), or undefined when it cannot be read. */
  private readWhole(file: string): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const size = fstatSync(fd).size;
      if (size > this.readBuffer.length) this.readBuffer = Buffer.allocUnsafeSlow(size);
      let read = 0;
      while (read < size) {
        const got = readSync(fd, this.readBuffer, read, size - read, read);
        if (got === 0) break; // cut short while being read: its length no longer matches
        read += got;
      }
      return this.readBuffer.subarray(0, read);
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Saves the JSON of these rows; a failure is a warning, never an error. */
  write(columns: IndexColumns, json: HourJson): void {
    const starts = Buffer.from(json.starts.buffer, json.starts.byteOffset, json.starts.byteLength);
    const header: Header = {
      dir: columns.dir,
      hour: columns.hour,
      writer: this.writer,
      index: columns.checksum,
      count: columns.count,
      crc32: bodyChecksum(starts, json.text),
    };
    const failure = writeCacheFile(this.fileOf(columns), framedBytes(MAGIC, header, starts, json.text));
    if (failure !== undefined) this.warnOnce(this.dir, `segment JSON not saved in ${this.dir} (${failure})`);
    else if (!this.pruned) {
      this.pruned = true;
      pruneCacheFolder(this.dir, (message) => this.warnOnce(`${this.dir}\0prune`, message));
    }
  }

  private fileOf(columns: IndexColumns): string {
    return path.join(this.dir, `${nameHash(`${columns.dir}\0${this.writer}`)}${FILE_SUFFIX}`);
  }

  private decode(bytes: Buffer, columns: IndexColumns): HourJson | undefined {
    const frame = readFrame(bytes, MAGIC, 'not a file of this format');
    if (frame === undefined) return undefined; // made by another version: replaced, not damaged
    if ('problem' in frame) throw new UnusableFile(frame.problem);
    const { bodyStart } = frame;
    const header = frame.header as Header;
    const { count } = columns;
    if (
      header?.dir !== columns.dir ||
      header.hour !== columns.hour ||
      header.writer !== this.writer ||
      header.index !== columns.checksum ||
      header.count !== count
    ) {
      return undefined; // made from other rows (the hour changed) or for another root: out of date, not damaged
    }
    const startsBytes = (count + 1) * 4;
    if (bytes.length - bodyStart < startsBytes) throw new UnusableFile('cut short');
    if (bodyChecksum(bytes.subarray(bodyStart)) !== header.crc32) throw new UnusableFile('its checksum does not match');
    // Copied out: the row starts stay aligned for a Uint32Array, and the bytes are read over by the next hour.
    const starts = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + bodyStart, bytes.byteOffset + bodyStart + startsBytes) as ArrayBuffer);
    const text = bytes.subarray(bodyStart + startsBytes);
    // The rest of what a copy relies on is checked per run copied (SelectionJsonWriter.rowsFrom).
    if (starts[0] !== 0 || starts[count] !== text.length) throw new UnusableFile('its rows do not fit its text');
    return { starts, text };
  }

  private warnOnce(what: string, message: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.warn(message);
  }
}
