/**
 * Segments a read found sound, each with the identity of the file it read (fileKeyOf), so
 * an inspection asked again while the file stays the same file costs one stat instead of
 * an open and two reads: an export of footage just played (every segment reply with
 * `?check=bytes` inspects) or exported before. Any write to a file changes its change
 * time, and a file replaced under its name has another inode, so a remembered identity
 * never vouches for bytes that were not read. The MAX_FILES most recently used are kept
 * (a 12-hour export is 21,600 segments).
 */
import type { Stats } from 'node:fs';

const MAX_FILES = 32_768;

/** What tells one file's contents from another's: device, inode, size, modification and change times. */
export function fileKeyOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

/** A file found sound: its identity, and its size when last looked at (for estimates, never for reads). */
interface SoundFile {
  key: string;
  size: number;
}

export class SoundFiles {
  /** Path → the file found sound there, least recently used first. */
  private readonly byPath = new Map<string, SoundFile>();

  /** The file at `path`, as `info` describes it, was read and found sound. */
  remember(path: string, info: Stats): void {
    this.byPath.delete(path);
    this.byPath.set(path, { key: fileKeyOf(info), size: info.size });
    if (this.byPath.size > MAX_FILES) this.byPath.delete(this.byPath.keys().next().value!);
  }

  forget(path: string): void {
    this.byPath.delete(path);
  }

  /** Whether anything was found sound at `path` (worth a stat to compare). */
  knows(path: string): boolean {
    return this.byPath.has(path);
  }

  /**
   * The size of the file found sound at `path` as its last check saw it (that check's own
   * stat): an export's size estimate right after its checks needs no stat of its own.
   */
  sizeAtCheck(path: string): number | undefined {
    return this.byPath.get(path)?.size;
  }

  /** True when `info` (a stat of `path` now) is the very file found sound there. */
  stillSound(path: string, info: Stats): boolean {
    const known = this.byPath.get(path);
    if (known === undefined || known.key !== fileKeyOf(info)) return false;
    this.remember(path, info);
    return true;
  }
}
