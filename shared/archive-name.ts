/**
 * The short name the header shows for an open archive: the folder's own name, or a node's
 * host, rather than the whole path, whose end is what tells one drive from another.
 */

/** How a SourcedArchive joins its sources' labels into its root (electron/node/archive/sources). */
const SOURCE_SEPARATOR = ' + ';

/** `root` as the archive summary gives it: a folder path, a node address, or several joined. */
export function archiveName(root: string): string {
  const first = root.split(SOURCE_SEPARATOR)[0]!.trim();
  if (/^https?:\/\//i.test(first)) return nodeName(first);
  const parts = first.split(/[\\/]+/).filter((part) => part !== '');
  return parts.at(-1) ?? first;
}

/** host:port, with the path when the node serves below one; no query or fragment. */
function nodeName(address: string): string {
  const rest = address.replace(/^https?:\/\//i, '').replace(/[?#].*$/, '');
  return rest.replace(/\/+$/, '') || address;
}
