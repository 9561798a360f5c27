/** User preferences, remembered across sessions in local storage. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { ClockSettings, TimeFormat } from '../../shared/timeformat';

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4, 8] as const;

interface SettingsState {
  clock: ClockSettings;
  volume: number;
  muted: boolean;
  /** Recently opened archive roots, newest first. */
  recentArchives: string[];
  setTimeFormat(format: TimeFormat): void;
  setTimeZone(timeZone: string): void;
  setBusStart(busStartUs: number): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
  rememberArchive(root: string): void;
}

const RECENT_LIMIT = 8;

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      clock: { format: 'utc', timeZone: systemTimeZone(), busStartUs: 0 },
      volume: 1,
      muted: false,
      recentArchives: [],
      setTimeFormat: (format) => set((s) => ({ clock: { ...s.clock, format } })),
      setTimeZone: (timeZone) => set((s) => ({ clock: { ...s.clock, timeZone } })),
      setBusStart: (busStartUs) => set((s) => ({ clock: { ...s.clock, busStartUs } })),
      setVolume: (volume) => set({ volume: Math.min(1, Math.max(0, volume)) }),
      setMuted: (muted) => set({ muted }),
      rememberArchive: (root) =>
        set((s) => ({ recentArchives: [root, ...s.recentArchives.filter((r) => r !== root)].slice(0, RECENT_LIMIT) })),
    }),
    { name: 'trimdesk.settings', version: 1 },
  ),
);
