import { describe, expect, it } from 'vitest';
import { parsePreviewPlaylist, previewPlaylistText, type PreviewEntry } from '../../shared/preview-playlist';
import type { MappedFragment } from '../../shared/timemap';
import { mediaSecondsOfEdit, previewPosition } from '../../renderer/preview/preview-mode';

const S = 1_000_000;
const T0 = 1_794_625_200 * S;
const FRAME = 1 / 30;

const entry = (durationUs: number, rangeIndex: number, instantUs: number): PreviewEntry => ({
  uri: 'x.ts',
  durationUs,
  instantUs,
  sources: [{ offsetUs: 0, rangeIndex, instantUs }],
});
/** An edge of range 0 (1 s), a copied segment of it (2 s), then range 1 after a hard cut. */
const entries = parsePreviewPlaylist(previewPlaylistText([[entry(S, 0, T0 + 5 * S)], [entry(2 * S, 0, T0 + 6 * S)], [entry(2 * S, 1, T0 + 60 * S)]]));
/** Where the player put each entry: B-frame edges start some ms late, each part on its own. */
const fragments: MappedFragment[] = [
  { mediaStartSeconds: 0.066, durationSeconds: 1, instantUs: T0 + 5 * S },
  { mediaStartSeconds: 1.1, durationSeconds: 2, instantUs: T0 + 6 * S },
  { mediaStartSeconds: 3.0, durationSeconds: 2, instantUs: T0 + 60 * S },
];

describe('the preview clock', () => {
  it('places the frame on screen by its entry, wherever the player put the entry', () => {
    expect(previewPosition(0.066, entries, fragments, FRAME)).toEqual({ editUs: 0, rangeIndex: 0, instantUs: T0 + 5 * S, inTransition: false });
    expect(previewPosition(1.6, entries, fragments, FRAME)).toEqual({ editUs: 1_500_000, rangeIndex: 0, instantUs: T0 + 6_500_000, inTransition: false });
    expect(previewPosition(3.0, entries, fragments, FRAME)).toEqual({ editUs: 3 * S, rangeIndex: 1, instantUs: T0 + 60 * S, inTransition: false });
  });

  it('names the last frame of an entry while the player is between it and the next part', () => {
    // 1.05 s: past the edge's 1 s, before the copied part's first frame at 1.1 s.
    const position = previewPosition(1.05, entries, fragments, FRAME)!;
    expect(position.instantUs).toBe(T0 + 6 * S - Math.round(FRAME * S));
    expect(position.rangeIndex).toBe(0);
  });

  it("names a frame past an entry's last one as the next entry's first (a B-frame part's first picture, shown before where the player starts the part)", () => {
    // 1.08 s: after the edge's last frame (its frames end at 1.066 s), before the copied part's mapped start at 1.1 s.
    expect(previewPosition(1.08, entries, fragments, FRAME)).toEqual({ editUs: S, rangeIndex: 0, instantUs: T0 + 6 * S, inTransition: false });
  });

  it('names nothing while the player still has another playlist (the edit changed)', () => {
    expect(previewPosition(1.6, entries, fragments.slice(0, 2), FRAME)).toBeUndefined();
  });

  it('seeks a time of the edit where the player put its entry (the inverse of the clock)', () => {
    expect(mediaSecondsOfEdit(1_500_000, entries, fragments)).toBeCloseTo(1.6, 9);
    expect(previewPosition(mediaSecondsOfEdit(3_250_000, entries, fragments), entries, fragments, FRAME)?.editUs).toBe(3_250_000);
    // Without this playlist's map yet, the edit time itself.
    expect(mediaSecondsOfEdit(1_500_000, entries, [])).toBe(1.5);
  });
});
