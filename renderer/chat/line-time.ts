/** A chat line's time in the chosen clock, short: the time of day (UTC or local), or bus time as it is. */
import { formatClock, type ClockSettings } from '../../shared/timeformat';

export function lineTime(instantUs: number, clock: ClockSettings): string {
  const text = formatClock(instantUs, clock, 0);
  // Calendar clocks read `YYYY-MM-DD HH:MM:SS`: the date is the window's, the time is what tells lines apart.
  return clock.format === 'bus' ? text : text.slice(11);
}
