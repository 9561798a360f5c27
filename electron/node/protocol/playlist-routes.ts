/**
 * `/playlist/<channel>/<quality>.m3u8` and `/playlist/<channel>.m3u8`. Segment and
 * variant URIs are relative to the playlist's own URL, so the same text works under
 * `archive://local/` and `http://127.0.0.1:<port>/` (and behind a path prefix).
 */
import { mediaPlaylistBody, mediaPlaylistHead, masterPlaylistText, type Variant } from '../../../shared/playlist';
import type { SegmentInfo } from '../../../shared/segment';
import type { Selection } from '../../../shared/select';
import { checkOrder, hasFootageNear, instantParam, playlistWindow, type PlaybackWindow } from './playback-window';
import type { RouteContext } from './routes';
import { CHECK_QUERY } from './segment-route';

const PLAYLIST_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

const playlistHeaders = { 'Content-Type': PLAYLIST_CONTENT_TYPE, 'Cache-Control': 'no-store' };

/**
 * From `/playlist/<channel>/<quality>.m3u8` back to the archive root, then down to the
 * segment, asking the route to check the bytes before sending them (a player cannot
 * tell a garbage or cut-short segment from a slow one, see segment-route.ts).
 */
export function segmentUri(channel: string, quality: string, segment: SegmentInfo): string {
  const path = ['..', '..', 'segments', channel, quality, segment.hour, segment.name]
    .map((part, index) => (index < 2 ? part : encodeURIComponent(part)))
    .join('/');
  return `${path}?${CHECK_QUERY}`;
}

export async function mediaPlaylist(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  await context.paths.resolve([channel, quality]);
  const window = await playlistWindow(context.url.searchParams, context.archive, channel, quality);
  const key = [channel, quality, window.startUs, window.endUs].join('\n');
  const body = context.playlists.stream(key, () => mediaChunks(context, channel, quality, window));
  return new Response(body, { status: 200, headers: playlistHeaders });
}

/** The head goes out at once; the body follows as the selection is made and rendered. */
async function* mediaChunks(context: RouteContext, channel: string, quality: string, window: PlaybackWindow): AsyncGenerator<string> {
  yield mediaPlaylistHead();
  let selection: Selection = [null];
  try {
    if (window.startUs < window.endUs) selection = await context.archive.select(channel, quality, window.startUs, window.endUs);
  } catch (error) {
    // The status line is already sent: the reply can only be cut short, so say why in the log.
    context.log(`Playlist ${channel}/${quality} cut short: ${(error as Error).message}`);
    throw error;
  }
  yield* mediaPlaylistBody(await withoutDamaged(context, channel, quality, selection), (segment) => segmentUri(channel, quality, segment));
}

/** Stats at once for the playlist's damage check (each is one small metadata read). */
const STATS_AT_ONCE = 16;

/**
 * The selection with damaged segments turned into holes, so the player plays on from the
 * next good footage (a discontinuity) instead of stalling on them: those some read found
 * damaged before (a verify, an export's check, a frame) and those one stat shows to be
 * empty or not a regular file. Garbage inside a regular file is caught only by a read.
 */
async function withoutDamaged(context: RouteContext, channel: string, quality: string, selection: Selection): Promise<Selection> {
  const archive = context.archive;
  const indices: number[] = [];
  const unknown = [];
  const result = [...selection];
  for (const [index, segment] of selection.entries()) {
    if (segment === null) continue;
    const file = archive.segmentFile(channel, quality, segment);
    if (archive.damage.get(file.path)) result[index] = null;
    else {
      indices.push(index);
      unknown.push(file);
    }
  }
  const findings = await archive.inspectMany(unknown, { depth: 'stat', atOnce: STATS_AT_ONCE });
  findings.forEach((finding, position) => {
    if (finding) result[indices[position]!] = null;
  });
  return result;
}

export async function masterPlaylist(context: RouteContext): Promise<Response> {
  const { channel } = context.params as { channel: string };
  await context.paths.resolve([channel]);
  const params = context.url.searchParams;
  const window = { startUs: instantParam(params, 'start'), endUs: instantParam(params, 'end') };
  if (window.startUs !== undefined && window.endUs !== undefined) checkOrder(window.startUs, window.endUs);
  const query = variantQuery(params);
  const variants: Variant[] = [];
  for (const quality of await context.archive.qualities(channel)) {
    if (!(await hasFootageNear(context.archive, channel, quality, window))) continue;
    variants.push({ name: quality, uri: `${encodeURIComponent(channel)}/${encodeURIComponent(quality)}.m3u8${query}` });
  }
  return new Response(masterPlaylistText(variants), { status: 200, headers: playlistHeaders });
}

/** The window parameters, passed on to every variant unchanged. */
function variantQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of ['start', 'end']) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}
