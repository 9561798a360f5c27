/**
 * What the player shows: its state, the wall-clock instant of the current frame, and the
 * playlist's time map. Written only by renderer/player (the one module that drives
 * hls.js); components read it.
 */
import { create } from 'zustand';
import type { MappedFragment } from '../../shared/timemap';

export type PlayerStatus = 'empty' | 'loading' | 'ready' | 'error';

export interface PlayerState {
  status: PlayerStatus;
  /** What went wrong and what to do. */
  error: string | undefined;
  /** The error is that the window has no footage: moving the window helps, reloading does not. */
  noFootage: boolean;
  playing: boolean;
  /** Wall-clock instant of the frame on screen (during a seek too: the frame still shown). */
  instantUs: number | undefined;
  /** True while a seek (or the playlist it waits for) is on its way: the frame on screen is about to change. */
  seeking: boolean;
  mediaSeconds: number;
  speed: number;
  /** Measured from consecutive frames; 1/30 until known. */
  frameSeconds: number;
  fragments: readonly MappedFragment[];
  /** True while the playlist is open (trailing hole: the archive may still grow). */
  live: boolean;
  /** Bumps on every loaded frame, so a test or overlay can tell the picture changed. */
  frameCount: number;
}

export const usePlayer = create<PlayerState>()(() => ({
  status: 'empty',
  error: undefined,
  noFootage: false,
  playing: false,
  instantUs: undefined,
  seeking: false,
  mediaSeconds: 0,
  speed: 1,
  frameSeconds: 1 / 30,
  fragments: [],
  live: false,
  frameCount: 0,
}));
