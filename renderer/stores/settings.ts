/**
 * User preferences. This store is their one owner while the editor runs; each is saved in
 * one place: volume and mute in this browser's local storage; the clock there too in
 * browser mode (it is the user's choice, not the server's: a restarted `trimdesk serve`
 * knows nothing of it), and in the desktop app in its settings.json, which
 * settings-sync.ts reads at start and writes on change.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { isTimeZone, type ClockSettings, type TimeFormat } from '../../shared/timeformat';
import { desktop } from '../bridge/bridge';
import { useNotice } from './notice';

/** The bus-time origin before the user sets one. */
export const UNSET_BUS_START_US = 0;

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4, 8] as const;

interface SettingsState {
  clock: ClockSettings;
  volume: number;
  muted: boolean;
  /**
   * Bus time needs an event start; until the user sets one it counts from `fallbackBusStartUs`
   * (the archive's first footage), not from 1970.
   */
  setTimeFormat(format: TimeFormat, fallbackBusStartUs?: number): void;
  setTimeZone(timeZone: string): void;
  setBusStart(busStartUs: number): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The stored settings over the defaults, with a zone every clock can format with: an
 * unknown one (edited storage, a zone this browser's data lacks) makes Intl throw and
 * would leave a blank window, so it falls back to UTC and the user is told.
 */
function withUsableZone(stored: unknown, current: SettingsState): SettingsState {
  const merged: SettingsState = { ...current, ...(stored as Partial<SettingsState>) };
  const timeZone: unknown = merged.clock?.timeZone;
  if (typeof timeZone === 'string' && isTimeZone(timeZone)) return merged;
  useNotice
    .getState()
    .show(`The saved time zone ${JSON.stringify(timeZone)} is not one this system knows: times are shown in UTC. Choose a zone in Settings.`, 'error');
  return { ...merged, clock: { ...current.clock, ...merged.clock, timeZone: 'UTC' } };
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      clock: { format: 'utc', timeZone: systemTimeZone(), busStartUs: UNSET_BUS_START_US },
      volume: 1,
      muted: false,
      setTimeFormat: (format, fallbackBusStartUs) =>
        set((s) => {
          const needsStart = format === 'bus' && s.clock.busStartUs === UNSET_BUS_START_US && fallbackBusStartUs !== undefined;
          return { clock: { ...s.clock, format, busStartUs: needsStart ? fallbackBusStartUs : s.clock.busStartUs } };
        }),
      setTimeZone: (timeZone) => set((s) => ({ clock: { ...s.clock, timeZone } })),
      setBusStart: (busStartUs) => set((s) => ({ clock: { ...s.clock, busStartUs } })),
      setVolume: (volume) => set({ volume: Math.min(1, Math.max(0, volume)) }),
      setMuted: (muted) => set({ muted }),
    }),
    {
      name: 'trimdesk.settings',
      version: 1,
      partialize: ({ clock, volume, muted }) => (desktop ? { volume, muted } : { clock, volume, muted }),
      merge: withUsableZone,
    },
  ),
);
