/** Which hls.js errors name a segment the player cannot play, and how the time map leaves such segments out. */
import { ErrorDetails, ErrorTypes, type ErrorData, type Fragment, type LevelDetails } from 'hls.js';
import { describe, expect, it } from 'vitest';
import {
  failedPictureSeconds,
  fragmentAtMedia,
  markUnreadable,
  parsedWithoutVideo,
  unplayableFragment,
  unreadableSegment,
} from '../../renderer/player/damaged-fragment';
import { fragmentsOf, mappedSegmentNumbers } from '../../renderer/player/level-fragments';
import { parseInstant } from '../../shared/time';

const URL_BASE = 'http://127.0.0.1:9/segments/desertbus/source/2026-11-14T03/';
const name = (seconds: number) => `00:${String(seconds).padStart(2, '0')}.000000-2.000-full-H${seconds}.ts`;

/** A media fragment as hls.js has it after parsing: `video` false for one it found no video in. */
function fragment(sn: number, video = true): Fragment {
  const seconds = 28 + 2 * sn;
  const streams = { startPTS: sn * 2, endPTS: sn * 2 + 2, startDTS: sn * 2, endDTS: sn * 2 + 2, partial: false };
  return {
    sn,
    url: `${URL_BASE}${encodeURIComponent(name(seconds))}?check=bytes`,
    rawProgramDateTime: `2026-11-14T03:00:${seconds}.000000Z`,
    start: sn * 2,
    end: sn * 2 + 2,
    duration: 2,
    tagList: [],
    elementaryStreams: { audio: streams, video: video ? streams : null, audiovideo: null },
  } as unknown as Fragment;
}

const error = (details: ErrorDetails, frag: Fragment | undefined, fatal: boolean, reason?: string): ErrorData =>
  ({ type: ErrorTypes.MEDIA_ERROR, details, fatal, frag, reason, error: new Error(reason ?? details) }) as ErrorData;

describe('unplayableFragment', () => {
  it('takes a parse error as a reason, final only when hls.js gave up', () => {
    const frag = fragment(3);
    const reason = 'Found no media in msn 3 of main playlist "http://127.0.0.1:9/playlist/desertbus/source.m3u8?start=x"';
    expect(unplayableFragment(error(ErrorDetails.FRAG_PARSING_ERROR, frag, false, reason))).toEqual({
      frag,
      why: 'hls.js could not read it (Found no media in msn 3 of main playlist)',
      final: false,
    });
    expect(unplayableFragment(error(ErrorDetails.FRAG_PARSING_ERROR, frag, true, reason))?.final).toBe(true);
  });

  it('takes an append the browser refused for good as final', () => {
    const frag = fragment(5);
    const refused = { frag, why: 'the browser could not decode its video', final: true };
    expect(unplayableFragment(error(ErrorDetails.MEDIA_SOURCE_REQUIRES_RESET, frag, false))).toEqual(refused);
    expect(unplayableFragment(error(ErrorDetails.BUFFER_APPEND_ERROR, frag, true))).toEqual(refused);
  });

  it('ignores an append error hls.js retries, errors of no fragment, and load errors', () => {
    expect(unplayableFragment(error(ErrorDetails.BUFFER_APPEND_ERROR, fragment(5), false))).toBeUndefined();
    expect(unplayableFragment(error(ErrorDetails.FRAG_PARSING_ERROR, undefined, true))).toBeUndefined();
    expect(unplayableFragment(error(ErrorDetails.FRAG_LOAD_ERROR, fragment(2), true))).toBeUndefined();
  });
});

describe('an unreadable segment', () => {
  it('is named by its file and spans its date and duration', () => {
    expect(unreadableSegment(fragment(3), 'it holds no video')).toEqual({
      name: name(34),
      startUs: parseInstant('2026-11-14T03:00:34Z'),
      endUs: parseInstant('2026-11-14T03:00:36Z'),
      why: 'it holds no video',
    });
  });

  it('is one hls.js parsed and found no video in', () => {
    expect(parsedWithoutVideo(fragment(3, false))).toBe(true);
    expect(parsedWithoutVideo(fragment(3))).toBe(false);
  });

  it('is a hole in the time map and a gap to hls.js', () => {
    const details = { fragments: [0, 1, 2, 3].map((sn) => fragment(sn)) } as unknown as LevelDetails;
    const unreadable = new Set([name(30)]);
    expect(fragmentsOf(details, new Map(), unreadable).map((mapped) => mapped.mediaStartSeconds)).toEqual([0, 4, 6]);
    expect(mappedSegmentNumbers(details, unreadable)).toEqual([0, 2, 3]);
    expect(fragmentsOf(details).length).toBe(4);
    markUnreadable(details, unreadable);
    expect(details.fragments.map((frag) => frag.gap === true)).toEqual([false, true, false, false]);
    // Tagged as EXT-X-GAP would: hls.js takes an untagged gap as a guess and loads the fragment when a seek lands in it.
    expect(details.fragments.map((frag) => frag.tagList.some((tag) => tag[0] === 'GAP'))).toEqual([false, true, false, false]);
    markUnreadable(details, unreadable);
    expect(details.fragments[1]!.tagList).toEqual([['GAP']]);
  });
});

describe('a picture the browser could not decode', () => {
  it("is placed by the timestamp Chromium's message names, in microseconds", () => {
    const message =
      'PipelineStatus::PIPELINE_ERROR_DECODE: Failed to send video packet for decoding: {timestamp=21300000 duration=33333 size=215 is_key_frame=0 encrypted=0}';
    expect(failedPictureSeconds(message)).toBe(21.3);
    expect(failedPictureSeconds('MEDIA_ERR_DECODE')).toBeUndefined();
  });

  it('is in the fragment hls.js places there, never in a gap', () => {
    const details = { fragments: [0, 1, 2, 3].map((sn) => fragment(sn)) } as unknown as LevelDetails;
    expect(fragmentAtMedia(details, 5.3)?.sn).toBe(2);
    expect(fragmentAtMedia(details, 4)?.sn).toBe(2);
    details.fragments[2]!.gap = true;
    expect(fragmentAtMedia(details, 5.3)).toBeUndefined();
    expect(fragmentAtMedia(details, 9)).toBeUndefined();
  });
});
