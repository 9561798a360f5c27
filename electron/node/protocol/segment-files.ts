/**
 * Opening the file of a `/segments/<channel>/<quality>/<hour>/<file>` request, the route a
 * player hits hundreds of times a minute. The checks are the careful path's (a file
 * through a symlink must stay inside the archive, a tombstoned segment is gone, a FIFO or
 * folder is never opened, a name not a regular file is damage), but for a settled hour
 * folder they are answered from memory: its real path (resolved and checked once) and
 * its listing, both trusted while one stat of the folder shows the same folder (device
 * and inode: no component of the path was swapped for a symlink) with the same mtime
 * (adding a tombstone or a file, or replacing one, changes it). Then a request costs that
 * stat, one open and one fstat, made synchronously: all three are answered from the
 * kernel's caches for a folder just listed, and a trip through libuv's four threads
 * costs more than the call. `?check=bytes` reads both ends of the file on that same fd
 * (as Verify's quick inspection does) before sending it, once per file: a passed check is
 * remembered by the file's identity (device, inode, size, both times), so a player asking
 * again, or for a range, gets a plain send. Anything else (a symlinked file, a folder
 * changed in the last RACY_MTIME_MS, a name the listing does not hold as a regular file)
 * takes the careful path, as before.
 */
import { type Dirent, type Stats, constants, fstatSync, openSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { damagedSegmentError } from '../../../shared/segment-damage';
import { SegmentNameError, parseSegmentName, type SegmentInfo } from '../../../shared/segment';
import { parseHour } from '../../../shared/time';
import type { Archive } from '../archive/archive';
import { inspectOpenSegment } from '../archive/segment-reader';
import { SourcedArchive } from '../archive/sources/sourced-archive';
import type { SegmentFile } from '../archive/segment-reader';
import { type FileReply, type FileResponseOptions, FileStamp, type Log, closeQuietly, openFileReply, openRefusal, replyForOpenFile } from './file-response';
import { HttpError } from './http-error';
import type { ArchivePaths } from './path-guard';
import { fileKeyOf } from '../archive/sound-files';

const CONTENT_TYPES: Record<string, string> = {
  '.ts': 'video/mp2t',
  '.json': 'application/json; charset=utf-8',
};

/** A segment's bytes never change under its name (the name carries its hash). */
const SEGMENT_CACHE_CONTROL = 'private, max-age=86400';

/**
 * A folder modified this recently (ms) may still change within its mtime's granularity
 * (2 s on FAT/exFAT drives): its listing is not trusted (as in archive.ts).
 */
const RACY_MTIME_MS = 2_000;

/** Hour folders remembered (least recently used dropped first): a 12-hour window is 13. */
const MAX_FOLDERS = 128;

/** Files whose passed byte check is remembered (least recently sent dropped first): 9 hours of 2 s segments. */
const MAX_CHECKED_FILES = 16_384;

const TOMBSTONE = '.tombstone';
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** The request's path components, already decoded and checked by the router. */
export interface SegmentWhere {
  channel: string;
  quality: string;
  hour: string;
  file: string;
}

export interface SegmentRequest {
  rangeHeader: string | null;
  method: string;
  /** `?check=bytes` (segment-route.ts): read both ends and refuse a damaged segment before sending it. */
  checkBytes: boolean;
}

/** An hour folder as last listed, trusted while a stat of `realPath` shows the same device, inode and mtime. */
interface ListedFolder {
  realPath: string;
  dev: number;
  ino: number;
  mtimeMs: number;
  /** Visible names that are regular files (not symlinks): safe to open with O_NOFOLLOW. */
  regularFiles: Set<string>;
  /** Every visible name (of whatever kind): a name not here does not exist. */
  names: Set<string>;
  /** What the listing says of each name asked for so far (listedName): worked out once per listing, not per request. */
  asked: Map<string, ListedName>;
}

/** One requested name of a listed folder: its segment (if it names one), reply options, and whether it is tombstoned. */
interface ListedName {
  segment: SegmentInfo | undefined;
  file: SegmentFile | undefined;
  /** The file's last fstat as key and Last-Modified text (also options.stamp). */
  stamp: FileStamp;
  options: FileResponseOptions;
  tombstoned: boolean;
}

export class SegmentFiles {
  private readonly folders = new Map<string, ListedFolder>();
  private readonly listing = new Map<string, Promise<ListedFolder | undefined>>();
  /** fileKeyOf each file a `?check=bytes` request found sound, in the order last sent. */
  private readonly checked = new Set<string>();
  private lastFolder: { channel: string; quality: string; hour: string; key: string } | undefined;

  constructor(
    private readonly archive: Archive,
    private readonly paths: ArchivePaths,
    private readonly log: Log,
  ) {}

  /** The reply for one segment request; HttpError (or an archive error) when refused. */
  async open(where: SegmentWhere, request: SegmentRequest): Promise<FileReply> {
    const atOnce = this.openAtOnce(where, request);
    if (atOnce !== undefined) return atOnce;
    const { rangeHeader, method } = request;
    // An archive of several sources (sources/) decides per segment which folder or node copy to read.
    if (this.archive instanceof SourcedArchive) return this.openCarefully(where, request);
    const key = this.folderKeyOf(where);
    const folder = this.trusted(key) ?? (await this.relist(key, where));
    if (folder === undefined || !folder.regularFiles.has(where.file)) {
      if (folder !== undefined && !folder.names.has(where.file)) throw new HttpError(404, `Not found: ${labelOf(where)}`);
      return this.openCarefully(where, request);
    }
    if (isTombstoned(folder, where.file)) throw tombstonedError(where);
    let fd: number;
    try {
      fd = openSync(`${folder.realPath}/${where.file}`, OPEN_FLAGS);
    } catch (error) {
      // Replaced by a symlink since the listing (ELOOP from O_NOFOLLOW): the careful path decides.
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') return this.openCarefully(where, request);
      throw openRefusal(error, labelOf(where));
    }
    let info: Stats;
    try {
      info = fstatSync(fd);
      this.refuseDamaged(where, info);
      if (request.checkBytes) await this.checkBytes(where, fd, info);
    } catch (error) {
      closeQuietly(fd);
      throw error;
    }
    // The listed name's options carry its stamp: the fast lane then knows this file's identity (and whether its check passed).
    return replyForOpenFile(fd, info, rangeHeader, method, this.listedName(folder, where).options);
  }

  /**
   * The reply when the remembered listing answers every check at once: a trusted folder,
   * a regular file the listing holds, no tombstone, and under `?check=bytes` a file whose
   * check passed already. Synchronous (no promise, no await: a warm request is over in
   * one turn of the event loop). Undefined when anything else must be decided, refusals
   * included: `open` then decides from the start, with the same checks as ever.
   */
  openAtOnce(where: SegmentWhere, request: SegmentRequest): FileReply | undefined {
    if (this.archive instanceof SourcedArchive) return undefined;
    const folder = this.trusted(this.folderKeyOf(where));
    if (folder === undefined || !folder.regularFiles.has(where.file)) return undefined;
    const listed = this.listedName(folder, where);
    if (listed.tombstoned) return undefined;
    // Not passed under the file's identity last seen: not passed now either (the full path reads the bytes), so nothing is opened here in vain.
    if (request.checkBytes && listed.segment !== undefined && !this.checked.has(listed.stamp.fileKey)) return undefined;
    let fd: number;
    try {
      fd = openSync(`${folder.realPath}/${where.file}`, OPEN_FLAGS);
    } catch {
      return undefined;
    }
    let info: Stats;
    try {
      info = fstatSync(fd);
    } catch {
      closeQuietly(fd);
      return undefined;
    }
    listed.stamp.update(info);
    if (!info.isFile() || (request.checkBytes && listed.segment !== undefined && !this.passedCheck(listed.stamp.fileKey))) {
      closeQuietly(fd);
      return undefined;
    }
    // Remembered as refuseDamaged would (a file found empty before and now filled is forgotten as damaged).
    if (listed.file !== undefined) this.archive.noteStats(listed.file, info);
    return replyForOpenFile(fd, info, request.rangeHeader, request.method, listed.options);
  }

  /** The folders map's key for the request's hour folder; the last one is kept (requests come folder by folder). */
  private folderKeyOf(where: SegmentWhere): string {
    const last = this.lastFolder;
    if (last !== undefined && last.channel === where.channel && last.quality === where.quality && last.hour === where.hour) return last.key;
    const key = `${where.channel}/${where.quality}/${where.hour}`;
    this.lastFolder = { channel: where.channel, quality: where.quality, hour: where.hour, key };
    return key;
  }

  /** Whether `?check=bytes` passed for the file known by `fileKey` (kept as the most recently sent). */
  private passedCheck(fileKey: string): boolean {
    if (!this.checked.delete(fileKey)) return false;
    this.checked.add(fileKey);
    return true;
  }

  private listedName(folder: ListedFolder, where: SegmentWhere): ListedName {
    let listed = folder.asked.get(where.file);
    if (listed === undefined) {
      const segment = segmentOf(where);
      const stamp = new FileStamp();
      listed = {
        segment,
        stamp,
        file: segment === undefined ? undefined : this.archive.segmentFile(where.channel, where.quality, segment),
        options: { ...this.replyOptions(where), stamp },
        tombstoned: isTombstoned(folder, where.file),
      };
      // Bounded by the listing: only names it holds as regular files are asked for.
      folder.asked.set(where.file, listed);
    }
    return listed;
  }

  /**
   * `?check=bytes` on the fast path: the quick inspection (both ends) read on the open fd,
   * its finding remembered by the archive as the careful path's inspect does; damage is
   * refused (422 naming the file). A file found sound is not read again while it stays the
   * same file.
   */
  private async checkBytes(where: SegmentWhere, fd: number, info: Stats): Promise<void> {
    const segment = segmentOf(where);
    if (segment === undefined) return;
    const fileKey = fileKeyOf(info);
    if (this.passedCheck(fileKey)) return;
    const finding = await inspectOpenSegment(fd, info.size, segment);
    this.archive.noteInspected(this.archive.segmentFile(where.channel, where.quality, segment), finding, info);
    if (finding) throw damagedSegmentError(where.channel, where.quality, segment, finding, PLAYBACK_ADVICE);
    this.checked.add(fileKey);
    if (this.checked.size > MAX_CHECKED_FILES) this.checked.delete(this.checked.values().next().value!);
  }

  /** The folder's listing when it can be trusted as it is (one stat), else undefined. */
  private trusted(key: string): ListedFolder | undefined {
    const folder = this.folders.get(key);
    if (folder === undefined) return undefined;
    const info = statSync(folder.realPath, { throwIfNoEntry: false });
    if (info !== undefined && info.dev === folder.dev && info.ino === folder.ino && info.mtimeMs === folder.mtimeMs) return folder;
    this.folders.delete(key);
    return undefined;
  }

  /** Resolves (through the seal) and lists a settled hour folder; undefined when it is not one. Requests arriving together share one listing. */
  private relist(key: string, where: SegmentWhere): Promise<ListedFolder | undefined> {
    let pending = this.listing.get(key);
    if (pending === undefined) {
      pending = this.list(key, where).finally(() => this.listing.delete(key));
      this.listing.set(key, pending);
    }
    return pending;
  }

  private async list(key: string, where: SegmentWhere): Promise<ListedFolder | undefined> {
    // The careful path answers whatever this cannot (a missing or escaping folder, a file in its place).
    const realPath = await this.paths.resolve([where.channel, where.quality, where.hour], { missingOk: true }).catch(() => undefined);
    if (realPath === undefined) return undefined;
    const before = await stat(realPath).catch(() => undefined);
    if (!before?.isDirectory() || Date.now() - before.mtimeMs <= RACY_MTIME_MS) return undefined;
    let dirents: Dirent[];
    try {
      dirents = await readdir(realPath, { withFileTypes: true });
    } catch {
      return undefined;
    }
    // Changed while being read: not a listing to trust.
    const after = await stat(realPath).catch(() => undefined);
    if (after === undefined || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino) return undefined;
    const folder: ListedFolder = {
      realPath,
      dev: before.dev,
      ino: before.ino,
      mtimeMs: before.mtimeMs,
      regularFiles: new Set(),
      names: new Set(),
      asked: new Map(),
    };
    for (const dirent of dirents) {
      if (dirent.name.startsWith('.')) continue;
      folder.names.add(dirent.name);
      if (dirent.isFile()) folder.regularFiles.add(dirent.name);
    }
    this.folders.delete(key);
    this.folders.set(key, folder);
    if (this.folders.size > MAX_FOLDERS) this.folders.delete(this.folders.keys().next().value!);
    return folder;
  }

  /** Every check made from scratch: the file's real path, a stat for its tombstone, a stat before the open. */
  private async openCarefully(where: SegmentWhere, request: SegmentRequest): Promise<FileReply> {
    // A segment fetched from a node stays in the node cache until it is open (an open file
    // keeps its bytes): other fetches meanwhile could evict it between the fetch and the open.
    const segment = segmentOf(where);
    const release = segment === undefined ? () => undefined : this.archive.pinSegments(where.channel, where.quality, [segment]);
    try {
      return await this.openChecked(where, request, segment);
    } finally {
      release();
    }
  }

  private async openChecked(where: SegmentWhere, request: SegmentRequest, segment: SegmentInfo | undefined): Promise<FileReply> {
    const filePath = (await this.paths.resolve([where.channel, where.quality, where.hour, where.file]))!;
    if (where.file.endsWith('.ts') && (await exists(`${filePath.slice(0, -3)}${TOMBSTONE}`))) throw tombstonedError(where);
    if (segment !== undefined) {
      // A missing file is openFileReply's 404 to give.
      const file = this.archive.segmentFile(where.channel, where.quality, segment);
      const finding = await this.archive.inspect(file, { depth: request.checkBytes ? 'quick' : 'stat' }).catch(() => null);
      // Unchecked, only what would block or mislead the open is refused (see refuseDamaged).
      if (finding && (request.checkBytes || finding.damage === 'not-a-file'))
        throw damagedSegmentError(where.channel, where.quality, segment, finding, PLAYBACK_ADVICE);
    }
    return openFileReply(filePath, request.rangeHeader, request.method, this.replyOptions(where));
  }

  /**
   * A file named like a segment is looked at (its fstat) before it is sent: anything not a
   * regular file is refused (422) with what it is, and remembered, so the next playlist
   * leaves it out like a hole. A regular file goes out as it is, as the reference's static
   * route sends it (a backfiller copying from us wants the bytes, even a zero-byte file,
   * and checks them against the hash in the name).
   */
  private refuseDamaged(where: SegmentWhere, info: Stats): void {
    const segment = segmentOf(where);
    if (segment === undefined) return;
    const finding = this.archive.noteStats(this.archive.segmentFile(where.channel, where.quality, segment), info);
    if (finding?.damage === 'not-a-file') throw damagedSegmentError(where.channel, where.quality, segment, finding, PLAYBACK_ADVICE);
  }

  private replyOptions(where: SegmentWhere): FileResponseOptions {
    const extension = /\.[^.]+$/.exec(where.file)?.[0] ?? '';
    return {
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      headers: { 'Cache-Control': SEGMENT_CACHE_CONTROL },
      log: this.log,
      label: labelOf(where),
    };
  }
}

const PLAYBACK_ADVICE = 'Playback skips it once the playlist is reloaded.';

function labelOf(where: SegmentWhere): string {
  return [where.channel, where.quality, where.hour, where.file].join('/');
}

function tombstonedError(where: SegmentWhere): HttpError {
  return new HttpError(404, `Not found: ${labelOf(where)} was deleted (tombstoned)`);
}

function isTombstoned(folder: ListedFolder, file: string): boolean {
  return file.endsWith('.ts') && folder.names.has(`${file.slice(0, -3)}${TOMBSTONE}`);
}

/** The segment a `.ts` name in an hour folder names; undefined for other files and names that are not segment names. */
function segmentOf(where: SegmentWhere): SegmentInfo | undefined {
  const hourStartUs = parseHour(where.hour);
  if (!where.file.endsWith('.ts') || hourStartUs === undefined) return undefined;
  try {
    return parseSegmentName(where.file, where.hour, hourStartUs);
  } catch (error) {
    if (error instanceof SegmentNameError) return undefined;
    throw error;
  }
}

function exists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    () => false,
  );
}
