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
 * whole (cut short, altered) is ignored with a warning and made again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { framedBytes, pruneCacheFolder, readFrame, writeCacheFile } from '../node/archive/cache-file';
import type { IndexColumns } from '../node/archive/hour-index';

/** First bytes of every file: the format and its version (bump when the JSON written for a segment changes). */
const MAGIC = Buffer.from('trimdesk segment json 1\n', 'latin1');
const FILE_SUFFIX = '.json';

/** An hour's segments as JSON text: row `r`'s text, ending in a comma, is `text[starts[r] .. starts[r + 1])`. */
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
  sha1: string;
}

/** A file that cannot be used for a reason worth a warning (not merely made for other rows). */
class UnusableFile extends Error {}

export class SegmentJsonCache {
  /** What the text depends on besides the rows: the archive root as given, the channel and the quality. */
  private readonly writer: string;
  private readonly warned = new Set<string>();
  private pruned = false;

  constructor(
    readonly dir: string,
    root: string,
    channel: string,
    quality: string,
    private readonly warn: (message: string) => void,
  ) {
    this.writer = JSON.stringify([root, channel, quality]);
  }

  /** The saved JSON of these rows, if a file made from exactly them is there. */
  read(columns: IndexColumns): HourJson | undefined {
    const file = this.fileOf(columns);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined; // not made yet (or unreadable: it is made again)
    }
    try {
      return this.decode(bytes, columns);
    } catch (error) {
      if (!(error instanceof UnusableFile)) throw error;
      this.warnOnce(file, `segment JSON cache ${file} ignored (${error.message}); written again`);
      return undefined;
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
      sha1: createHash('sha1').update(starts).update(json.text).digest('hex'),
    };
    const failure = writeCacheFile(this.fileOf(columns), framedBytes(MAGIC, header, starts, json.text));
    if (failure !== undefined) this.warnOnce(this.dir, `segment JSON not saved in ${this.dir} (${failure})`);
    else if (!this.pruned) {
      this.pruned = true;
      pruneCacheFolder(this.dir, (message) => this.warnOnce(`${this.dir}\0prune`, message));
    }
  }

  private fileOf(columns: IndexColumns): string {
    const name = createHash('sha256').update(`${columns.dir}\0${this.writer}`).digest('hex').slice(0, 40);
    return path.join(this.dir, `${name}${FILE_SUFFIX}`);
  }

  private decode(bytes: Buffer, columns: IndexColumns): HourJson | undefined {
    const frame = readFrame(bytes, MAGIC, 'not a file of this version');
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
    if (createHash('sha1').update(bytes.subarray(bodyStart)).digest('hex') !== header.sha1) throw new UnusableFile('its checksum does not match');
    const starts = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + bodyStart, bytes.byteOffset + bodyStart + startsBytes) as ArrayBuffer);
    const text = bytes.subarray(bodyStart + startsBytes);
    if (!rowsFit(starts, text)) throw new UnusableFile('its rows do not fit its text');
    return { starts, text };
  }

  private warnOnce(what: string, message: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.warn(message);
  }
}

const COMMA = 0x2c;

/** True when the rows start at 0, follow each other, end with the text, and each ends in a comma. */
function rowsFit(starts: Uint32Array, text: Buffer): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== text.length) return false;
  for (let row = 1; row < starts.length; row++) {
    if (!(starts[row]! > starts[row - 1]!) || text[starts[row]! - 1] !== COMMA) return false;
  }
  return true;
}
