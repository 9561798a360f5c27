/** What went wrong with playback, in words for the player's overlay: what happened and what to do. */
import { ErrorDetails, type ErrorData } from 'hls.js';
import { clockSuffix, formatClock } from '../../shared/timeformat';
import { useArchive } from '../stores/archive';
import { useSettings } from '../stores/settings';

export function noFootageMessage(): string {
  const { channel, quality, window } = useArchive.getState();
  const clock = useSettings.getState().clock;
  const span = window ? ` between ${formatClock(window.startUs, clock, 0)} and ${formatClock(window.endUs, clock, 0)} ${clockSuffix(clock)}` : '';
  return `No footage${span} on ${channel ?? '?'}/${quality ?? '?'}. Pick an hour with footage in the overview, or widen the window.`;
}

/** hls.js reports a window without segments as an empty or unparsable playlist. */
export function isNoFootage(data: ErrorData): boolean {
  return data.details === ErrorDetails.LEVEL_EMPTY_ERROR || data.details === ErrorDetails.MANIFEST_PARSING_ERROR;
}

export function describeHlsError(data: ErrorData): string {
  const { channel, quality } = useArchive.getState();
  const where = `${channel ?? '?'}/${quality ?? '?'}`;
  if (isNoFootage(data)) return noFootageMessage();
  const status = data.response?.code;
  if (data.details === ErrorDetails.MANIFEST_LOAD_ERROR || data.details === ErrorDetails.LEVEL_LOAD_ERROR) {
    const reason = typeof data.response?.text === 'string' && data.response.text.length < 300 ? data.response.text.trim() : '';
    if (status === 0 || status === undefined)
      return `Cannot reach the archive to load ${where}. Is the drive still connected and the app (or \`trimdesk serve\`) running?`;
    return `Could not load the playlist of ${where} (${status}${reason ? `: ${reason}` : ''}). If the archive drive was unplugged, plug it back in, then reload the window.`;
  }
  if (data.details === ErrorDetails.FRAG_LOAD_ERROR) {
    return `A segment of ${where} could not be read (${status ?? 'no answer'}). The drive may have been unplugged; reconnect it and reload the window.`;
  }
  return `Playback failed on ${where} (${data.details}). Reload the window; if it keeps failing, the segments there may be damaged.`;
}
