/**
 * Reading one directory of the archive the way ARCHIVE-FORMAT.md says: hidden names
 * ignored, tombstoned segments ignored, a missing directory is empty, any other
 * failure is an error that names the directory.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveReadError } from '../../../shared/errors';

const TOMBSTONE = '.tombstone';

/** Names in a directory, or undefined when it does not exist. */
export async function readNames(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ArchiveReadError(dir, code ?? 'unknown', errorMessage(error));
  }
}

/**
 * Sub-directories (not hidden), sorted; symlinks to directories count. Missing directory:
 * empty. Stray files beside channels, qualities or hours (a README, a manifest) are not
 * channels, qualities or hours.
 */
export async function listDirectories(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new ArchiveReadError(dir, code ?? 'unknown', errorMessage(error));
  }
  const directories = await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.')) return undefined;
      if (entry.isDirectory()) return entry.name;
      if (!entry.isSymbolicLink()) return undefined;
      const target = await stat(path.join(dir, entry.name)).catch(() => undefined);
      return target?.isDirectory() ? entry.name : undefined;
    }),
  );
  return directories.filter((name): name is string => name !== undefined).sort();
}

/** Names (not hidden), sorted, files and directories alike. Missing directory: empty. */
export async function listVisible(dir: string): Promise<string[]> {
  const names = (await readNames(dir)) ?? [];
  return names.filter((name) => !name.startsWith('.')).sort();
}

/** The names a segment listing is made of, sorted, from the raw directory entries. */
export function segmentNamesFrom(entries: readonly string[], options: { tombstones?: boolean } = {}): string[] {
  const tombstoned = new Set<string>();
  for (const name of entries) {
    if (name.endsWith(TOMBSTONE)) tombstoned.add(name.slice(0, -TOMBSTONE.length));
  }
  const names = entries.filter(
    (name) =>
      name.endsWith('.ts') && !name.startsWith('.') && (tombstoned.size === 0 || !tombstoned.has(name.slice(0, -3))),
  );
  if (options.tombstones) {
    names.push(...[...tombstoned].filter((stem) => !stem.startsWith('.')).map((stem) => stem + TOMBSTONE));
  }
  return names.sort();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
