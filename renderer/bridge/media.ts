/** URLs of the media routes (see electron/node/protocol): the only way video reaches the renderer. */
import { boxText, type Box } from '../../shared/thumbnail';
import { formatInstant } from '../../shared/time';
import { mediaBase } from './bridge';

function seg(text: string): string {
  return encodeURIComponent(text);
}

export function playlistUrl(channel: string, quality: string, startUs: number, endUs: number): string {
  const query = new URLSearchParams({ start: formatInstant(startUs), end: formatInstant(endUs) });
  return `${mediaBase}/playlist/${seg(channel)}/${seg(quality)}.m3u8?${query}`;
}

export function waveformUrl(channel: string, quality: string, startUs: number, endUs: number, width: number, height: number): string {
  const query = new URLSearchParams({ start: formatInstant(startUs), end: formatInstant(endUs), size: `${width}x${height}` });
  return `${mediaBase}/waveform/${seg(channel)}/${seg(quality)}.png?${query}`;
}

export function frameUrl(channel: string, quality: string, instantUs: number): string {
  return `${mediaBase}/frame/${seg(channel)}/${seg(quality)}.png?${new URLSearchParams({ timestamp: formatInstant(instantUs) })}`;
}

/** The frame at an instant composed into a thumbnail template (shared/thumbnail's boxes). */
export function thumbnailUrl(channel: string, quality: string, instantUs: number, template: string, crop: Box, location: Box): string {
  const query = new URLSearchParams({ timestamp: formatInstant(instantUs), template, crop: boxText(crop), location: boxText(location) });
  return `${mediaBase}/thumbnail/${seg(channel)}/${seg(quality)}.png?${query}`;
}

/** A few seconds of two ranges joined by a transition, as WebM, for the transition preview. */
export function transitionPreviewUrl(
  channel: string,
  quality: string,
  first: { startUs: number; endUs: number },
  second: { startUs: number; endUs: number },
  transition: { name: string; durationUs: number },
): string {
  const query = new URLSearchParams({ type: 'webm', allow_holes: 'true' });
  query.append('range', `${formatInstant(first.startUs)},${formatInstant(first.endUs)}`);
  query.append('range', `${formatInstant(second.startUs)},${formatInstant(second.endUs)}`);
  query.append('transition', `${transition.name},${transition.durationUs / 1_000_000}`);
  return `${mediaBase}/cut/${seg(channel)}/${seg(quality)}.ts?${query}`;
}
