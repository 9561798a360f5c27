/** One short message at a time (one line in the timeline's tool row, see components/Notice.tsx): what just happened or why not. */
import { create } from 'zustand';

interface NoticeState {
  text: string | undefined;
  tone: 'info' | 'error';
  serial: number;
  show(text: string, tone?: 'info' | 'error'): void;
  dismiss(): void;
}

export const useNotice = create<NoticeState>()((set) => ({
  text: undefined,
  tone: 'info',
  serial: 0,
  show: (text, tone = 'info') => set((s) => ({ text, tone, serial: s.serial + 1 })),
  dismiss: () => set({ text: undefined }),
}));
