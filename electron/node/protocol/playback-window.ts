/**
 * The time window of a playlist, waveform or frame request, from its query string.
 * Missing playlist ends default to the first / last hour with footage; an implied
 * end is padded by an hour so a live archive's playlist stays open while it grows.
 */
import { TimeParseError, US_PER_HOUR, formatInstant, parseHour, parseInstant } from '../../../shared/time';
import type { Archive } from '../archive/archive';
import { HttpError } from './http-error';

/** Longest window a playlist may cover unless both ends are given explicitly. */
const MAX_IMPLICIT_WINDOW_US = 12 * US_PER_HOUR;

export interface PlaybackWindow {
  startUs: number;
  endUs: number;
}

/** An optional instant parameter; a malformed one is a 400 naming the parameter. */
export function instantParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  try {
    return parseInstant(text);
  } catch (error) {
    if (error instanceof TimeParseError) throw new HttpError(400, `Bad ${name}: ${error.message}`);
    throw error;
  }
}

/** A required instant parameter. */
export function requiredInstantParam(params: URLSearchParams, name: string): number {
  const instantUs = instantParam(params, name);
  if (instantUs === undefined) throw new HttpError(400, `Missing ${name}: give an ISO 8601 UTC time like 2026-11-14T03:00:00Z`);
  return instantUs;
}

/** Both ends required, end after start, at most `maxUs` long. */
export function boundedWindow(params: URLSearchParams, maxUs: number, maxText: string): PlaybackWindow {
  const startUs = requiredInstantParam(params, 'start');
  const endUs = requiredInstantParam(params, 'end');
  checkOrder(startUs, endUs);
  if (endUs - startUs > maxUs) throw new HttpError(400, `Range too long: at most ${maxText}`);
  return { startUs, endUs };
}

/** A 400 unless end is after start. */
export function checkOrder(startUs: number, endUs: number): void {
  if (endUs <= startUs) {
    throw new HttpError(400, `Bad range: end (${formatInstant(endUs)}) must be after start (${formatInstant(startUs)})`);
  }
}

/**
 * The window of a media playlist. An implied start after the last footage gives an
 * empty window (endUs <= startUs), which the caller renders as an empty, open playlist.
 */
export async function playlistWindow(params: URLSearchParams, archive: Archive, channel: string, quality: string): Promise<PlaybackWindow> {
  const explicitStartUs = instantParam(params, 'start');
  const explicitEndUs = instantParam(params, 'end');
  if (explicitStartUs !== undefined && explicitEndUs !== undefined) {
    checkOrder(explicitStartUs, explicitEndUs);
    return { startUs: explicitStartUs, endUs: explicitEndUs };
  }
  const span = await footageHours(archive, channel, quality);
  if (!span) throw new HttpError(404, `No footage on ${channel}/${quality}`);
  const startUs = explicitStartUs ?? span.firstHourUs;
  const endUs = explicitEndUs ?? span.lastHourUs + 2 * US_PER_HOUR;
  if (endUs - startUs > MAX_IMPLICIT_WINDOW_US) {
    throw new HttpError(400, 'Implicit range may not be longer than 12 hours: give both start and end');
  }
  return { startUs, endUs };
}

/** Start instants of the first and last hour directories that hold any segment. */
async function footageHours(archive: Archive, channel: string, quality: string): Promise<{ firstHourUs: number; lastHourUs: number } | undefined> {
  const hours = await archive.hourNames(channel, quality);
  const firstWithFootage = async (candidates: string[]) => {
    for (const hour of candidates) {
      if ((await archive.segmentNames(channel, quality, hour)).length > 0) return hour;
    }
    return undefined;
  };
  const first = await firstWithFootage(hours);
  if (first === undefined) return undefined;
  const last = (await firstWithFootage([...hours].reverse())) ?? first;
  return { firstHourUs: parseHour(first)!, lastHourUs: parseHour(last)! };
}

/** True when some hour overlapping [startUs - 1 h, endUs] holds a segment (hour resolution). */
export async function hasFootageNear(archive: Archive, channel: string, quality: string, window: Partial<PlaybackWindow>): Promise<boolean> {
  for (const hour of await archive.hourNames(channel, quality)) {
    const hourUs = parseHour(hour)!;
    if (window.startUs !== undefined && hourUs + US_PER_HOUR < window.startUs - US_PER_HOUR) continue;
    if (window.endUs !== undefined && hourUs > window.endUs) continue;
    if ((await archive.segmentNames(channel, quality, hour)).length > 0) return true;
  }
  return false;
}
