import { describe, expect, it } from 'vitest';
import { coveredSpans, instantAtMedia, mediaAtInstant, type MappedFragment } from '../../shared/timemap';
import { parseInstant } from '../../shared/time';

const at = (iso: string) => parseInstant(iso);

/** Two 2 s segments, a 56 s hole, then two more: media time runs on, the wall clock jumps. */
const fragments: MappedFragment[] = [
  { mediaStartSeconds: 0, durationSeconds: 2, instantUs: at('2026-11-14T03:00:00.000000Z') },
  { mediaStartSeconds: 2, durationSeconds: 2, instantUs: at('2026-11-14T03:00:02.000000Z') },
  { mediaStartSeconds: 4, durationSeconds: 2, instantUs: at('2026-11-14T03:01:00.250000Z') },
  { mediaStartSeconds: 6, durationSeconds: 1.5, instantUs: at('2026-11-14T03:01:02.250000Z') },
];

describe('instantAtMedia', () => {
  it.each([
    [0, '2026-11-14T03:00:00.000000Z'],
    [1.5, '2026-11-14T03:00:01.500000Z'],
    [3.966666666666667, '2026-11-14T03:00:03.966667Z'],
    [4.000000000001, '2026-11-14T03:01:00.250000Z'],
    [5.999999999999, '2026-11-14T03:01:02.250000Z'],
    [4, '2026-11-14T03:01:00.250000Z'],
    [5.5, '2026-11-14T03:01:01.750000Z'],
    [7.5, '2026-11-14T03:01:03.750000Z'],
  ])('media %s s is %s', (mediaSeconds, iso) => {
    expect(instantAtMedia(fragments, mediaSeconds)).toBe(at(iso));
  });

  it('clamps outside the mapped media', () => {
    expect(instantAtMedia(fragments, -3)).toBe(at('2026-11-14T03:00:00Z'));
    expect(instantAtMedia(fragments, 99)).toBe(at('2026-11-14T03:01:03.750000Z'));
  });

  it('is undefined with nothing mapped', () => {
    expect(instantAtMedia([], 1)).toBeUndefined();
  });
});

describe('mediaAtInstant', () => {
  it('maps footage exactly and round-trips on the 90 kHz grid of MPEG-TS timestamps', () => {
    for (const iso of ['2026-11-14T03:00:01.000000Z', '2026-11-14T03:00:01.033333Z', '2026-11-14T03:01:00.250000Z', '2026-11-14T03:01:03.000000Z']) {
      const position = mediaAtInstant(fragments, at(iso))!;
      expect(position.inHole).toBe(false);
      expect(instantAtMedia(fragments, position.mediaSeconds)).toBe(at(iso));
    }
    const oneMicrosecond = mediaAtInstant(fragments, at('2026-11-14T03:00:01.000001Z'))!;
    expect(instantAtMedia(fragments, oneMicrosecond.mediaSeconds)).toBe(at('2026-11-14T03:00:01.000000Z'));
  });

  it('moves an instant in a hole to the next footage', () => {
    expect(mediaAtInstant(fragments, at('2026-11-14T03:00:30Z'))).toEqual({ mediaSeconds: 4, inHole: true });
    expect(mediaAtInstant(fragments, at('2026-11-14T03:00:04Z'))).toEqual({ mediaSeconds: 4, inHole: true });
  });

  it('clamps before the first and after the last segment', () => {
    expect(mediaAtInstant(fragments, at('2026-11-14T02:59:00Z'))).toEqual({ mediaSeconds: 0, inHole: true });
    expect(mediaAtInstant(fragments, at('2026-11-14T04:00:00Z'))).toEqual({ mediaSeconds: 7.5, inHole: true });
  });
});

describe('coveredSpans', () => {
  it('merges adjacent segments and leaves holes as gaps', () => {
    expect(coveredSpans(fragments)).toEqual([
      { startUs: at('2026-11-14T03:00:00Z'), endUs: at('2026-11-14T03:00:04Z') },
      { startUs: at('2026-11-14T03:01:00.25Z'), endUs: at('2026-11-14T03:01:03.75Z') },
    ]);
  });
});
