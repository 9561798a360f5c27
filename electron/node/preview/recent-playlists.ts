/**
 * Preview playlists made in the last few seconds, by request: the editor reads a
 * playlist's text (for its clock) while hls.js loads the same URL, and planning an edit
 * probes the segments its cuts fall in. Identical requests in flight share one making,
 * however long it runs; a made playlist answers them for KEEP_MS after it was made (an
 * archive that grew is seen again after that). Counted from the end of the making, not
 * its start: on a loaded machine a plan can take longer than KEEP_MS, and hls.js's ask
 * right after the editor's then planned all over again with the preview clock blank.
 */

/** How long a made playlist answers identical requests. */
const KEEP_MS = 10_000;
/** Playlists kept at most. */
const MAX_KEPT = 32;

interface KeptPlaylist<T> {
  text: Promise<T>;
  /** When the making finished; undefined while it runs. */
  madeAtMs: number | undefined;
}

/** Kept playlists of type T: their text, or whatever their making gives. */
export class RecentPlaylists<T = string> {
  private readonly kept = new Map<string, KeptPlaylist<T>>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** The text for `key`: a recent one, or `make()`'s (a failure is not kept). */
  get(key: string, make: () => Promise<T>): Promise<T> {
    const now = this.nowMs();
    for (const [oldKey, entry] of this.kept) if (entry.madeAtMs !== undefined && now - entry.madeAtMs > KEEP_MS) this.kept.delete(oldKey);
    const recent = this.kept.get(key);
    if (recent) return recent.text;
    const entry: KeptPlaylist<T> = { text: make(), madeAtMs: undefined };
    this.kept.set(key, entry);
    entry.text.then(
      () => {
        entry.madeAtMs = this.nowMs();
      },
      () => {
        if (this.kept.get(key) === entry) this.kept.delete(key);
      },
    );
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return entry.text;
  }
}
