import { describe, expect, it } from 'vitest';
import { FRAME_NUDGE_SECONDS, MAX_PROGRESS_WAITS, MAX_SEEK_CORRECTIONS, SeekTracker } from '../../renderer/player/seek-tracker';
import { parseInstant, US_PER_SECOND } from '../../shared/time';
import type { MappedFragment } from '../../shared/timemap';

const FRAME_SECONDS = 1 / 30;
const T0 = parseInstant('2026-11-14T03:00:00Z');
/** Two 2 s segments on the media timeline with an 8 s hole between them on the wall clock. */
const FRAGMENTS: readonly MappedFragment[] = [
  { mediaStartSeconds: 0, durationSeconds: 2, instantUs: T0 },
  { mediaStartSeconds: 2, durationSeconds: 2, instantUs: T0 + 10 * US_PER_SECOND },
];
const at = (offsetSeconds: number) => T0 + Math.round(offsetSeconds * US_PER_SECOND);
const nudged = (seconds: number) => ({ elementSeconds: seconds + FRAME_NUDGE_SECONDS });

describe('a seek request', () => {
  it.each([
    ['inside the footage', 1.5, { elementSeconds: 1.5 + FRAME_NUDGE_SECONDS }, 1.5],
    ['before the footage: its start', -3, { elementSeconds: FRAME_NUDGE_SECONDS }, 0],
    ['past the footage: just before its end', 9, { elementSeconds: 4 - 0.001 + FRAME_NUDGE_SECONDS }, 4 - 0.001],
  ])('%s', (_what, mediaSeconds, step, pendingSeconds) => {
    const seeks = new SeekTracker();
    expect(seeks.request(FRAGMENTS, mediaSeconds, undefined)).toEqual(step);
    expect(seeks.inFlight).toBe(true);
    expect(seeks.pendingSeconds).toBeCloseTo(pendingSeconds, 9);
  });

  it('does nothing without footage: nothing would ever land', () => {
    const seeks = new SeekTracker();
    expect(seeks.request([], 1, at(1))).toBeUndefined();
    expect(seeks.inFlight).toBe(false);
    expect(seeks.pendingSeconds).toBeUndefined();
  });
});

describe('the frame a seek shows', () => {
  it.each([
    ['the frame starting at the target: landed', 1.5, at(1.5), 1.5, undefined],
    ['the frame containing the target: landed', 1.5, at(1.5), 1.49, undefined],
    ['the frame containing a media-time target: landed', 1.5, undefined, 1.49, undefined],
    ['another frame for a media-time target (the one shown before the seek): back to the target', 1.5, undefined, 0.2, nudged(1.5)],
    ['the frame before a media-time target: one frame on to it', 1.5, undefined, 1.5 - FRAME_SECONDS, nudged(1.5)],
    ['no frame shown yet: given up, not waited for forever', 1.5, at(1.5), undefined, undefined],
    ['the frame before a segment whose video starts late: one frame on', 2, at(10), 1.98, nudged(1.98 + FRAME_SECONDS)],
    ['a frame past the target (the map moved): back to the target', 1, at(1), 1.2, nudged(1)],
  ])('%s', (_what, mediaSeconds, targetUs, shownSeconds, step) => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, mediaSeconds, targetUs);
    const next = seeks.frameShown(FRAGMENTS, shownSeconds, FRAME_SECONDS);
    if (step === undefined) expect(next).toBeUndefined();
    else expect(next?.elementSeconds).toBeCloseTo(step.elementSeconds, 9);
    expect(seeks.inFlight).toBe(step !== undefined);
  });

  it('ends when the map moved the target into a hole', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.9, at(1.9));
    const shrunk = [{ ...FRAGMENTS[0]!, durationSeconds: 1.5 }, FRAGMENTS[1]!];
    expect(seeks.frameShown(shrunk, 1.4, FRAME_SECONDS)).toBeUndefined();
    expect(seeks.inFlight).toBe(false);
  });

  it(`re-aims ${MAX_SEEK_CORRECTIONS} times at most, then takes the frame shown`, () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1, at(1));
    for (let attempt = 0; attempt < MAX_SEEK_CORRECTIONS; attempt++) expect(seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS)).toEqual(nudged(1));
    expect(seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS)).toBeUndefined();
    expect(seeks.inFlight).toBe(false);
  });

  it(`re-aims a media-time seek ${MAX_SEEK_CORRECTIONS} times at most at the time asked for, then takes the frame shown`, () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1, undefined);
    for (let attempt = 0; attempt < MAX_SEEK_CORRECTIONS; attempt++) expect(seeks.frameShown(FRAGMENTS, 3.2, FRAME_SECONDS)).toEqual(nudged(1));
    expect(seeks.frameShown(FRAGMENTS, 3.2, FRAME_SECONDS)).toBeUndefined();
    expect(seeks.inFlight).toBe(false);
  });

  it('does not count a re-aim that was not carried out (the target not loadable yet)', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1, at(1));
    for (let attempt = 0; attempt < 2 * MAX_SEEK_CORRECTIONS; attempt++) {
      expect(seeks.frameShown(FRAGMENTS, 0.5, FRAME_SECONDS)).toEqual(nudged(1));
      seeks.uncount();
    }
    expect(seeks.inFlight).toBe(true);
    expect(seeks.corrections).toBe(0);
  });

  it('counts re-aims from zero again for the next request', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1, at(1));
    for (let attempt = 0; attempt < MAX_SEEK_CORRECTIONS; attempt++) seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS);
    seeks.request(FRAGMENTS, 1, at(1));
    expect(seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS)).toEqual(nudged(1));
  });
});

