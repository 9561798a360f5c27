import { describe, expect, it } from 'vitest';
import { parsePreviewPlaylist, previewEditTimeOf, previewInstantAt, previewPlaylistText, type PreviewEntry } from '../../shared/preview-playlist';
import { previewLayout, previewSpans } from '../../shared/preview-timeline';

const S = 1_000_000;
const T0 = 1_794_625_200 * S;

const edge: PreviewEntry = { uri: 'q/a.ts', durationUs: 900_000, instantUs: T0 + 100_000, sources: [{ offsetUs: 0, rangeIndex: 0, instantUs: T0 + 100_000 }] };
const copied: PreviewEntry = { uri: '../../segments/x.ts', durationUs: 2 * S, instantUs: T0 + S, sources: [{ offsetUs: 0, rangeIndex: 0, instantUs: T0 + S }] };
/** Outgoing range 0 from T0+3 s for 2 s, a 1 s fade into range 1 at T0+20 s. */
const fade: PreviewEntry = {
  uri: 'q/b.ts',
  durationUs: 3_500_000,
  instantUs: T0 + 3 * S,
  sources: [
    { offsetUs: 0, rangeIndex: 0, instantUs: T0 + 3 * S },
    { offsetUs: 1_500_000, rangeIndex: 1, instantUs: T0 + 20 * S + 500_000 },
  ],
  fade: { offsetUs: S, durationUs: S },
};

describe('preview playlist text', () => {
  const text = previewPlaylistText([[edge], [copied], [fade]]);

  it('is a VOD media playlist with a discontinuity between parts and every entry dated', () => {
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-PLAYLIST-TYPE:VOD']);
    expect(lines.filter((line) => line === '#EXT-X-DISCONTINUITY')).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('#EXT-X-PROGRAM-DATE-TIME:'))).toEqual([
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-14T03:00:00.100000Z',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-14T03:00:01.000000Z',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-14T03:00:03.000000Z',
    ]);
    expect(lines.at(-2)).toBe('#EXT-X-ENDLIST');
  });

  it('rounds EXTINF from the running total, so the sum stays on the parts total', () => {
    const thirds = Array.from({ length: 30 }, (): PreviewEntry[] => [{ ...edge, durationUs: 33_333 }]);
    const durations = previewPlaylistText(thirds)
      .split('\n')
      .filter((line) => line.startsWith('#EXTINF:'))
      .map((line) => Number.parseFloat(line.slice(8)));
    expect(Math.abs(durations.reduce((total, seconds) => total + seconds, 0) - 0.99999)).toBeLessThan(0.0006);
  });

  it('reads back where each entry sits in the edit and what it shows, inside the fade too', () => {
    const entries = parsePreviewPlaylist(text);
    expect(entries.map((entry) => entry.editStartUs)).toEqual([0, 900_000, 2_900_000]);
    expect(previewInstantAt(entries, 0)).toEqual({ rangeIndex: 0, instantUs: T0 + 100_000, inTransition: false });
    expect(previewInstantAt(entries, 2_899_999)).toEqual({ rangeIndex: 0, instantUs: T0 + 2_999_999, inTransition: false });
    // In the fade: the outgoing range until its midpoint, the incoming one from there.
    expect(previewInstantAt(entries, 2_900_000 + 1_200_000)).toEqual({ rangeIndex: 0, instantUs: T0 + 4_200_000, inTransition: true });
    expect(previewInstantAt(entries, 2_900_000 + 1_500_000)).toEqual({ rangeIndex: 1, instantUs: T0 + 20_500_000, inTransition: true });
    expect(previewInstantAt(entries, 2_900_000 + 2_100_000)).toEqual({ rangeIndex: 1, instantUs: T0 + 21_100_000, inTransition: false });
    expect(previewInstantAt(entries, 10 * S)).toBeUndefined();
    expect(previewEditTimeOf(entries, 1, T0 + 21 * S)).toBe(2_900_000 + 2_000_000);
    expect(previewEditTimeOf(entries, 0, T0 + 2 * S)).toBe(1_900_000);
    expect(previewEditTimeOf(entries, 1, T0 + 2 * S)).toBeUndefined();
  });
});

