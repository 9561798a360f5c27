/**
 * The timeline's geometry: which stretch of wall-clock time is visible, where an instant
 * falls in pixels, and where ticks go. Pure, so zoom and tick rules are tested without a canvas.
 */
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../shared/time';

export interface TimelineView {
  startUs: number;
  endUs: number;
  widthPx: number;
}

/** Closest zoom: a few seconds across the whole timeline. */
export const MIN_VIEW_US = 2 * US_PER_SECOND;

export function xOf(view: TimelineView, instantUs: number): number {
  return ((instantUs - view.startUs) / (view.endUs - view.startUs)) * view.widthPx;
}

export function instantAt(view: TimelineView, xPx: number): number {
  return Math.round(view.startUs + (xPx / view.widthPx) * (view.endUs - view.startUs));
}

/** Keeps a view inside the window and no narrower than MIN_VIEW_US. */
export function clampView(startUs: number, endUs: number, window: { startUs: number; endUs: number }): { startUs: number; endUs: number } {
  const windowUs = window.endUs - window.startUs;
  const spanUs = Math.min(windowUs, Math.max(MIN_VIEW_US, endUs - startUs));
  const start = Math.min(Math.max(startUs, window.startUs), window.endUs - spanUs);
  return { startUs: start, endUs: start + spanUs };
}

/** Zooms by `factor` (< 1 zooms in) keeping the instant under `anchorUs` in place. */
export function zoomView(view: { startUs: number; endUs: number }, factor: number, anchorUs: number, window: { startUs: number; endUs: number }) {
  const startUs = anchorUs - (anchorUs - view.startUs) * factor;
  const endUs = anchorUs + (view.endUs - anchorUs) * factor;
  return clampView(Math.round(startUs), Math.round(endUs), window);
}

const TICK_STEPS_US = [1, 2, 5, 10, 15, 30]
  .map((s) => s * US_PER_SECOND)
  .concat(
    [1, 2, 5, 10, 15, 30].map((m) => m * US_PER_MINUTE),
    [1, 2, 3, 6, 12].map((h) => h * US_PER_HOUR),
  );

/** The smallest tick step that keeps labels at least `minSpacingPx` apart. */
export function tickStepUs(view: TimelineView, minSpacingPx = 90): number {
  const usPerPx = (view.endUs - view.startUs) / view.widthPx;
  return TICK_STEPS_US.find((step) => step / usPerPx >= minSpacingPx) ?? TICK_STEPS_US[TICK_STEPS_US.length - 1]!;
}

/** Tick instants in view, aligned to multiples of the step counted from `originUs`. */
export function ticks(view: TimelineView, stepUs: number, originUs = 0): number[] {
  const first = originUs + Math.ceil((view.startUs - originUs) / stepUs) * stepUs;
  const result: number[] = [];
  for (let instantUs = first; instantUs <= view.endUs; instantUs += stepUs) result.push(instantUs);
  return result;
}
