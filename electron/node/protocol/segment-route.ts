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
 * Reads the components of `/segments/<channel>/<quality>/<hour>/<file>` paths (percent-
 * encoded, as matchPattern takes them), decoded and checked as matchPattern(SEGMENT_PATTERN)
 * gives them, in one split. A player asks for one hour folder's files in a row, so the
 * folder part last read is kept with its decoded components (the same strings each time).
 */
export class SegmentPaths {
  private lastFolder: { raw: string; channel: string; quality: string; hour: string } | undefined;

  /** The request's components; undefined for another shape. Throws HttpError as matchPattern does. */
  whereOf(pathname: string): SegmentWhere | undefined {
    const fileAt = pathname.lastIndexOf('/');
    const rawFolder = pathname.slice(0, fileAt);
    const rawFile = pathname.slice(fileAt + 1);
    if (rawFile === '') return undefined;
    let folder = this.lastFolder;
    if (folder === undefined || folder.raw !== rawFolder) {
      const raw = rawFolder.split('/');
      if (raw.length !== 5 || raw[0] !== '' || raw[1] !== 'segments' || raw[2] === '' || raw[3] === '' || raw[4] === '') return undefined;
      folder = {
        raw: rawFolder,
        channel: decodeComponent(raw[2]!, 'channel'),
        quality: decodeComponent(raw[3]!, 'quality'),
        hour: decodeComponent(raw[4]!, 'hour'),
      };
      this.lastFolder = folder;
    }
    return { channel: folder.channel, quality: folder.quality, hour: folder.hour, file: decodeComponent(rawFile, 'file') };
  }
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