describe('preview spans', () => {
  it('puts ranges back to back, a transition overlapping its neighbours', () => {
    const spans = previewSpans({
      ranges: [
        { startUs: T0, endUs: T0 + 5 * S },
        { startUs: T0 + 60 * S, endUs: T0 + 64 * S },
        { startUs: T0 + 10 * S, endUs: T0 + 12 * S },
      ],
      transitions: [{ kind: 'named', name: 'fade', durationUs: S }, { kind: 'cut' }],
    });
    expect(spans.map((span) => [span.editStartUs, span.editEndUs, span.transitionInUs])).toEqual([
      [0, 5 * S, 0],
      [4 * S, 8 * S, S],
      [8 * S, 10 * S, 0],
    ]);
  });

  it('lays the edit out as its playlist plays it: holes the export skips left out and marked', () => {
    // Range 0 across a 10 s hole (T0+3 s to T0+13 s) into a 1 s fade; range 1 ends 1.5 s past its footage.
    const afterHole: PreviewEntry = { ...copied, instantUs: T0 + 13 * S, sources: [{ offsetUs: 0, rangeIndex: 0, instantUs: T0 + 13 * S }] };
    const into: PreviewEntry = {
      ...fade,
      instantUs: T0 + 15 * S,
      sources: [
        { offsetUs: 0, rangeIndex: 0, instantUs: T0 + 15 * S },
        { offsetUs: 1_500_000, rangeIndex: 1, instantUs: T0 + 20_500_000 },
      ],
    };
    const entries = parsePreviewPlaylist(previewPlaylistText([[edge], [copied, afterHole], [into]]));
    const edit = {
      ranges: [
        { startUs: T0 + 100_000, endUs: T0 + 17 * S },
        { startUs: T0 + 20 * S, endUs: T0 + 24 * S },
      ],
      transitions: [{ kind: 'named' as const, name: 'fade', durationUs: S }],
    };
    const layout = previewLayout(edit, entries);
    expect(layout.durationUs).toBe(8_400_000);
    expect(layout.spans.map((span) => [span.rangeIndex, span.editStartUs, span.editEndUs, span.transitionInUs])).toEqual([
      [0, 0, 6_900_000, 0],
      [1, 5_900_000, 8_400_000, S],
    ]);
    expect(layout.holes).toEqual([
      { rangeIndex: 0, editUs: 2_900_000, skippedUs: 10 * S },
      { rangeIndex: 1, editUs: 8_400_000, skippedUs: 1_500_000 },
    ]);
    // The edit's own numbers count the hole: 16.9 s for range 0 where the playlist has 6.9 s.
    expect(previewSpans(edit)[0]!.editEndUs).toBe(16_900_000);
  });

  it('lists the ranges the playlist shows nothing of, each where the range before it ends', () => {
    const later: PreviewEntry = { ...copied, instantUs: T0 + 30 * S, sources: [{ offsetUs: 0, rangeIndex: 3, instantUs: T0 + 30 * S }] };
    const entries = parsePreviewPlaylist(previewPlaylistText([[edge], [later]]));
    const inHole = { startUs: T0 + 10 * S, endUs: T0 + 12 * S };
    const edit = {
      ranges: [{ startUs: T0 + 100_000, endUs: T0 + S }, inHole, inHole, { startUs: T0 + 30 * S, endUs: T0 + 32 * S }, inHole],
      transitions: Array.from({ length: 4 }, () => ({ kind: 'cut' as const })),
    };
    const layout = previewLayout(edit, entries);
    expect(layout.spans.map((span) => span.rangeIndex)).toEqual([0, 3]);
    expect(layout.empty).toEqual([
      { rangeIndex: 1, editUs: 900_000 },
      { rangeIndex: 2, editUs: 900_000 },
      { rangeIndex: 4, editUs: 2_900_000 },
    ]);
    expect(previewLayout(edit, []).empty).toEqual([]);
  });

  it('ignores name jitter and frame snapping between entries (under HOLE_MIN_US)', () => {
    const jittered: PreviewEntry = { ...copied, instantUs: T0 + 3 * S + 8_000, sources: [{ offsetUs: 0, rangeIndex: 0, instantUs: T0 + 3 * S + 8_000 }] };
    const entries = parsePreviewPlaylist(previewPlaylistText([[edge], [copied, jittered]]));
    const layout = previewLayout({ ranges: [{ startUs: T0 + 100_000, endUs: T0 + 5 * S }], transitions: [] }, entries);
    expect(layout.holes).toEqual([]);
    expect(layout.spans.map((span) => [span.editStartUs, span.editEndUs])).toEqual([[0, 4_900_000]]);
  });
});
