/** User preferences, remembered across sessions in local storage. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { ClockSettings, TimeFormat } from '../../shared/timeformat';

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4, 8] as const;

interface SettingsState {
  clock: ClockSettings;
  volume: number;
  muted: boolean;
  setTimeFormat(format: TimeFormat): void;
  setTimeZone(timeZone: string): void;
  setBusStart(busStartUs: number): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
}

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const useSettings = create<SettingsState>()(
  persist(
    (set) => ({
      clock: { format: 'utc', timeZone: systemTimeZone(), busStartUs: 0 },
      volume: 1,
      muted: false,
      setTimeFormat: (format) => set((s) => ({ clock: { ...s.clock, format } })),
      setTimeZone: (timeZone) => set((s) => ({ clock: { ...s.clock, timeZone } })),
      setBusStart: (busStartUs) => set((s) => ({ clock: { ...s.clock, busStartUs } })),
      setVolume: (volume) => set({ volume: Math.min(1, Math.max(0, volume)) }),
      setMuted: (muted) => set({ muted }),
    }),
    { name: 'trimdesk.settings', version: 1 },
  ),
);
