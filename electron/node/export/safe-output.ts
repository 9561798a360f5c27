/**
 * An output file that is either complete under the name the user chose, or absent.
 * Bytes go to a hidden temporary file in the destination directory (same file system,
 * so the final rename is atomic); commit() fsyncs it and moves it into place without
 * replacing an existing file unless overwriting was allowed; abort() removes it.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, readlink, rename, rm, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { TrimdeskError } from '../../../shared/errors';
import { formatBytes } from '../../../shared/size';

/** The destination exists and the caller did not allow overwriting it. */
export class OutputExistsError extends TrimdeskError {
  constructor(readonly outputPath: string) {
    super('output-exists', `${outputPath} already exists. Choose another name, or allow overwriting (--overwrite).`, { path: outputPath });
    this.name = 'OutputExistsError';
  }
}

/** The destination disk is (or would be) full; nothing was left behind. */
export class DiskFullError extends TrimdeskError {
  constructor(
    readonly directory: string,
    readonly neededBytes: number,
    readonly freeBytes: number | undefined,
  ) {
    const free = freeBytes === undefined ? 'unknown' : formatBytes(freeBytes);
    super(
      'disk-full',
      `Destination disk is full (needed about ${formatBytes(neededBytes)}, ${free} free) in ${directory}. Free some space or choose another folder.`,
      { neededBytes, freeBytes },
    );
    this.name = 'DiskFullError';
  }
}

const NOT_WRITABLE_REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist. Choose another folder.',
  EISDIR: 'that is a folder. Add a file name to the path.',
  'folder-path': 'the path ends in a folder separator, so it names a folder, not a file. Add a file name to the path.',
  'inside-archive': 'Trimdesk only ever reads the archive. Choose a folder outside it.',
};

/** The destination directory cannot be written (missing, read-only, permissions), or is a folder. */
export class OutputNotWritableError extends TrimdeskError {
  constructor(
    readonly outputPath: string,
    readonly code: string,
  ) {
    super(
      'output-not-writable',
      `Cannot write ${outputPath} (${code}): ${NOT_WRITABLE_REASONS[code] ?? 'permission denied or read-only. Choose another folder.'}`,
      { path: outputPath, code },
    );
    this.name = 'OutputNotWritableError';
  }
}

/** What became of a temporary file whose folder was moved or deleted during the export. */
export type MovedTemporary = 'deleted' | 'removed' | 'emptied';

/** The destination folder was moved or deleted while the export wrote into it. */
export class DestinationGoneError extends TrimdeskError {
  constructor(
    readonly outputPath: string,
    readonly tempPath: string,
    readonly temporary: MovedTemporary,
  ) {
    const leftover =
      temporary === 'emptied' ? `An empty hidden file ${path.basename(tempPath)} may remain in the folder's new place.` : 'Nothing of it was left behind.';
    super(
      'output-not-writable',
      `The folder ${path.dirname(outputPath)} was moved or deleted during the export, so ${path.basename(outputPath)} was not saved. ${leftover} Put the folder back or choose another one, and export again.`,
      { path: outputPath, temporary },
    );
    this.name = 'DestinationGoneError';
  }
}

export function isOutOfSpace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT';
}

/** Free bytes for an unprivileged writer in `directory`, or undefined where unknown. */
export async function freeBytes(directory: string): Promise<number | undefined> {
  try {
    const info = await statfs(directory);
    // Pseudo file systems (/proc, /sys) report no blocks at all: their 0 free means
    // "not counted", and calling that a full disk would hide the real error.
    if (info.blocks === 0) return undefined;
    return info.bavail * info.bsize;
  } catch {
    return undefined;
  }
}

async function exists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    () => false,
  );
}

