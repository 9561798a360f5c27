/**
 * The one way Trimdesk opens a segment's bytes, and the one place damage is found
 * (shared/segment-damage.ts judges what the read saw). A name in an hour folder can be a
 * FIFO, a socket or a folder: opening a FIFO for reading blocks until a writer comes,
 * which would hold one of libuv's four threads for good, so nothing that is not a regular
 * file is ever opened: stat first, then open O_NONBLOCK (a FIFO swapped in between the
 * two still cannot block) and fstat the handle.
 */
import { constants, read, type Stats } from 'node:fs';
import { open, stat } from '../fs-promised';
import type { FileHandle } from 'node:fs/promises';
import { PACKET_BYTES } from '../../../shared/retime/packet';
import { DamagedSegmentError, SegmentScan, damagedSegmentError, judgeScan, type DamageFinding } from '../../../shared/segment-damage';
import type { SegmentInfo } from '../../../shared/segment';

/** A selected segment and where its file is. */
export interface SegmentFile {
  channel: string;
  quality: string;
  segment: SegmentInfo;
  path: string;
}

/** Bytes looked at from each end by a quick inspection: the first and last PTS sit there. */
const QUICK_BYTES = 64 * PACKET_BYTES * 4;
/** A whole read goes in chunks of whole packets, about 1 MiB. */
const WHOLE_CHUNK_BYTES = Math.floor((1 << 20) / PACKET_BYTES) * PACKET_BYTES;

export interface OpenedSegment {
  handle: FileHandle;
  sizeBytes: number;
  /** The open file's fstat. */
  info: Stats;
}

