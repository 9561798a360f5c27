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

/**
 * The names a segment listing is made of, sorted, from the raw directory entries. One
 * pass over the entries; the few tombstoned names are then found in the sorted names by
 * binary search rather than every name looked up in a set (hashing each fresh name from
 * the listing was most of this function's time).
 */
export function segmentNamesFrom(entries: readonly string[], options: { tombstones?: boolean } = {}): string[] {
  // Sized once and trimmed: grown by push it was copied at every step (a third of a listing's garbage).
  const names = new Array<string>(entries.length);
  let count = 0;
  // Hidden names are never listed: a hidden tombstone could only remove a hidden name.
  const stems: string[] = [];
  for (const name of entries) {
    if (name.charCodeAt(0) === 46 /* . */) continue;
    if (endsWithTs(name)) names[count++] = name;
    else if (name.endsWith(TOMBSTONE)) stems.push(name.slice(0, -TOMBSTONE.length));
  }
  names.length = count;
  sortNames(names);
  if (stems.length === 0) return names;
  const kept = withoutNames(
    names,
    stems.map((stem) => `${stem}.ts`),
  );
  if (options.tombstones) {
    kept.push(...[...new Set(stems)].map((stem) => stem + TOMBSTONE));
    kept.sort();
  }
  return kept;
}

/** `name.endsWith('.ts')` without a call: every listed name is asked. */
function endsWithTs(name: string): boolean {
  const length = name.length;
  return (
    length >= 3 && name.charCodeAt(length - 3) === 46 /* . */ && name.charCodeAt(length - 2) === 116 /* t */ && name.charCodeAt(length - 1) === 115 /* s */
  );
}

/**
 * Sorts names as strings, in place. A folder's names come sorted (libuv sorts a listing by
 * its bytes, the same order for the ASCII of segment names), which one pass confirms
 * without the sort's copy of the array and back.
 */
function sortNames(names: string[]): void {
  for (let index = 1; index < names.length; index++) {
    if (names[index - 1]! > names[index]!) {
      names.sort();
      return;
    }
  }
}

/** `sorted` without the names of `removed` (found by binary search), in place. */
function withoutNames(sorted: string[], removed: readonly string[]): string[] {
  const gone: number[] = [];
  for (const name of removed) {
    const index = lowerBound(sorted, name);
    if (sorted[index] === name) gone.push(index);
  }
  if (gone.length === 0) return sorted;
  gone.sort((a, b) => a - b);
  let kept = gone[0]!;
  let next = 0;
  for (let index = kept; index < sorted.length; index++) {
    if (index === gone[next]) {
      // The same stem may be tombstoned twice (`x.tombstone` seen by two sources): skip each index once.
      while (gone[next] === index) next++;
      continue;
    }
    sorted[kept++] = sorted[index]!;
  }
  sorted.length = kept;
  return sorted;
}

/** First index of `sorted` whose name is not below `name`. */
function lowerBound(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < name) low = middle + 1;
    else high = middle;
  }
  return low;
}