/** The hidden temporary name for `finalPath`: same folder, never a name a user would pick. */
export function temporaryPathFor(finalPath: string, token: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${token}.trimdesk-part`);
}

export function newToken(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Bytes written between two background flushes. The kernel keeps what we write in memory
 * until it is told to write it out; one fsync at the end would then write the whole file
 * only after the copy. A datasync started every 16 MiB (not waited for) has the disk
 * write while the copy goes on, so the last fsync has little left: a rough cut of 91 MB
 * here spent 36 ms in its final fsync after the copy.
 */
const FLUSH_EVERY_BYTES = 16 * 1024 * 1024;

export class SafeOutput {
  private handle: FileHandle | undefined;
  private finished = false;
  private unflushedBytes = 0;
  /** The background datasync under way, if any (at most one). */
  private flushing: Promise<void> | undefined;
  /** What a background datasync failed with (a full disk, an I/O error): thrown by the next write or commit. */
  private flushFailure: unknown;
  /** Set once ffmpeg writes the file: our handle only keeps track of it from then on. */
  private released = false;
  bytesWritten = 0;

  private constructor(
    readonly finalPath: string,
    readonly tempPath: string,
    private readonly overwrite: boolean,
  ) {}

  /** Refuses an existing destination (unless overwrite), then creates the temporary file. */
  static async create(finalPath: string, options: { overwrite: boolean; token: string }): Promise<SafeOutput> {
    // Even --overwrite never replaces a folder (the rename would fail only after all the work).
    const existing = await stat(finalPath).catch(() => undefined);
    if (existing?.isDirectory()) throw new OutputNotWritableError(finalPath, 'EISDIR');
    if (!options.overwrite && existing) throw new OutputExistsError(finalPath);
    const output = new SafeOutput(finalPath, temporaryPathFor(finalPath, options.token), options.overwrite);
    try {
      output.handle = await open(output.tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      if (isOutOfSpace(error)) throw new DiskFullError(path.dirname(finalPath), 0, await freeBytes(path.dirname(finalPath)));
      throw new OutputNotWritableError(finalPath, code);
    }
    return output;
  }

  /** Writes every byte of `chunk`: a short write is continued until all of it is on disk. */
  async write(chunk: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle || this.released) throw new Error(`${this.tempPath} is closed or handed to ffmpeg`);
    if (this.flushFailure) throw this.flushFailure;
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      offset += bytesWritten;
      this.bytesWritten += bytesWritten;
    }
    this.unflushedBytes += chunk.length;
    if (this.unflushedBytes >= FLUSH_EVERY_BYTES && this.flushing === undefined) this.flushInBackground(handle);
  }

  /** Starts writing out what was written so far (see FLUSH_EVERY_BYTES); its failure is kept for the next write or commit. */
  private flushInBackground(handle: FileHandle): void {
    this.unflushedBytes = 0;
    this.flushing = handle
      .datasync()
      .catch((error: unknown) => {
        this.flushFailure ??= error;
      })
      .finally(() => {
        this.flushing = undefined;
      });
  }

  /** Waits for a background flush under way; throws what it (or an earlier one) failed with. */
  private async flushed(): Promise<void> {
    await this.flushing;
    if (this.flushFailure) throw this.flushFailure;
  }

  /**
   * Another writer (ffmpeg) takes over the temporary file. Our handle stays open, unused
   * for writing: through it the file is found again if its folder moves meanwhile.
   */
  async release(): Promise<void> {
    this.released = true;
  }

  /** fsync and move into place; the temporary file is gone afterwards either way. */
  async commit(): Promise<void> {
    try {
      const handle = this.handle ?? (await open(this.tempPath, 'r+'));
      this.handle = handle;
      await this.flushed();
      await handle.sync();
      // Fails (ENOENT) when the folder was moved or deleted: abort() finds out which.
      await this.moveIntoPlace();
      this.finished = true;
      this.handle = undefined;
      await handle.close();
      await syncDirectory(path.dirname(this.finalPath));
    } catch (error) {
      throw (await this.abort()) ?? error;
    }
  }

  /**
   * Without overwrite, link() refuses an existing name atomically (a file that appeared
   * since we checked is kept). Some file systems (FAT, some network shares) cannot link:
   * there the check and the rename are as close together as we can make them.
   */
  private async moveIntoPlace(): Promise<void> {
    if (this.overwrite) {
      await rename(this.tempPath, this.finalPath);
      return;
    }
    try {
      await link(this.tempPath, this.finalPath);
      await unlink(this.tempPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new OutputExistsError(this.finalPath);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
      if (await exists(this.finalPath)) throw new OutputExistsError(this.finalPath);
      await rename(this.tempPath, this.finalPath);
    }
  }

  /**
   * Removes the temporary file, even from where its folder was moved to; the destination
   * is untouched. When the folder had moved, returns the error that says so: it explains
   * whatever failed (ffmpeg reopening its output, the final rename) better than ENOENT.
   * Safe to call twice.
   */
  async abort(): Promise<DestinationGoneError | undefined> {
    if (this.finished) return undefined;
    this.finished = true;
    const handle = this.handle;
    this.handle = undefined;
    await this.flushing;
    const moved = handle ? await removeIfMoved(handle, this.tempPath).catch(() => undefined) : undefined;
    await handle?.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
    return moved && new DestinationGoneError(this.finalPath, this.tempPath, moved);
  }
}

/**
 * When the file open as `handle` is no longer at `tempPath` (its folder was moved or
 * deleted), removes it where it is now: Linux names an open file's current path in
 * /proc/self/fd. Elsewhere the file is emptied, so at least no space stays taken.
 * Undefined when it is still in place.
 */
async function removeIfMoved(handle: FileHandle, tempPath: string): Promise<MovedTemporary | undefined> {
  const ours = await handle.stat();
  const there = await stat(tempPath).catch(() => undefined);
  if (there && there.ino === ours.ino && there.dev === ours.dev) return undefined;
  if (ours.nlink === 0) return 'deleted';
  const current = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  const same =
    current !== undefined &&
    path.basename(current) === path.basename(tempPath) &&
    (await stat(current).then(
      (info) => info.ino === ours.ino && info.dev === ours.dev,
      () => false,
    ));
  if (same) {
    await unlink(current);
    return 'removed';
  }
  await handle.truncate(0);
  return 'emptied';
}

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename itself durable; not supported on every platform, which is fine.
  const handle = await open(directory, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
