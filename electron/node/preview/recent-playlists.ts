/**
 * Preview playlists made in the last few seconds, by request: the editor reads a
 * playlist's text (for its clock) while hls.js loads the same URL, and planning an edit
 * probes the segments its cuts fall in. Identical requests in flight share one making;
 * an archive that grew is seen again after KEEP_MS.
 */

/** How long a made playlist answers identical requests. */
const KEEP_MS = 10_000;
/** Playlists kept at most. */
const MAX_KEPT = 32;

export class RecentPlaylists {
  private readonly kept = new Map<string, { text: Promise<string>; madeAtMs: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** The text for `key`: a recent one, or `make()`'s (a failure is not kept). */
  get(key: string, make: () => Promise<string>): Promise<string> {
    const now = this.nowMs();
    for (const [oldKey, entry] of this.kept) if (now - entry.madeAtMs > KEEP_MS) this.kept.delete(oldKey);
    const recent = this.kept.get(key);
    if (recent) return recent.text;
    const text = make();
    this.kept.set(key, { text, madeAtMs: now });
    text.catch(() => this.kept.delete(key));
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return text;
  }
}
