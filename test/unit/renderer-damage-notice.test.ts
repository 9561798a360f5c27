/** The damage notices' pure parts: which damaged segment the clock reached, and the words. */
import { describe, expect, it } from 'vitest';
import { damageNoticeText, enteredDamage, oneDamagedText, reachedDamage, recoveredText, type DamagedEntry } from '../../renderer/stores/damage-notice';
import { formatInstant, parseInstant } from '../../shared/time';

const entry = (start: string, end: string, name: string): DamagedEntry => ({
  segment: `desertbus/360p/2026-11-14T04/${name}`,
  start: `2026-11-14T04:00:${start}Z`,
  end: `2026-11-14T04:00:${end}Z`,
  damage: 'not-mpegts',
  why: '76516 bytes, no MPEG-TS sync byte at the start',
});
const garbage = entry('09.250000', '11.250000', '00:09.250000-2.000-full-G.ts');
const truncated = entry('13.250000', '15.250000', '00:13.250000-2.000-full-T.ts');
const at = (seconds: string) => parseInstant(`2026-11-14T04:00:${seconds}Z`);

describe('reachedDamage', () => {
  it.each([
    ['playback crossing the hole it left', '09.216667', '11.250000', garbage],
    ['a seek into it landing after it', '03.000000', '11.250000', garbage],
    ['landing on its start', '09.000000', '09.250000', garbage],
    ['the second of two, crossed alone', '13.216667', '15.250000', truncated],
    ['a jump landing a second past its end', '08.000000', '12.250000', garbage],
  ])('%s: names it', (_what, fromSeconds, toSeconds, expected) => {
    expect(reachedDamage([garbage, truncated], at(fromSeconds), at(toSeconds))).toBe(expected);
  });

  it.each([
    ['a jump far past it', '08.000000', '20.000000'],
    ['a move that stays before it', '05.000000', '09.216667'],
    ['a move back over it', '12.000000', '09.000000'],
    ['a move after it', '11.250000', '12.000000'],
  ])('%s: nothing', (_what, fromSeconds, toSeconds) => {
    expect(reachedDamage([garbage], at(fromSeconds), at(toSeconds))).toBeUndefined();
  });
});

describe('the damage notices', () => {
  const format = (instantUs: number) => formatInstant(instantUs).slice(11, 23);

  it('names the file, its time and what is wrong, found or reached', () => {
    expect(oneDamagedText(garbage, format, 'found')).toBe(
      'Found a damaged segment at 04:00:09.250: 00:09.250000-2.000-full-G.ts (not-mpegts: 76516 bytes, no MPEG-TS sync byte at the start). Playback goes on with the next good footage.',
    );
    expect(oneDamagedText(truncated, format, 'reached')).toMatch(/^Skipped a damaged segment at 04:00:13\.250: 00:13\.250000-2\.000-full-T\.ts /);
  });

  it('sums up a window, three named at most', () => {
    expect(damageNoticeText([], format)).toBeUndefined();
    const many = [garbage, truncated, garbage, truncated];
    expect(damageNoticeText(many, format)).toMatch(
      /^Skipping 4 damaged segments\. Playback goes on with the next good footage\. Skipped at 04:00:09\.250: .*G\.ts .*; at 04:00:13\.250: .*T\.ts .*; and 1 more\.$/,
    );
  });
});

describe('a segment played through although damaged', () => {
  const format = (instantUs: number) => formatInstant(instantUs).slice(11, 23);
  const glitch: DamagedEntry = { ...truncated, damage: 'recovered', why: 'its pictures cover 1.60 s of the 2.00 s its name says' };

  it.each([
    ['playback getting to its start', '13.216667', '13.250000'],
    ['a seek into it', '03.000000', '14.000000'],
    ['a first clock inside it', undefined, '14.000000'],
  ])('%s: names it', (_what, fromSeconds, toSeconds) => {
    expect(enteredDamage([garbage, glitch], fromSeconds === undefined ? undefined : at(fromSeconds), at(toSeconds))).toBe(glitch);
  });

  it.each([
    ['playing on inside it', '13.250000', '13.283333'],
    ['a move to its end (the next segment)', '14.000000', '15.250000'],
    ['a move that stays before it', '12.000000', '13.216667'],
  ])('%s: nothing', (_what, fromSeconds, toSeconds) => {
    expect(enteredDamage([glitch], at(fromSeconds), at(toSeconds))).toBeUndefined();
  });

  it('says the file, its time, what happened and that playback went on', () => {
    expect(recoveredText(glitch, format)).toBe(
      'Played through a damaged segment at 04:00:13.250: 00:13.250000-2.000-full-T.ts (its pictures cover 1.60 s of the 2.00 s its name says). Playback went on; the picture may glitch there.',
    );
  });
});
