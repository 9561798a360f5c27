/**
 * Reading one directory's entries (as the sealed folder lists them) the way
 * ARCHIVE-FORMAT.md says: hidden names ignored, tombstoned segments ignored.
 */
import type { SealedEntry } from './sealed-folder';

const TOMBSTONE = '.tombstone';

/** Names of the entries of one kind, in listing order. */
export function namesOfKind(entries: readonly SealedEntry[], kind: SealedEntry['kind']): string[] {
  return entries.filter((entry) => entry.kind === kind).map((entry) => entry.name);
}

/** The names a segment listing is made of, sorted, from the raw directory entries. */
export function segmentNamesFrom(entries: readonly string[], options: { tombstones?: boolean } = {}): string[] {
  const tombstoned = new Set<string>();
  // The `.ts` names the tombstones remove, made once per tombstone rather than a stem cut from every name.
  const removed = new Set<string>();
  for (const name of entries) {
    if (!name.endsWith(TOMBSTONE)) continue;
    const stem = name.slice(0, -TOMBSTONE.length);
    tombstoned.add(stem);
    removed.add(`${stem}.ts`);
  }
  const names = entries.filter((name) => name.endsWith('.ts') && !name.startsWith('.') && !removed.has(name));
  if (options.tombstones) {
    names.push(...[...tombstoned].filter((stem) => !stem.startsWith('.')).map((stem) => stem + TOMBSTONE));
  }
  return names.sort();
}