describe('the fallback after seeked', () => {
  it.each([
    ['the seek is still in flight: due', () => undefined, true],
    ['a later seek started: not due (its own timer decides)', (seeks: SeekTracker) => seeks.request(FRAGMENTS, 3, undefined), false],
    ['the seek re-aimed since: not due', (seeks: SeekTracker) => seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS), false],
    ['the seek already landed: not due', (seeks: SeekTracker) => seeks.end(), false],
  ])('%s', (_what, then, due) => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1, at(1));
    const token = seeks.seeked();
    then(seeks);
    expect(seeks.fallbackDue(token)).toBe(due);
  });
});

describe('waiting for a seek', () => {
  it('resolves at once when no seek is in flight', async () => {
    await expect(new SeekTracker().settled()).resolves.toBeUndefined();
  });

  it('resolves when the seek lands, not before', async () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    let done = false;
    const waiting = seeks.settled().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS);
    await waiting;
    expect(done).toBe(true);
  });
});

describe('a seek that never lands', () => {
  it('is sought again, then reloaded at its instant, then given up: never waited for forever', async () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    const released = seeks.settled();
    expect(seeks.stuck(FRAGMENTS, seeks.token)).toEqual({ action: 'reseek', elementSeconds: 1.5 + FRAME_NUDGE_SECONDS });
    expect(seeks.inFlight).toBe(true);
    expect(seeks.stuck(FRAGMENTS, seeks.token)).toEqual({ action: 'reload', instantUs: at(1.5) });
    expect(seeks.inFlight).toBe(false);
    await expect(released).resolves.toBeUndefined();
    // The reloaded playlist's seek to the instant is the last chance: stuck again, it ends.
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    expect(seeks.stuck(FRAGMENTS, seeks.token)).toEqual({ action: 'give-up' });
    expect(seeks.inFlight).toBe(false);
  });

  it('reloads a move by footage time at the instant of its target (after the hole, for a target in it)', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 2, undefined);
    seeks.stuck(FRAGMENTS, seeks.token);
    expect(seeks.stuck(FRAGMENTS, seeks.token)).toEqual({ action: 'reload', instantUs: at(10) });
  });

  it.each([
    ['landed', (seeks: SeekTracker) => seeks.frameShown(FRAGMENTS, 1.5, FRAME_SECONDS)],
    ['superseded by a later seek', (seeks: SeekTracker) => seeks.request(FRAGMENTS, 3, undefined)],
    ['re-aimed (its own timer decides)', (seeks: SeekTracker) => seeks.frameShown(FRAGMENTS, 1, FRAME_SECONDS)],
  ])('is left alone once %s', (_what, then) => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    const token = seeks.token;
    then(seeks);
    expect(seeks.stuck(FRAGMENTS, token)).toBeUndefined();
  });

  it('is waited for again while its footage comes, at most MAX_PROGRESS_WAITS times, then recovered as before', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    for (let wait = 0; wait < MAX_PROGRESS_WAITS; wait++) expect(seeks.stuck(FRAGMENTS, seeks.token, true)).toEqual({ action: 'wait' });
    expect(seeks.inFlight).toBe(true);
    expect(seeks.stuck(FRAGMENTS, seeks.token, true)).toMatchObject({ action: 'reseek' });
    // Footage that stops coming: the next check recovers at once.
    expect(seeks.stuck(FRAGMENTS, seeks.token, false)).toMatchObject({ action: 'reload' });
  });

  it('starts its recoveries afresh for a new request', () => {
    const seeks = new SeekTracker();
    seeks.request(FRAGMENTS, 1.5, at(1.5));
    seeks.stuck(FRAGMENTS, seeks.token);
    seeks.request(FRAGMENTS, 1, at(1));
    expect(seeks.stuck(FRAGMENTS, seeks.token)).toMatchObject({ action: 'reseek' });
  });
});

describe('a target on a frame start rounded to the microsecond', () => {
  it('is that frame, not the one before (the clock names frames by rounded starts)', () => {
    const seeks = new SeekTracker();
    // The frame starting at 1 + 1/30 s is named 1.033333 s: the frame before it ends 0.33 µs later.
    const targetUs = at(1) + 33_333;
    seeks.request(FRAGMENTS, 1 + 1 / 30, targetUs);
    expect(seeks.frameShown(FRAGMENTS, 1, FRAME_SECONDS)?.elementSeconds).toBeCloseTo(1 + 1 / 30 + FRAME_NUDGE_SECONDS, 6);
  });
});
