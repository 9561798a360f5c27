/** `/segments/<channel>/<quality>/<hour>/<file>`: one archive file, streamed with Range support. */
import { stat } from 'node:fs/promises';
import { fileResponse } from './file-response';
import { HttpError } from './http-error';
import type { RouteContext } from './routes';

const CONTENT_TYPES: Record<string, string> = {
  '.ts': 'video/mp2t',
  '.json': 'application/json; charset=utf-8',
};

/** A segment's bytes never change under its name (the name carries its hash). */
const SEGMENT_CACHE_CONTROL = 'private, max-age=86400';

export async function segmentFile(context: RouteContext): Promise<Response> {
  const { channel, quality, hour, file } = context.params as { channel: string; quality: string; hour: string; file: string };
  const label = [channel, quality, hour, file].join('/');
  const filePath = await context.paths.resolve([channel, quality, hour, file]);
  if (file.endsWith('.ts') && (await isTombstoned(`${filePath!.slice(0, -3)}.tombstone`))) {
    throw new HttpError(404, `Not found: ${label} was deleted (tombstoned)`);
  }
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