/** What stat says a non-regular file is, in words. */
function whatItIs(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  if (info.isBlockDevice() || info.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown';
}

/** Codes that mean the file is gone rather than damaged: callers answer those themselves. */
export function isGone(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** What a path turned out to be when a regular file was wanted. */
export class NotRegularFileError extends Error {
  /** As Node's errors carry it, so callers that branch on `code` can. */
  readonly code = 'EFTYPE';
  constructor(
    readonly filePath: string,
    readonly what: string,
  ) {
    super(`${filePath} is ${what}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/**
 * Opens `filePath` for reading only if it is a regular file, never blocking: stat
 * (following a symlink: the archive's seal has already decided where links may lead),
 * open O_NONBLOCK, fstat the handle. Rejects with NotRegularFileError or the system's error.
 */
export async function openRegularFile(filePath: string): Promise<OpenedSegment> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new NotRegularFileError(filePath, whatItIs(info));
  const handle = await open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new NotRegularFileError(filePath, whatItIs(opened));
    return { handle, sizeBytes: opened.size, info: opened };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Opens a segment for reading without ever blocking. A missing file rejects with the
 * system's ENOENT; anything damaged about the file itself with DamagedSegmentError.
 */
export async function openSegment(file: SegmentFile): Promise<OpenedSegment> {
  try {
    return await openRegularFile(file.path);
  } catch (error) {
    if (isGone(error)) throw error;
    const finding: DamageFinding =
      error instanceof NotRegularFileError ? { damage: 'not-a-file', why: error.what } : { damage: 'unreadable', why: errorCode(error) };
    throw damagedSegmentError(file.channel, file.quality, file.segment, finding);
  }
}

/**
 * What a stat alone shows is wrong (not a regular file, zero bytes, unreadable), or null;
 * no byte is read. A missing file rejects (ENOENT). For routes that serve files as they
 * are (the reference's static /segments) and for playlists, where a read per segment
 * would cost a seek each.
 */
export async function statDamage(file: SegmentFile): Promise<DamageFinding | null> {
  let info: Stats;
  try {
    info = await stat(file.path);
  } catch (error) {
    if (isGone(error)) throw error;
    return { damage: 'unreadable', why: errorCode(error) };
  }
  return damageOfStats(info);
}

/** What a stat (or an fstat of the file open) alone says is wrong with a segment, if anything. */
export function damageOfStats(info: Stats): DamageFinding | null {
  if (!info.isFile()) return { damage: 'not-a-file', why: whatItIs(info) };
  if (info.size === 0) return { damage: 'empty', why: '0 bytes' };
  return null;
}

/** Reads `length` bytes at `position` into `buffer`: a view of what was read. */
type ReadAt = (buffer: Buffer, length: number, position: number) => Promise<Uint8Array>;

function handleReader(handle: FileHandle): ReadAt {
  return async (buffer, length, position) => {
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  };
}

function fdReader(fd: number): ReadAt {
  return (buffer, length, position) =>
    new Promise((resolve, reject) =>
      read(fd, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(buffer.subarray(0, bytesRead)))),
    );
}

export type InspectDepth =
  /** The first and last 48 KiB: cheap enough before every export and segment reply. */
  | 'quick'
  /** Every byte: what `coverage --verify` does (sync bytes all through). */
  | 'whole';

export interface InspectOptions {
  depth: InspectDepth;
  signal?: AbortSignal;
  /** Called with the bytes read so far (whole reads), for progress. */
  onBytes?: (bytes: number) => void;
}

/** The damage of one segment, or null when it is usable. A missing file rejects (ENOENT). */
export async function inspectSegment(file: SegmentFile, options: InspectOptions): Promise<DamageFinding | null> {
  return (await inspectSegmentFile(file, options)).finding;
}

/** inspectSegment's finding, with the fstat of the file it read (none when it could not be opened as a file). */
export async function inspectSegmentFile(file: SegmentFile, options: InspectOptions): Promise<{ finding: DamageFinding | null; info?: Stats }> {
  let opened: OpenedSegment;
  try {
    opened = await openSegment(file);
  } catch (error) {
    if (error instanceof DamagedSegmentError) return { finding: { damage: error.damage, why: error.why } };
    throw error;
  }
  const { handle, sizeBytes, info } = opened;
  try {
    return { finding: await scanBytes(handleReader(handle), sizeBytes, file.segment, options), info };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * What a quick inspection finds in a segment the caller has open already (its fd and the
 * size its fstat gave): the same reads and judgement as inspectSegment's, on that fd, for
 * the segment route's fast path (no second open, no path to go stale). The caller closes `fd`.
 */
export function inspectOpenSegment(fd: number, sizeBytes: number, segment: SegmentInfo): Promise<DamageFinding | null> {
  return scanBytes(fdReader(fd), sizeBytes, segment, { depth: 'quick' });
}

async function scanBytes(readAt: ReadAt, sizeBytes: number, segment: SegmentInfo, options: InspectOptions): Promise<DamageFinding | null> {
  const scan = new SegmentScan();
  try {
    if (options.depth === 'whole' || sizeBytes <= 2 * QUICK_BYTES) {
      const buffer = Buffer.allocUnsafe(WHOLE_CHUNK_BYTES);
      for (let position = 0; position < sizeBytes; position += WHOLE_CHUNK_BYTES) {
        options.signal?.throwIfAborted();
        const chunk = await readAt(buffer, WHOLE_CHUNK_BYTES, position);
        if (chunk.length === 0) break;
        scan.scan(chunk, position);
        options.onBytes?.(chunk.length);
        // A sync error at the start says it all; reading on only costs time.
        if (scan.firstBadSyncAt === 0) break;
      }
      return judgeScan(segment, sizeBytes, scan, true);
    }
    const buffer = Buffer.allocUnsafe(QUICK_BYTES);
    scan.scan(await readAt(buffer, QUICK_BYTES, 0), 0);
    const tailAt = Math.floor((sizeBytes - QUICK_BYTES) / PACKET_BYTES) * PACKET_BYTES;
    scan.scan(await readAt(buffer, QUICK_BYTES, tailAt), tailAt);
    return judgeScan(segment, sizeBytes, scan, false);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { damage: 'unreadable', why: `${errorCode(error)} while reading` };
  }
}

/** Throws DamagedSegmentError when a quick inspection finds damage. */
export async function checkSegment(file: SegmentFile, advice?: string): Promise<void> {
  const finding = await inspectSegment(file, { depth: 'quick' });
  if (finding) throw damagedSegmentError(file.channel, file.quality, file.segment, finding, advice);
}
