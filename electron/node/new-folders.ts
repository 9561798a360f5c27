/**
 * Makes a folder and its missing parents, one level at a time. Not mkdir's `recursive`:
 * on Node 20 it retries for good where a file system answers ENOENT for a new folder under
 * one that exists (procfs, sysfs: a cache or settings path typed there), and whatever
 * waits on it never ends. Here each missing folder is made once; a refusal throws.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from './fs-promised';
import path from 'node:path';

/** The folders from the first missing one down to `dir`, parents first (none when `dir` exists). */
function missingFolders(dir: string, exists: (folder: string) => boolean): string[] {
  const missing: string[] = [];
  for (let folder = path.resolve(dir); !exists(folder); folder = path.dirname(folder)) {
    if (path.dirname(folder) === folder) break;
    missing.unshift(folder);
  }
  return missing;
}

/** Makes `dir` and its missing parents (with `mode`); throws what the file system refused. */
export function makeFoldersSync(dir: string, mode = 0o777): void {
  for (const folder of missingFolders(dir, (folder) => statSync(folder, { throwIfNoEntry: false }) !== undefined)) {
    try {
      mkdirSync(folder, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Makes `dir` and its missing parents (with `mode`); rejects with what the file system refused. */
export async function makeFolders(dir: string, mode = 0o777): Promise<void> {
  const existing = new Set<string>();
  // Looked at from `dir` up until one exists (usually `dir` or its parent): few stats.
  let folder = path.resolve(dir);
  while (
    path.dirname(folder) !== folder &&
    !(await stat(folder).then(
      () => true,
      () => false,
    ))
  )
    folder = path.dirname(folder);
  existing.add(folder);
  for (const missing of missingFolders(dir, (candidate) => existing.has(candidate))) {
    try {
      await mkdir(missing, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
