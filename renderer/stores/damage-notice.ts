/**
 * Tells the user which segments playback skips because they are damaged (the playlist
 * leaves them out like holes, so the timeline shows a hole there): a summary when the
 * window, channel or quality changes, one notice when the player finds another (the
 * archive refused a segment as damaged: see renderer/player/damaged-fragment.ts), and
 * one when playback reaches a damaged segment, since the summary came long before. And
 * the segments playback got through with a glitch (see renderer/player/recovered-fragment.ts):
 * marked on the timeline as soon as the player finds them, said when the clock gets there.
 */
import { create } from 'zustand';
import { formatInstant, parseInstant } from '../../shared/time';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { client } from '../bridge/bridge';
import { useArchive } from './archive';
import { useNotice } from './notice';
import { usePlayer } from './player';
import { useSettings } from './settings';

type Damaged = Awaited<ReturnType<typeof client.damagedSegments>>;
export type DamagedEntry = Damaged[number];

interface DamageState {
  /** The damaged segments known in the window on screen, in time order. */
  entries: Damaged;
  /** Those the player found it cannot play although the archive passed them (not in `entries`). */
  unplayable: Damaged;
  /** Those hls.js or the browser got over: they stay in the time map and play, with a glitch. */
  recovered: Damaged;
}

export const useDamage = create<DamageState>()(() => ({ entries: [], unplayable: [], recovered: [] }));

/**
 * The clock lands this far past a skipped segment's end at most when playback (or a
 * frame step, or a seek into the hole) crosses it: a jump further on passed it by.
 */
const REACH_SLACK_US = 1_000_000;

function fileName(entry: DamagedEntry): string {
  return entry.segment.split('/').pop() ?? entry.segment;
}

/** Time first: a notice shows one line until asked for the rest, and the time is what the user goes to. */
function describe(entry: DamagedEntry, format: (instantUs: number) => string): string {
  return `${format(parseInstant(entry.start))}: ${fileName(entry)} (${entry.damage}: ${entry.why})`;
}

/** The notice for a window's damaged segments; undefined when there are none. */
export function damageNoticeText(damaged: Damaged, format: (instantUs: number) => string): string | undefined {
  if (damaged.length === 0) return undefined;
  const first = damaged.slice(0, 3).map((entry) => `at ${describe(entry, format)}`);
  const more = damaged.length > 3 ? `; and ${damaged.length - 3} more` : '';
  const what = damaged.length === 1 ? 'a damaged segment' : `${damaged.length} damaged segments`;
  return `Skipping ${what}. Playback goes on with the next good footage. Skipped ${first.join('; ')}${more}.`;
}

/** The notice when playback meets one damaged segment (found just now, or reached). */
export function oneDamagedText(entry: DamagedEntry, format: (instantUs: number) => string, when: 'found' | 'reached'): string {
  const what = when === 'found' ? 'Found a damaged segment' : 'Skipped a damaged segment';
  return `${what} at ${describe(entry, format)}. Playback goes on with the next good footage.`;
}

/** The notice when playback gets to a segment it plays through although damaged. */
export function recoveredText(entry: DamagedEntry, format: (instantUs: number) => string): string {
  return `Played through a damaged segment at ${format(parseInstant(entry.start))}: ${fileName(entry)} (${entry.why}). Playback went on; the picture may glitch there.`;
}

/** The entry of `entries` whose span holds `currentUs` when `previousUs` was outside it (the clock got into it); undefined for none. */
export function enteredDamage(entries: Damaged, previousUs: number | undefined, currentUs: number): DamagedEntry | undefined {
  const holds = (entry: DamagedEntry, instantUs: number) => instantUs >= parseInstant(entry.start) && instantUs < parseInstant(entry.end);
  return entries.find((entry) => holds(entry, currentUs) && (previousUs === undefined || !holds(entry, previousUs)));
}

/**
 * The damaged segment the clock reached going from `previousUs` to `currentUs`: it was
 * before the segment and now is in it or just past it (where the hole puts the picture).
 */
export function reachedDamage(entries: Damaged, previousUs: number, currentUs: number): DamagedEntry | undefined {
  return entries.find((entry) => {
    const startUs = parseInstant(entry.start);
    return previousUs < startUs && currentUs >= startUs && currentUs <= parseInstant(entry.end) + REACH_SLACK_US;
  });
}

function userClock(): (instantUs: number) => string {
  const clock = useSettings.getState().clock;
  return (instantUs) => `${formatClock(instantUs, clock, 3)} ${clockSuffix(clock)}`;
}

/** Asks the archive which segments of the window are damaged; undefined when the window changed meanwhile or the ask failed. */
async function refresh(): Promise<Damaged | undefined> {
  const { window, channel, quality } = useArchive.getState();
  if (window === undefined || channel === undefined || quality === undefined) return undefined;
  try {
    const damaged = await client.damagedSegments({ channel, quality, start: window.startUs, end: window.endUs });
    const now = useArchive.getState();
    if (now.window !== window || now.channel !== channel || now.quality !== quality) return undefined;
    useDamage.setState({ entries: damaged });
    return damaged;
  } catch {
    // Only a hint: playback skips the segments either way.
    return undefined;
  }
}

