/** `/segments/<channel>/<quality>/<hour>/<file>`: one archive file, streamed with Range support (segment-files.ts opens it). */
import { fileReplyResponse } from './file-response';
import type { SegmentWhere } from './segment-files';
import type { RouteContext } from './routes';

/**
 * `?check=bytes`, which our media playlists put on every segment URI: the client plays
 * what it gets, so the bytes are looked at (both ends: sync bytes, PTS span against the
 * name's duration) before they go out, and a damaged segment is refused instead of sent.
 */
const CHECK_PARAM = 'check';
const CHECK_BYTES = 'bytes';
export const CHECK_QUERY = `${CHECK_PARAM}=${CHECK_BYTES}`;

/** Whether a segment URL asks for its bytes to be checked before they are sent. */
export function asksForCheck(url: URL): boolean {
  return url.searchParams.get(CHECK_PARAM) === CHECK_BYTES;
}

export async function segmentFile(context: RouteContext): Promise<Response> {
  const where = context.params as unknown as SegmentWhere;
  const reply = await context.segments.open(where, {
    rangeHeader: context.request.headers.get('range'),
    method: context.request.method,
    checkBytes: asksForCheck(context.url),
  });
  return fileReplyResponse(reply, context.log);
}
