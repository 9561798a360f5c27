/** Which damaged segments the player plays through: the errors hls.js gets over, and pictures clearly short of the name. */
import { ErrorDetails, ErrorTypes, type ErrorData, type Fragment } from 'hls.js';
import { describe, expect, it } from 'vitest';
import { picturedSeconds, RecoveredFragments, recoverableTrouble, shortfall } from '../../renderer/player/recovered-fragment';
import { parseInstant } from '../../shared/time';

const URL_BASE = 'http://127.0.0.1:9/segments/desertbus/source/2026-11-14T03/';
const NAME = '00:48.000000-2.000-full-jVX7wVhZ7UsJZZCR3N.ts';
const url = (name: string) => `${URL_BASE}${encodeURIComponent(name)}?check=bytes`;

/** Presentation times of `count` frames at 30 fps from `fromSeconds`. */
const frames = (fromSeconds: number, count: number) => Array.from({ length: count }, (_, index) => fromSeconds + index / 30);

/** A media fragment as hls.js has it once buffered (its duration shortened as hls.js does for a cut-short one). */
function fragment(sn: number, durationSeconds = 2, video = true): Fragment {
  const streams = { startPTS: 20, endPTS: 20 + durationSeconds, startDTS: 20, endDTS: 20 + durationSeconds, partial: false };
  return {
    sn,
    url: url(NAME),
    rawProgramDateTime: '2026-11-14T03:00:48.000000Z',
    duration: durationSeconds,
    elementaryStreams: { audio: streams, video: video ? streams : null, audiovideo: null },
  } as unknown as Fragment;
}

const error = (details: ErrorDetails, frag: Fragment | undefined, fatal: boolean, reason?: string): ErrorData =>
  ({ type: ErrorTypes.MEDIA_ERROR, details, fatal, frag, reason, error: new Error(reason ?? details) }) as ErrorData;

describe('picturedSeconds', () => {
  it.each([
    ['a whole 2 s segment', frames(20, 60), 2],
    ['one cut short after 40 frames', frames(20, 40), 40 / 30],
    ['one missing 12 frames in the middle', [...frames(20, 24), ...frames(20 + 36 / 30, 24)], 48 / 30],
    ['B-frame footage (times ascending, first one frame in)', frames(20 + 1 / 30, 60), 2],
  ])('%s', (_what, presentationSeconds, expectedSeconds) => {
    expect(picturedSeconds(presentationSeconds)).toBeCloseTo(expectedSeconds, 6);
  });

  it('is 0 for fewer than two frames', () => {
    expect(picturedSeconds([20])).toBe(0);
  });
});

describe('shortfall', () => {
  it('names how much a full segment pictures of its name', () => {
    expect(shortfall(url(NAME), 1.6)).toBe('its pictures cover 1.60 s of the 2.00 s its name says');
  });

  it.each([
    ['a few frames short', url(NAME), 1.9],
    ['a partial segment (short by definition)', url('00:48.000000-2.000-partial-jVX7wVhZ7UsJZZCR3N.ts'), 1],
    ['a name of another form (a preview part)', 'http://127.0.0.1:9/preview/part-3.ts', 0.5],
  ])('nothing for %s', (_what, segmentUrl, pictured) => {
    expect(shortfall(segmentUrl, pictured)).toBeUndefined();
  });
});

describe('recoverableTrouble', () => {
  it('takes the parse errors and append errors hls.js gets over', () => {
    const reason = 'Found 24 TS packet/s that do not start with 0x47';
    expect(recoverableTrouble(error(ErrorDetails.FRAG_PARSING_ERROR, fragment(8), false, reason))).toEqual({
      sn: 8,
      why: '24 of its packets were unreadable and skipped',
    });
    const other = error(ErrorDetails.FRAG_PARSING_ERROR, fragment(8), false, 'AAC PES did not start with ADTS header,offset:4');
    expect(recoverableTrouble(other)?.why).toBe('hls.js skipped part of it: AAC PES did not start with ADTS header,offset:4');
    expect(recoverableTrouble(error(ErrorDetails.BUFFER_APPEND_ERROR, fragment(8), false))?.why).toBe('the browser refused part of its video at first');
  });

  it('leaves fatal errors, errors of no fragment and others alone', () => {
    expect(recoverableTrouble(error(ErrorDetails.FRAG_PARSING_ERROR, fragment(8), true))).toBeUndefined();
    expect(recoverableTrouble(error(ErrorDetails.FRAG_PARSING_ERROR, undefined, false))).toBeUndefined();
    expect(recoverableTrouble(error(ErrorDetails.FRAG_LOAD_ERROR, fragment(8), false))).toBeUndefined();
  });
});

describe('RecoveredFragments', () => {
  const startUs = parseInstant('2026-11-14T03:00:48Z');

  it("says a troubled fragment once it is buffered, over its name's span, once", () => {
    const recovered = new RecoveredFragments();
    recovered.noteFrames(fragment(10, 40 / 30), frames(20, 40));
    const found = { name: NAME, startUs, endUs: startUs + 2_000_000, why: 'its pictures cover 1.33 s of the 2.00 s its name says' };
    expect(recovered.buffered(fragment(10, 40 / 30))).toEqual(found);
    expect(recovered.buffered(fragment(10, 40 / 30))).toBeUndefined();
  });

  it('keeps the first trouble of a fragment, and says nothing of a sound one or one without video', () => {
    const recovered = new RecoveredFragments();
    recovered.noteError(error(ErrorDetails.FRAG_PARSING_ERROR, fragment(8), false, 'Found 24 TS packet/s that do not start with 0x47'));
    recovered.noteFrames(fragment(8), frames(20, 40));
    expect(recovered.buffered(fragment(8))?.why).toBe('24 of its packets were unreadable and skipped');
    recovered.noteFrames(fragment(9), frames(20, 60));
    expect(recovered.buffered(fragment(9))).toBeUndefined();
    recovered.noteError(error(ErrorDetails.FRAG_PARSING_ERROR, fragment(2), false, 'x'));
    expect(recovered.buffered(fragment(2, 2, false))).toBeUndefined();
  });

  it('forgets everything on clear (a new playlist)', () => {
    const recovered = new RecoveredFragments();
    recovered.noteFrames(fragment(10), frames(20, 40));
    recovered.clear();
    expect(recovered.buffered(fragment(10))).toBeUndefined();
  });
});
