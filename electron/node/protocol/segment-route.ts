/** `/segments/<channel>/<quality>/<hour>/<file>`: one archive file, streamed with Range support (segment-files.ts opens it). */
import { fileReplyResponse } from './file-response';
import { decodeComponent } from './path-guard';
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

/** asksForCheck for a query as it came (without its `?`), when no URL was made. */
export function queryAsksForCheck(query: string): boolean {
  return new URLSearchParams(query).get(CHECK_PARAM) === CHECK_BYTES;
}

/**
 * The components of a `/segments/<channel>/<quality>/<hour>/<file>` path (percent-encoded,
 * as matchPattern takes it), decoded and checked as matchPattern(SEGMENT_PATTERN) gives
 * them, in one split; undefined for another shape. Throws HttpError as matchPattern does.
 */
export function segmentWhereOf(pathname: string): SegmentWhere | undefined {
  const raw = pathname.split('/');
  if (raw.length !== 6 || raw[0] !== '' || raw[1] !== 'segments' || raw[2] === '' || raw[3] === '' || raw[4] === '' || raw[5] === '') return undefined;
  return {
    channel: decodeComponent(raw[2]!, 'channel'),
    quality: decodeComponent(raw[3]!, 'quality'),
    hour: decodeComponent(raw[4]!, 'hour'),
    file: decodeComponent(raw[5]!, 'file'),
  };
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
