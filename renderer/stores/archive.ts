/**
 * What is open: the archive, the channel and quality being edited, its coverage, and
 * the time window loaded into the player. Actions talk to the main process through the
 * bridge; components only read this state and call the actions.
 */
import { create } from 'zustand';
import { windowMessageOf } from '../bridge/error-message';
import { US_PER_HOUR, US_PER_SECOND, parseHour, parseInstant } from '../../shared/time';
import { client, desktop } from '../bridge/bridge';

export type HourState = 'full' | 'partial' | 'missing';

export interface HourView {
  hour: string;
  hourStartUs: number;
  state: HourState;
  coveredSeconds: number;
  holeCount: number;
  holeSeconds: number;
  suspectCount: number;
  partialCount: number;
}

export interface UntrustedSpan {
  startUs: number;
  endUs: number;
  type: 'suspect' | 'partial';
}

export interface TimeWindow {
  startUs: number;
  endUs: number;
}

/** Longest window a user picks without saying so twice (the playlist route refuses more). */
export const MAX_WINDOW_US = 12 * US_PER_HOUR;

interface ArchiveState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** What went wrong and what to do, in words for the window. */
  error: string | undefined;
  root: string | undefined;
  channels: string[];
  channel: string | undefined;
  qualities: string[];
  quality: string | undefined;
  /** Whether the user picked the quality (the menu, a project), not the player for smoothness. */
  qualityChosen: boolean;
  hours: HourView[];
  untrusted: UntrustedSpan[];
  window: TimeWindow | undefined;
  /** Archive folders opened recently (desktop), newest first. */
  recent: string[];
  open(): Promise<void>;
  chooseArchiveFolder(): Promise<void>;
  openRecent(root: string): Promise<void>;
  /** Opens a recorder node's address instead of the archive, or (add) as one more of its sources; rejects with why not. */
  openAddress(address: string, add: boolean): Promise<void>;
  chooseChannel(channel: string): Promise<void>;
  /** Loads a quality's coverage; `byUser` false when the editor picks it on its own. */
  chooseQuality(quality: string, byUser?: boolean): Promise<void>;
  setWindow(window: TimeWindow): string | undefined;
  clearError(): void;
}

/** A failure in words for the window (renderer/bridge/error-message.ts). */
export function describeError(error: unknown): string {
  return windowMessageOf(error);
}

/** Prefers the lightest quality for smooth playback; exports start on the best unless the user chose one. */
function preferredQuality(qualities: string[], current: string | undefined): string | undefined {
  if (current !== undefined && qualities.includes(current)) return current;
  return qualities.find((q) => q !== 'chat' && q !== 'source') ?? qualities.find((q) => q !== 'chat');
}

type Coverage = Awaited<ReturnType<typeof client.coverage>>;

function hourViews(coverage: Coverage): HourView[] {
  return coverage.map((hour) => {
    const untrustedCount = hour.untrusted.length;
    const complete = hour.holes.count === 0 && untrustedCount === 0 && hour.coveredSeconds >= 3600 - 0.5;
    return {
      hour: hour.hour,
      hourStartUs: parseHour(hour.hour) ?? 0,
      state: !hour.hasFootage ? 'missing' : complete ? 'full' : 'partial',
      coveredSeconds: hour.coveredSeconds,
      holeCount: hour.holes.count,
      holeSeconds: hour.holes.seconds,
      suspectCount: hour.untrusted.filter((u) => u.type === 'suspect').length,
      partialCount: hour.untrusted.filter((u) => u.type === 'partial').length,
    };
  });
}

function untrustedSpans(coverage: Coverage): UntrustedSpan[] {
  return coverage.flatMap((hour) => hour.untrusted.map((u) => ({ startUs: parseInstant(u.start), endUs: parseInstant(u.end), type: u.type })));
}

export const useArchive = create<ArchiveState>()((set, get) => ({
  status: 'idle',
  error: undefined,
  root: undefined,
  channels: [],
  channel: undefined,
  qualities: [],
  quality: undefined,
  qualityChosen: false,
  hours: [],
  untrusted: [],
  window: undefined,
  recent: [],

  async open() {
    set({ status: 'loading', error: undefined });
    try {
      const info = await client.archiveInfo({});
      if (info === null) {
        set({ status: 'idle', root: undefined, channels: [], recent: await client.recentArchives({}).catch(() => []) });
        return;
      }
      set({ root: info.root, channels: info.channels });
      const channel = info.channels.includes(get().channel ?? '') ? get().channel : info.channels[0];
      if (channel === undefined) {
        set({ status: 'error', error: `The archive at ${info.root} has no channels. Choose the folder that contains the channel folders.` });
        return;
      }
      await get().chooseChannel(channel);
    } catch (error) {
      set({ status: 'error', error: describeError(error) });
    }
  },

  async chooseArchiveFolder() {
    if (desktop === undefined) return;
    try {
      const root = await desktop.chooseArchive();
      if (root === null) return;
      set({ window: undefined, channel: undefined, quality: undefined });
      await get().open();
    } catch (error) {
      set({ status: 'error', error: describeError(error) });
    }
  },

  async openRecent(root) {
    try {
      await client.openArchive({ path: root });
      set({ window: undefined, channel: undefined, quality: undefined });
      await get().open();
    } catch (error) {
      set({ status: 'error', error: describeError(error) });
    }
  },

  async openAddress(address, add) {
    await client.openArchive({ path: address, add });
    // One more source keeps the channel, quality and window: the same footage, with fewer holes.
    if (!add) set({ window: undefined, channel: undefined, quality: undefined });
    await get().open();
  },

  async chooseChannel(channel) {
    set({ status: 'loading', channel, error: undefined });
    try {
      const qualities = (await client.listQualities({ channel })).filter((q) => q !== 'chat');
      const quality = preferredQuality(qualities, get().quality);
      set({ qualities });
      if (quality === undefined) {
        set({ status: 'error', error: `Channel ${channel} has no video qualities.`, quality: undefined, hours: [] });
        return;
      }
      await get().chooseQuality(quality, get().qualityChosen && quality === get().quality);
    } catch (error) {
      set({ status: 'error', error: describeError(error) });
    }
  },

  async chooseQuality(quality, byUser = true) {
    const channel = get().channel;
    if (channel === undefined) return;
    set({ status: 'loading', quality, qualityChosen: byUser, error: undefined });
    try {
      const coverage = await client.coverage({ channel, quality });
      set({ status: 'ready', hours: hourViews(coverage), untrusted: untrustedSpans(coverage) });
    } catch (error) {
      set({ status: 'error', error: describeError(error) });
    }
  },

  setWindow(window) {
    if (window.endUs <= window.startUs) return 'The window must end after it starts.';
    if (window.endUs - window.startUs > MAX_WINDOW_US) return 'A window can be at most 12 hours long; shorten it.';
    if (window.endUs - window.startUs < US_PER_SECOND) return 'A window must be at least one second long.';
    set({ window });
    return undefined;
  },

  clearError: () => set({ error: undefined }),
}));

/** Start of the first hour with footage: a sensible origin for bus time until the user sets one. */
export function firstFootageUs(): number | undefined {
  return useArchive.getState().hours.find((hour) => hour.state !== 'missing')?.hourStartUs;
}
