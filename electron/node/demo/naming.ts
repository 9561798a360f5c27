/**
 * Segment file names as the recorders write them: `MM:SS.ffffff-DURATION-TYPE-HASH.ts`
 * in hour directory `YYYY-MM-DDTHH`, the hash being the unpadded url-safe base64 sha256
 * of the bytes (a uuid for temp files, derived from a seed so the demo is reproducible).
 */
import { createHash } from 'node:crypto';
import { US_PER_MINUTE, US_PER_SECOND, formatHour, hourStartOf } from '../../../shared/time';
import type { CopySpec } from './cases';

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** A version-4-shaped uuid that is the same for the same seed. */
export function seededUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `MM:SS.ffffff` of an instant within its hour. */
export function startText(startUs: number): string {
  const withinUs = startUs - hourStartOf(startUs);
  const minute = Math.floor(withinUs / US_PER_MINUTE);
  const second = Math.floor((withinUs % US_PER_MINUTE) / US_PER_SECOND);
  const fraction = withinUs % US_PER_SECOND;
  return `${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.${String(fraction).padStart(6, '0')}`;
}

/** `MM:SS.ffffff-DURATION-TYPE`: a segment name without its hash. */
function segmentStem(startUs: number, durationText: string, type: string): string {
  return `${startText(startUs)}-${durationText}-${type}`;
}

/** `MM:SS.ffffff-DURATION-TYPE-HASH.ts`: the name of a segment starting at `startUs`, in its hour directory. */
export function segmentName(startUs: number, durationText: string, type: string, hash: string): string {
  return `${segmentStem(startUs, durationText, type)}-${hash}.ts`;
}

export interface SegmentFileName {
  hour: string;
  name: string;
}

/** Where a copy with these bytes starting at `startUs` lives in its quality directory. */
export function segmentFileName(startUs: number, copy: Pick<CopySpec, 'type' | 'durationText' | 'hidden'>, bytes: Uint8Array, seed: string): SegmentFileName {
  const stem = segmentStem(startUs, copy.durationText, copy.type);
  const hash = copy.type === 'temp' ? seededUuid(`${seed}/${stem}`) : contentHash(bytes);
  return { hour: formatHour(startUs), name: `${copy.hidden ? '.' : ''}${segmentName(startUs, copy.durationText, copy.type, hash)}` };
}
