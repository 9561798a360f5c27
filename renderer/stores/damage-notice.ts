/**
 * Tells the user which segments of the window playback skips because they are damaged
 * (the playlist leaves them out like holes, so the timeline shows a hole there): asked
 * of the main process whenever the window, channel or quality changes.
 */
import { parseInstant } from '../../shared/time';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { client } from '../bridge/bridge';
import { useArchive } from './archive';
import { useNotice } from './notice';
import { useSettings } from './settings';

type Damaged = Awaited<ReturnType<typeof client.damagedSegments>>;

/** The notice for a window's damaged segments; undefined when there are none. */
export function damageNoticeText(damaged: Damaged, format: (instantUs: number) => string): string | undefined {
  if (damaged.length === 0) return undefined;
  const first = damaged.slice(0, 3).map((entry) => `${entry.segment.split('/').pop()} at ${format(parseInstant(entry.start))} (${entry.damage}: ${entry.why})`);
  const more = damaged.length > 3 ? `, and ${damaged.length - 3} more` : '';
  return `Skipping ${damaged.length === 1 ? 'a damaged segment' : `${damaged.length} damaged segments`}: ${first.join('; ')}${more}. Playback goes on with the next good footage.`;
}

let asked = 0;

async function check(): Promise<void> {
  const { window, channel, quality } = useArchive.getState();
  if (window === undefined || channel === undefined || quality === undefined) return;
  const serial = ++asked;
  try {
    const damaged = await client.damagedSegments({ channel, quality, start: window.startUs, end: window.endUs });
    if (serial !== asked) return;
    const clock = useSettings.getState().clock;
    const text = damageNoticeText(damaged, (instantUs) => `${formatClock(instantUs, clock, 3)} ${clockSuffix(clock)}`);
    if (text) useNotice.getState().show(text, 'error');
  } catch {
    // Only a hint: playback skips the segments either way.
  }
}

/** Starts watching the archive store; returns the unsubscribe. */
export function installDamageNotice(): () => void {
  return useArchive.subscribe((state, previous) => {
    if (state.window === previous.window && state.channel === previous.channel && state.quality === previous.quality) return;
    void check();
  });
}
