/**
 * Reading one directory of the archive the way ARCHIVE-FORMAT.md says: hidden names
 * ignored, tombstoned segments ignored, a missing directory is empty, any other
 * failure is an error that names the directory.
 */
import { readdir } from 'node:fs/promises';
import { ArchiveReadError } from '../../shared/errors';

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

/** Sub-directory-like names (not hidden), sorted. Missing directory: empty. */
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
    (name) => name.endsWith('.ts') && !name.startsWith('.') && !tombstoned.has(name.slice(0, -3)),
  );
  if (options.tombstones) {
    names.push(...[...tombstoned].filter((stem) => !stem.startsWith('.')).map((stem) => stem + TOMBSTONE));
  }
  return names.sort();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
