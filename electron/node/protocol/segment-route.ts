/** `/segments/<channel>/<quality>/<hour>/<file>`: one archive file, streamed with Range support. */
import { stat } from 'node:fs/promises';
import { damagedSegmentError } from '../../../shared/segment-damage';
import { SegmentNameError, parseSegmentName, type SegmentInfo } from '../../../shared/segment';
import { parseHour } from '../../../shared/time';
import { fileResponse } from './file-response';
import { HttpError } from './http-error';
import type { RouteContext } from './routes';

const CONTENT_TYPES: Record<string, string> = {
  '.ts': 'video/mp2t',
  '.json': 'application/json; charset=utf-8',
};

/** A segment's bytes never change under its name (the name carries its hash). */
const SEGMENT_CACHE_CONTROL = 'private, max-age=86400';

/**
 * `?check=bytes`, which our media playlists put on every segment URI: the client plays
 * what it gets, so the bytes are looked at (both ends: sync bytes, PTS span against the
 * name's duration) before they go out, and a damaged segment is refused instead of sent.
 */
const CHECK_PARAM = 'check';
const CHECK_BYTES = 'bytes';
export const CHECK_QUERY = `${CHECK_PARAM}=${CHECK_BYTES}`;

export async function segmentFile(context: RouteContext): Promise<Response> {
  const { channel, quality, hour, file } = context.params as { channel: string; quality: string; hour: string; file: string };
  const label = [channel, quality, hour, file].join('/');
  const filePath = await context.paths.resolve([channel, quality, hour, file]);
  if (file.endsWith('.ts') && (await isTombstoned(`${filePath!.slice(0, -3)}.tombstone`))) {
    throw new HttpError(404, `Not found: ${label} was deleted (tombstoned)`);
  }
  await refuseDamaged(context, { channel, quality, hour, file });
  const extension = /\.[^.]+$/.exec(file)?.[0] ?? '';
  return fileResponse(context.request, filePath!, {
    contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
    headers: { 'Cache-Control': SEGMENT_CACHE_CONTROL },
    log: context.log,
    label,
  });
}

async function isTombstoned(tombstonePath: string): Promise<boolean> {
  return stat(tombstonePath).then(
    () => true,
    () => false,
  );
}

/**
 * A file named like a segment is looked at (one stat) before it is sent: a FIFO would
 * block the open, so anything not a regular file is refused (422) with what it is, and
 * remembered, so the next playlist leaves it out like a hole. A regular file goes out as
 * it is, as the reference's static route sends it (a backfiller copying from us wants
 * the bytes, even a zero-byte file, and checks them against the hash in the name),
 * unless the URI asks for the bytes to be checked (CHECK_QUERY): a player fed a garbage
 * or cut-short segment stalls on it, so it is refused (422) and remembered the same way,
 * the first time playback reaches it.
 */
async function refuseDamaged(context: RouteContext, where: { channel: string; quality: string; hour: string; file: string }): Promise<void> {
  const hourStartUs = parseHour(where.hour);
  if (!where.file.endsWith('.ts') || hourStartUs === undefined) return;
  let segment: SegmentInfo;
  try {
    segment = parseSegmentName(where.file, where.hour, hourStartUs);
  } catch (error) {
    if (error instanceof SegmentNameError) return;
    throw error;
  }
  const checkBytes = context.url.searchParams.get(CHECK_PARAM) === CHECK_BYTES;
  // A missing file is fileResponse's 404 to give.
  const file = context.archive.segmentFile(where.channel, where.quality, segment);
  const finding = await context.archive.inspect(file, { depth: checkBytes ? 'quick' : 'stat' }).catch(() => null);
  if (finding && (checkBytes || finding.damage === 'not-a-file'))
    throw damagedSegmentError(where.channel, where.quality, segment, finding, 'Playback skips it once the playlist is reloaded.');
}
