/**
 * Text from elsewhere (an error, a plan note, a notice) with its ISO instants in the
 * clock the user chose in Settings, following a change of that choice.
 */
import { withClockTimes } from '../../shared/timeformat';
import { useSettings } from '../stores/settings';

export function useClockText(text: string): string {
  const clock = useSettings((s) => s.clock);
  return withClockTimes(text, clock);
}

export function ClockText({ text }: { text: string }) {
  return <>{useClockText(text)}</>;
}