async function check(): Promise<void> {
  useDamage.setState({ entries: [], unplayable: [], recovered: [] });
  const damaged = await refresh();
  const text = damaged && damageNoticeText(damaged, userClock());
  if (text) useNotice.getState().show(text, 'error');
}

/**
 * The player found the segment named `name` damaged (the archive refused it): says so
 * now, and learns the window's damaged segments again so that reaching it says so too.
 */
export async function damageFound(name: string): Promise<void> {
  const damaged = await refresh();
  const entry = damaged?.find((candidate) => fileName(candidate) === name);
  const text = entry ? oneDamagedText(entry, userClock(), 'found') : `Found a damaged segment: ${name}. Playback goes on with the next good footage.`;
  useNotice.getState().show(text, 'error');
}

/** A segment the player found damaged: its file, its span on the wall clock and why. */
interface FoundSegment {
  name: string;
  startUs: number;
  endUs: number;
  why: string;
}

/** The entry for a segment of the archive store's channel and quality that the player found damaged. */
function entryOf(found: FoundSegment, damage: string): DamagedEntry {
  const { channel, quality } = useArchive.getState();
  const hour = formatInstant(found.startUs).slice(0, 13);
  return {
    segment: `${channel ?? '?'}/${quality ?? '?'}/${hour}/${found.name}`,
    start: formatInstant(found.startUs),
    end: formatInstant(found.endUs),
    damage,
    why: found.why,
  };
}

/**
 * The player found a segment it cannot play although the archive passed its bytes (see
 * renderer/player/damaged-fragment.ts): says which file, at what time and why, now and
 * when playback reaches it. The archive does not know it, so the entry is kept here.
 */
export function unplayableFound(found: FoundSegment): void {
  const entry = entryOf(found, 'unplayable');
  const others = (known: DamagedEntry) => known.segment !== entry.segment;
  // Left out now: no longer one that plays with a glitch.
  useDamage.setState((state) => ({ unplayable: [...state.unplayable.filter(others), entry], recovered: state.recovered.filter(others) }));
  useNotice.getState().show(oneDamagedText(entry, userClock(), 'found'), 'error');
}

/**
 * The player found a segment it plays through although damaged (see
 * renderer/player/recovered-fragment.ts): marked at once, said when the clock gets into
 * it (see installDamageNotice), or now when it is there already.
 */
export function recoveredFound(found: FoundSegment): void {
  const entry = entryOf(found, 'recovered');
  useDamage.setState((state) => ({ recovered: [...state.recovered.filter((known) => known.segment !== entry.segment), entry] }));
  const clockUs = usePlayer.getState().instantUs;
  if (clockUs !== undefined && enteredDamage([entry], undefined, clockUs)) useNotice.getState().show(recoveredText(entry, userClock()), 'error');
}

/** A forward move of the clock by more than a few frames: a hole crossed, or a seek. */
const JUMP_US = 100_000;

/** Starts watching the archive store, the player and the clock; returns the unsubscribe. */
export function installDamageNotice(): () => void {
  /** The clock's latest jump, and whether a damaged segment it crossed was announced. */
  let jump: { fromUs: number; toUs: number; announced: boolean } | undefined;
  const announce = () => {
    const { entries, unplayable } = useDamage.getState();
    const entry = jump && !jump.announced ? reachedDamage([...entries, ...unplayable], jump.fromUs, jump.toUs) : undefined;
    if (!entry || !jump) return;
    jump.announced = true;
    useNotice.getState().show(oneDamagedText(entry, userClock(), 'reached'), 'error');
  };
  const stopWindow = useArchive.subscribe((state, previous) => {
    if (state.window === previous.window && state.channel === previous.channel && state.quality === previous.quality) return;
    void check();
  });
  const stopPlayer = usePlayer.subscribe((state, previous) => {
    // Each playlist the player loads leaves out what the archive knows is damaged then: learn the same.
    if (state.status === 'loading' && previous.status !== 'loading') void refresh();
    const entered = state.instantUs === undefined ? undefined : enteredDamage(useDamage.getState().recovered, previous.instantUs, state.instantUs);
    if (entered) useNotice.getState().show(recoveredText(entered, userClock()), 'error');
    if (state.instantUs === undefined || previous.instantUs === undefined || state.instantUs - previous.instantUs <= JUMP_US) return;
    jump = { fromUs: previous.instantUs, toUs: state.instantUs, announced: false };
    announce();
  });
  // The list may arrive just after playback crossed a segment it names.
  const stopDamage = useDamage.subscribe(announce);
  return () => {
    stopWindow();
    stopPlayer();
    stopDamage();
  };
}
