/** Where to send a window that has no footage: the hour with footage closest to it. */
import type { HourView, TimeWindow } from './archive';
import { US_PER_HOUR } from '../../shared/time';

/** How far an hour lies from a window, 0 when they overlap. */
function distanceUs(hour: HourView, window: TimeWindow): number {
  const hourEndUs = hour.hourStartUs + US_PER_HOUR;
  return Math.max(0, hour.hourStartUs - window.endUs, window.startUs - hourEndUs);
}

/** The closest hour with any footage (the earlier one on a tie), or undefined when none has any. */
export function nearestFootageHour(hours: readonly HourView[], window: TimeWindow): HourView | undefined {
  let nearest: HourView | undefined;
  for (const hour of hours) {
    if (hour.state === 'missing') continue;
    if (nearest === undefined || distanceUs(hour, window) < distanceUs(nearest, window)) nearest = hour;
  }
  return nearest;
}
