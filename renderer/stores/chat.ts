/**
 * The chat beside the video: the lines loaded around the playhead (renderer/chat/chat-sync.ts
 * keeps them loaded), the window's activity and bursts, the search, and whether the
 * panel is shown. Components read it; only the sync and the actions below write it.
 */
import { create } from 'zustand';
import type { ChatBurst } from '../../shared/chat/activity';
import type { ChatLine } from '../../shared/chat/display';

export interface ChatSearch {
  query: string;
  status: 'searching' | 'done' | 'error';
  hits: ChatLine[];
  truncated: boolean;
  error: string | undefined;
}

export interface ChatActivityView {
  startUs: number;
  binUs: number;
  counts: number[];
  /** The largest count: the lane's full height. */
  peak: number;
}

interface ChatState {
  /** Lines of the loaded chunks around the playhead, in time order. */
  lines: ChatLine[];
  /** False while the chunk holding the playhead is still loading. */
  ready: boolean;
  /** Batches that could not be read fully, as the API words them. */
  problems: string[];
  /** Why chat could not be loaded at all. */
  error: string | undefined;
  activity: ChatActivityView | undefined;
  bursts: ChatBurst[];
  search: ChatSearch | undefined;
  /** The user's choice (the C key); the panel also hides while the window is narrow unless asked for there. */
  open: boolean;
  openWhileNarrow: boolean;
  toggle(narrow: boolean): void;
  closeSearch(): void;
}

export const useChat = create<ChatState>()((set, get) => ({
  lines: [],
  ready: false,
  problems: [],
  error: undefined,
  activity: undefined,
  bursts: [],
  search: undefined,
  open: true,
  openWhileNarrow: false,
  toggle(narrow) {
    const shown = get().open && (!narrow || get().openWhileNarrow);
    set(shown ? { open: false, openWhileNarrow: false } : { open: true, openWhileNarrow: narrow });
  },
  closeSearch: () => set({ search: undefined }),
}));

/** Below this window width (CSS px) the panel hides unless asked for: the video needs the room. */
export const NARROW_WINDOW_PX = 1000;

export function isNarrowWindow(): boolean {
  return globalThis.innerWidth !== undefined && globalThis.innerWidth < NARROW_WINDOW_PX;
}
