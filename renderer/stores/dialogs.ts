/** Which dialog is open. One at a time; Escape closes it. */
import { create } from 'zustand';

export type DialogName = 'help' | 'export' | 'goto' | 'settings' | 'thumbnail' | 'openAddress' | 'addSource';

interface DialogState {
  open: DialogName | undefined;
  show(name: DialogName): void;
  close(): void;
}

export const useDialogs = create<DialogState>()((set) => ({
  open: undefined,
  show: (name) => set({ open: name }),
  close: () => set({ open: undefined }),
}));
