/**
 * The archive's boundary: a folder whose real path bounds everything read beneath it.
 * One rule, applied here and nowhere else: a symlink is followed only when its real
 * path stays inside the folder's real path. A path the caller names that leads outside
 * (or loops) is refused with ArchiveEscapeError; an entry found while listing that does
 * is left out with a warning, like any other stray file. Hidden names are never listed.
 *
 * Only symlinks cost a realpath: plain files and folders inside a real folder are inside
 * by construction, so a listing is one readdir and an hour folder one lstat, as before.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from '../fs-promised';
import path from 'node:path';
import { ArchiveEscapeError, ArchiveNotFoundError, ArchiveReadError } from '../../../shared/errors';

/**
 * `other`: a FIFO, socket or device. Listed (a name is a name: selection of segments is
 * by name), never opened: the segment reader refuses it as not a regular file.
 */
export type EntryKind = 'file' | 'directory' | 'other';

export interface SealedEntry {
  name: string;
  kind: EntryKind;
  /** Set on an entry that is a symlink (listed as what it leads to). */
  linked?: true;
}

/** One entry looked at on its own (an hour folder): what it is, where it really is, when it changed. */
export interface SealedChild {
  kind: EntryKind;
  realPath: string;
  mtimeMs: number;
  ctimeMs: number;
  /**
   * Device, inode, size, mtime and ctime of what it really is, in nanoseconds: equal keys
   * mean nothing was added to, removed from or renamed in a folder in between (hour-index.ts).
   */
  key: string;
}

/** Hears about every entry left out of a listing: its path (for the log only) and why. */
export type SkipListener = (entryPath: string, reason: string) => void;

export class SealedFolder {
  private rootReal: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly skipped: SkipListener = () => undefined,
  ) {}

  /** The root's real path, looked up once (and again after a failure); ArchiveNotFoundError when missing. */
  realRoot(): Promise<string> {
    this.rootReal ??= realpath(this.root).catch(() => {
      this.rootReal = undefined;
      throw new ArchiveNotFoundError(this.root);
    });
    return this.rootReal;
  }

  /**
   * The real path of root/components: undefined when it does not exist, ArchiveEscapeError
   * when it leads outside the root or into a symlink loop. Holds for any components, even
   * `..`: the check is on the resolved path, not on the text.
   */
  async resolve(components: readonly string[]): Promise<string | undefined> {
    const rootReal = await this.realRoot();
    const label = components.join('/');
    let real: string;
    try {
      real = await realpath(path.join(rootReal, ...components));
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'ELOOP') throw new ArchiveEscapeError(label, 'loop');
      throw new ArchiveReadError(path.join(this.root, ...components), code, errorMessage(error));
    }
    if (!isInside(rootReal, real)) throw new ArchiveEscapeError(label, 'outside');
    return real;
  }

  /** True when `candidate` is the root or beneath it, symlinks resolved (a missing path is resolved through its nearest existing folder). */
  async contains(candidate: string): Promise<boolean> {
    return isInside(await this.realRoot(), await realPathOfNearest(path.resolve(candidate)));
  }

  /**
   * The visible entries of the folder at `dirReal` (a real path inside the root), in no
   * particular order: undefined when it is missing; ArchiveReadError (ENOTDIR) when it is
   * a file. Symlinks appear as what they point to, and only when that is inside.
   */
  async entries(dirReal: string): Promise<SealedEntry[] | undefined> {
    const listing = await this.listing(dirReal);
    return listing && [...listing.files.map((name): SealedEntry => ({ name, kind: 'file' })), ...listing.others];
  }

  /**
   * entries() as the names of the plain regular files and every other entry (a folder,
   * anything else, a symlink followed): an hour folder is some 1,850 plain files, and an
   * entry object for each was garbage a cold selection spent its time collecting.
   */
  async listing(dirReal: string): Promise<{ files: string[]; others: SealedEntry[] } | undefined> {
    let dirents: Dirent[];
    try {
      // Through the thread pool, never blocking: a spun-down or failing drive can hold a
      // readdir for seconds, which would freeze the window (DESIGN.md).
      dirents = await readdir(dirReal, { withFileTypes: true });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return undefined;
      throw new ArchiveReadError(dirReal, code, errorMessage(error));
    }
    // Sized once and trimmed: grown by push it was copied at every step.
    const files = new Array<string>(dirents.length);
    let fileCount = 0;
    const others: SealedEntry[] = [];
    const links: string[] = [];
    for (const dirent of dirents) {
      if (dirent.name.charCodeAt(0) === 46 /* . */) continue;
      if (dirent.isFile()) files[fileCount++] = dirent.name;
      else if (dirent.isDirectory()) others.push({ name: dirent.name, kind: 'directory' });
      else if (dirent.isSymbolicLink()) links.push(dirent.name);
      else others.push({ name: dirent.name, kind: 'other' });
    }
    files.length = fileCount;
    if (links.length === 0) return { files, others };
    const rootReal = await this.realRoot();
    const followed = await Promise.all(links.map((name) => this.followLink(rootReal, path.join(dirReal, name))));
    links.forEach((name, index) => {
      const target = followed[index];
      if (target) others.push({ name, kind: target.kind, linked: true });
    });
    return { files, others };
  }

  /** The entry `name` of the folder at `parentReal` (a real path inside the root): undefined when missing or left out. */
  async child(parentReal: string, name: string): Promise<SealedChild | undefined> {
    const childPath = path.join(parentReal, name);
    let info: BigIntStats;
    try {
      info = await lstat(childPath, { bigint: true });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new ArchiveReadError(childPath, code, errorMessage(error));
    }
    if (info.isSymbolicLink()) return this.followLink(await this.realRoot(), childPath);
    return childOf(info, childPath);
  }

  /** Where a symlink leads, if that is a file or folder inside the root; anything else is left out and reported. */
  private async followLink(rootReal: string, linkPath: string): Promise<SealedChild | undefined> {
    let real: string;
    let info: BigIntStats;
    try {
      real = await realpath(linkPath);
      info = await stat(real, { bigint: true });
    } catch (error) {
      const code = errorCode(error);
      this.skipped(linkPath, code === 'ELOOP' ? 'a symlink loop' : code === 'ENOENT' ? 'a symlink to nothing' : `a symlink that cannot be followed (${code})`);
      return undefined;
    }
    if (!isInside(rootReal, real)) {
      this.skipped(linkPath, 'a symlink that leads outside the archive');
      return undefined;
    }
    return childOf(info, real);
  }
}

function childOf(info: BigIntStats, realPath: string): SealedChild {
  return {
    kind: kindOf(info),
    realPath,
    mtimeMs: msOf(info.mtimeNs),
    ctimeMs: msOf(info.ctimeNs),
    key: `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`,
  };
}

function isInside(rootReal: string, real: string): boolean {
  const prefix = rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep;
  return real === rootReal || real.startsWith(prefix);
}

/** The real path of `absolute`, or of its nearest existing ancestor with the missing rest appended. */
async function realPathOfNearest(absolute: string): Promise<string> {
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      if (current === path.dirname(current)) throw error;
      missing.push(path.basename(current));
    }
  }
}

/** Nanoseconds since the epoch as milliseconds (a double holds whole ms exactly; Number(ns) would round to 256 ns). */
function msOf(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

function kindOf(info: BigIntStats): EntryKind {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  return 'other';
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'unknown';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
