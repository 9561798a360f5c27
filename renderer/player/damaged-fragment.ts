/**
 * A segment the archive refused as damaged while hls.js was loading it: playlists ask
 * for each segment's bytes to be checked (`?check=bytes`, docs/ROUTES.md), and a garbage
 * or cut-short file is answered 422 instead of being sent for hls.js to stall on.
 */
import { ErrorDetails, type ErrorData } from 'hls.js';

/** The status of a damaged segment's refusal (the damaged-segment kind of shared/errors.ts). */
const DAMAGED_STATUS = 422;

/** The file name of the segment the archive refused as damaged; undefined for any other error. */
export function refusedDamagedSegment(data: ErrorData): string | undefined {
  if (data.details !== ErrorDetails.FRAG_LOAD_ERROR || data.response?.code !== DAMAGED_STATUS || data.frag === undefined) return undefined;
  const { pathname } = new URL(data.frag.url);
  return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
}
