/**
 * The player's controls as every component, shortcut and menu uses them. They act on the
 * controller attached to the mounted <video> (see player-controller.ts) and do nothing
 * while none is; volume and mute are settings, so they work either way.
 */
import { previewRangeStartUs } from '../preview/preview-mode';
import { SPEEDS, useSettings } from '../stores/settings';
import { usePlayer } from '../stores/player';
import { PlayerController } from './player-controller';

/** The controller of the mounted <video>; one window shows one player. */
let attached: PlayerController | undefined;

/**
 * Called by the Player component when its <video> mounts; returns what to call when it
 * unmounts, which removes everything the controller added to the element.
 */
export function attachPlayer(video: HTMLVideoElement, container: HTMLElement): () => void {
  attached?.destroy();
  const controller = new PlayerController();
  controller.attach(video, container);
  attached = controller;
  return () => {
    controller.destroy();
    if (attached === controller) attached = undefined;
  };
}

/** Resolves once the last seek's frame is on screen, so the clock names the frame the user sees. */
export function settled(): Promise<void> {
  return attached?.settled() ?? Promise.resolve();
}

export function play(): void {
  attached?.play();
}

export function pause(): void {
  attached?.pause();
}

export function togglePlay(): void {
  attached?.togglePlay();
}

/** Shows the frame at a wall-clock instant (or the next footage when it is in a hole). */
export function seekInstant(instantUs: number): void {
  attached?.seekInstant(instantUs);
}

/**
 * Shows the first frame of a range: in preview, where the edit shows it in that range (by
 * edit time: its start instant may also be in another range), else its start instant.
 */
export function seekRangeStart(range: { id: string; startUs: number }): void {
  const editUs = previewRangeStartUs(range.id);
  if (editUs === undefined) seekInstant(range.startUs);
  else seekPreviewEdit(editUs);
}

/** Moves by footage seconds from the frame on screen: holes are skipped, not counted. */
export function seekBy(offsetSeconds: number): void {
  attached?.seekBy(offsetSeconds);
}

/** Shows the frame at a time of the loaded playlist (the preview's edit time). */
export function seekMediaSeconds(mediaSeconds: number): void {
  attached?.seekMediaSeconds(mediaSeconds);
}

/** Shows the frame at a time in the preview's edit (aimed again once its part's frames are read). */
export function seekPreviewEdit(editUs: number): void {
  attached?.seekPreviewEdit(editUs);
}

/** Jumps to a fraction (0..1) of the loaded footage. */
export function seekFraction(fraction: number): void {
  attached?.seekFraction(fraction);
}

export function stepFrames(frames: number): void {
  attached?.stepFrames(frames);
}

export function setSpeed(speed: number): void {
  attached?.setSpeed(speed);
}

export function changeSpeed(steps: number): void {
  const current = usePlayer.getState().speed;
  const index = SPEEDS.findIndex((s) => s >= current);
  const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, (index < 0 ? SPEEDS.length - 1 : index) + steps))]!;
  setSpeed(next);
}

export function toggleMute(): void {
  const settings = useSettings.getState();
  settings.setMuted(!settings.muted);
}

export function setVolume(volume: number): void {
  const settings = useSettings.getState();
  settings.setVolume(volume);
  if (volume > 0 && settings.muted) settings.setMuted(false);
}

export function toggleFullscreen(): void {
  attached?.toggleFullscreen();
}

/** Reloads the current window (after an error, or when the drive came back). */
export function reload(): void {
  attached?.reload();
}
